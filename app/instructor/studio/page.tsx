import type { Metadata } from 'next';
import Link from 'next/link';
import { db } from '../../../lib/db.ts';
import { listStudio } from '../../../lib/authoring/studio.ts';
import { listExercises } from '../../../exercises/catalog.ts';
import { listQuestions } from '../../../exercises/questions.ts';
import { ActionForm } from '../../../components/instructor/ActionForm.tsx';
import { formatUtc } from '../../../components/instructor/format.ts';
import { instructorUser, orRefuse } from '../_lib/guard.ts';
import { createStudioAction } from './actions.ts';

export const metadata: Metadata = { title: 'Studio' };

export default async function StudioHome() {
  const user = await instructorUser('/instructor/studio');
  const mine = await orRefuse(listStudio(db(), user));
  return (
    <div>
      <h1>Studio</h1>
      <p>
        Your own exercises and questions: write them here (or as folders, see docs/authoring.md), check them, preview them as a student, publish them, then assign them to a cohort or put
        them in an exam.
      </p>
      {mine.length === 0 ? (
        <p>You have no exercise or question of your own yet.</p>
      ) : (
        <table>
          <caption className="visually-hidden">Your exercises and questions</caption>
          <thead>
            <tr>
              <th scope="col">Exercise or question</th>
              <th scope="col">Published</th>
              <th scope="col">Working copy saved</th>
              <th scope="col">You may</th>
            </tr>
          </thead>
          <tbody>
            {mine.map((e) => (
              <tr key={e.id}>
                <th scope="row">
                  <Link href={`/instructor/studio/${e.id}`}>{e.id}</Link>
                  {e.title && <span className="muted"> · {e.title}</span>}
                </th>
                <td>{e.published ? `version ${e.published}` : <span className="muted">not yet</span>}</td>
                <td>{formatUtc(e.draftUpdatedAt)}</td>
                <td>{e.access === 'edit' ? 'edit' : 'view'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <section aria-labelledby="new-exercise">
        <h2 id="new-exercise">New exercise or question</h2>
        <p className="muted">
          An exercise is code the learner writes, graded on cases; a question is answered with numbers, a matrix, options or a formula, each learner with their own parameters.
        </p>
        <ActionForm action={createStudioAction} submitLabel="Create">
          <label>
            Id (<code>module/slug</code>, kebab-case)
            <input name="id" required maxLength={129} pattern="[a-z0-9]+(-[a-z0-9]+)*/[a-z0-9]+(-[a-z0-9]+)*" placeholder="my-course/rms-norm" />
          </label>
          <label>
            Title
            <input name="title" maxLength={200} placeholder="RMSNorm" />
          </label>
          <label>
            Start from
            <select name="from" defaultValue="blank">
              <option value="blank">the blank exercise</option>
              <option value="blank-question">the blank question</option>
              <optgroup label="Your exercises">
                {mine.map((e) => (
                  <option key={e.id} value={e.id}>a copy of {e.id}</option>
                ))}
              </optgroup>
              <optgroup label="The built-in course">
                {listExercises().map((e) => (
                  <option key={e.id} value={e.id}>a copy of {e.id} ({e.title})</option>
                ))}
              </optgroup>
              <optgroup label="The built-in questions">
                {listQuestions().map((q) => (
                  <option key={q.id} value={q.id}>a copy of {q.id} ({q.title})</option>
                ))}
              </optgroup>
            </select>
          </label>
        </ActionForm>
      </section>
    </div>
  );
}
