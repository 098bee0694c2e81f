import type { Metadata } from 'next';
import Link from 'next/link';
import { db } from '../../../../lib/db.ts';
import { exerciseDetail } from '../../../../lib/instructor/exercises.ts';
import { formatUtc, formatValue } from '../../../../components/instructor/format.ts';
import { TryCode } from '../../../../components/instructor/TryCode.tsx';
import { instructorUser, orRefuse, param } from '../../_lib/guard.ts';
import { tryCodeAction } from '../../actions.ts';
import 'katex/dist/katex.min.css';
import { isQuestionId } from '../../../../lib/question-items.ts';
import { questionPreview } from '../../../../lib/instructor/question-preview.ts';
import { QuestionPreviewView } from '../../../../components/instructor/QuestionPreviewView.tsx';
import { moduleTitle } from '../../../../lib/course.ts';

export const metadata: Metadata = { title: 'Exercise' };

interface Props {
  params: Promise<{ id: string[] }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

export default async function ExercisePage({ params, searchParams }: Props) {
  const { id } = await params;
  const exerciseId = id.map(decodeURIComponent).join('/');
  const seed = param((await searchParams).seed);
  const user = await instructorUser(`/instructor/exercises/${exerciseId}`);
  if (await isQuestionId(db(), exerciseId)) return <QuestionPreviewView preview={await orRefuse(questionPreview(db(), user, exerciseId, seed))} breadcrumb={<><Link href="/instructor/exercises">Exercises</Link> / {moduleTitle(exerciseId.split('/')[0])}</>} />;
  const e = await orRefuse(exerciseDetail(db(), user, exerciseId, { seed }));
  const visible = e.cases.filter((c) => c.visible);
  const hidden = e.cases.filter((c) => !c.visible);
  return (
    <div>
      <p className="breadcrumb">
        <Link href="/instructor/exercises">Exercises</Link> / {e.moduleTitle} / {e.title}
      </p>
      <h1>{e.title}</h1>
      <p className="exercise-meta">
        {e.id}: <code>{e.functionName}</code>, {e.points} points, {e.exact ? 'compared exactly' : `tolerance atol ${e.tolerance.atol}, rtol ${e.tolerance.rtol}`}. Helpers:{' '}
        {e.helpers.length ? e.helpers.join(', ') : 'none'}. Version <code>{e.version}</code>
        {e.syncedVersion && e.syncedVersion !== e.version ? ` (the database still has ${e.syncedVersion}: restart to sync)` : ''}.
      </p>

      <section aria-labelledby="prompt-h">
        <h2 id="prompt-h">Prompt</h2>
        <div className="prompt" dangerouslySetInnerHTML={{ __html: e.promptHtml }} />
        <h3>Hints</h3>
        <ol>
          {e.hints.map((h, i) => (
            <li key={i}>{h}</li>
          ))}
        </ol>
      </section>

      <section aria-labelledby="solution-h">
        <h2 id="solution-h">Solution (learner-style)</h2>
        <pre className="code code-block" tabIndex={0}>{e.solution}</pre>
        <details>
          <summary>Starter</summary>
          <pre className="code code-block" tabIndex={0}>{e.starter}</pre>
        </details>
      </section>

      <section aria-labelledby="cases-h">
        <h2 id="cases-h">Cases</h2>
        <form method="get" className="instr-form" aria-label="Choose the hidden-case seed">
          <label>
            Seed of the hidden cases
            <input name="seed" defaultValue={e.seed} maxLength={100} />
          </label>
          <button type="submit" className="secondary">
            Show
          </button>
        </form>
        <p className="muted">Visible cases are the same for everyone; hidden cases come from each learner&apos;s seed (a student&apos;s drill-down links to theirs).</p>
        {e.casesError && <p className="form-error">The case generator failed: {e.casesError}</p>}
        {[
          ['Visible', visible],
          ['Hidden', hidden],
        ].map(([label, list]) => (
          <div key={label as string}>
            <h3>
              {label as string} ({(list as typeof visible).length})
            </h3>
            {(list as typeof visible).map((c, i) => (
              <details key={i}>
                <summary>{c.name}</summary>
                <pre className="code code-block" tabIndex={0}>{`arguments: ${formatValue(c.args)}\n\nexpected: ${formatValue(c.expected)}`}</pre>
              </details>
            ))}
          </div>
        ))}
      </section>

      <section aria-labelledby="misc-h">
        <h2 id="misc-h">Misconceptions</h2>
        {e.misconceptions.length === 0 ? (
          <p>None recorded.</p>
        ) : (
          <dl className="facts">
            {e.misconceptions.map((m) => (
              <div key={m.id} style={{ display: 'contents' }}>
                <dt>
                  {m.title} <span className="muted">({m.id})</span>
                </dt>
                <dd>{m.hint}</dd>
              </div>
            ))}
          </dl>
        )}
      </section>

      <section aria-labelledby="versions-h">
        <h2 id="versions-h">Versions</h2>
        <table>
          <caption className="visually-hidden">Versions</caption>
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">First seen</th>
              <th scope="col">Graded submissions of your students</th>
            </tr>
          </thead>
          <tbody>
            {e.versions.map((v) => (
              <tr key={v.version}>
                <th scope="row">
                  <code>{v.version}</code>
                  {v.current && <span className="muted"> (current)</span>}
                </th>
                <td>{formatUtc(v.firstSeenAt)}</td>
                <td>{v.submissions}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {e.versions.some((v) => !v.current && v.submissions > 0) && (
          <p>
            <Link href="/instructor/regrade">Regrade the submissions graded on older versions</Link>
          </p>
        )}
      </section>

      <section aria-labelledby="try-h">
        <h2 id="try-h">Try code</h2>
        <p>Grades any code on every case with the same grader as submissions (nothing is recorded).</p>
        <TryCode action={tryCodeAction} exerciseId={e.id} seed={e.seed} initialCode={e.starter} />
      </section>
    </div>
  );
}
