import type { Metadata } from 'next';
import Link from 'next/link';
import { db } from '../../../lib/db.ts';
import { instructorCatalog } from '../../../lib/instructor/exercises.ts';
import { instructorUser, orRefuse } from '../_lib/guard.ts';
import { listQuestions } from '../../../exercises/questions.ts';
import { questionPoints } from '../../../exercises/question-variant.ts';

export const metadata: Metadata = { title: 'Exercises' };

export default async function ExercisesPage() {
  const user = await instructorUser('/instructor/exercises');
  const rows = await orRefuse(instructorCatalog(db(), user));
  const modules = [...new Set(rows.map((r) => r.module))];
  return (
    <div>
      <h1>Exercises</h1>
      <p>Every exercise with its prompt, solution, all cases (hidden ones with their inputs), misconceptions and versions; try any code against any of them.</p>
      {modules.map((m) => {
        const list = rows.filter((r) => r.module === m);
        return (
          <section key={m} aria-labelledby={`m-${m}`}>
            <h2 id={`m-${m}`}>{list[0].moduleTitle}</h2>
            <table>
              <caption className="visually-hidden">{list[0].moduleTitle}</caption>
              <thead>
                <tr>
                  <th scope="col">Exercise</th>
                  <th scope="col">Function</th>
                  <th scope="col">Points</th>
                  <th scope="col">Misconceptions</th>
                  <th scope="col">Version</th>
                </tr>
              </thead>
              <tbody>
                {list.map((r) => (
                  <tr key={r.id}>
                    <th scope="row">
                      <Link href={`/instructor/exercises/${r.id}`}>{r.title}</Link> <span className="muted">({r.id})</span>
                    </th>
                    <td>
                      <code>{r.functionName}</code>
                    </td>
                    <td>{r.points}</td>
                    <td>{r.misconceptions}</td>
                    <td>
                      <code>{r.version}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        );
      })}
      <section aria-labelledby="questions-h">
        <h2 id="questions-h">Questions</h2>
        <p>The question bank: any seed&apos;s variant with its answers, misconceptions and worked solution. Assign a question like an exercise, or put it in an exam&apos;s pool.</p>
        <ul data-testid="question-bank">
          {listQuestions().map((q) => (
            <li key={q.id}>
              <Link href={`/instructor/exercises/${q.id}`}>{q.title}</Link>{' '}
              <span className="muted">
                ({q.id}: {q.parts.map((p) => p.kind).join(', ')}; {questionPoints(q)} points)
              </span>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
