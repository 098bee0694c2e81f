import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { db } from '../../../../../../lib/db.ts';
import { examResults } from '../../../../../../lib/exams/manage.ts';
import { formatTrySchedule } from '../../../../../../lib/exams/scoring.ts';
import { ActionForm } from '../../../../../../components/instructor/ActionForm.tsx';
import { formatPoints, formatUtc, toInputValue } from '../../../../../../components/instructor/format.ts';
import { instructorUser, orRefuse } from '../../../../_lib/guard.ts';
import { extraTimeAction, releaseExamAction, updateExamAction } from '../actions.ts';

export const metadata: Metadata = { title: 'Exam' };

export default async function ExamPage({ params }: { params: Promise<{ cohortId: string; examId: string }> }) {
  const { cohortId, examId } = await params;
  const user = await instructorUser(`/instructor/cohorts/${cohortId}/exams/${examId}`);
  const { exam, maxScore, rows } = await orRefuse(examResults(db(), user, examId));
  if (exam.cohortId !== cohortId) notFound();
  const base = `/instructor/cohorts/${exam.cohort.id}`;
  return (
    <div>
      <p className="breadcrumb">
        <Link href="/instructor">Cohorts</Link> / <Link href={base}>{exam.cohort.name}</Link> / {exam.title}
      </p>
      <h1>{exam.title}</h1>
      <dl className="facts">
        <dt>Window</dt>
        <dd>
          {formatUtc(exam.opensAt)} to {formatUtc(exam.closesAt)}
        </dd>
        <dt>Time limit</dt>
        <dd>
          {exam.timeLimitMinutes} {exam.timeLimitMinutes === 1 ? 'minute' : 'minutes'} from each student&apos;s start
        </dd>
        <dt>Points per try</dt>
        <dd>{formatTrySchedule(exam.tryPoints)}</dd>
        <dt>Results</dt>
        <dd data-released={exam.releasedAt ? 'yes' : 'no'}>{exam.releasedAt ? `released ${formatUtc(exam.releasedAt)}` : 'not released: students see neither scores nor worked solutions'}</dd>
      </dl>
      <ActionForm
        action={releaseExamAction}
        submitLabel={exam.releasedAt ? 'Withdraw the results' : 'Release the results'}
        secondary={exam.releasedAt !== null}
        label="Release"
        confirm={exam.releasedAt ? 'Hide the results from students again?' : 'Release the results? Students will see their scores and the worked solutions.'}
      >
        <input type="hidden" name="examId" value={exam.id} />
        <input type="hidden" name="released" value={exam.releasedAt ? 'no' : 'yes'} />
      </ActionForm>

      <section aria-labelledby="pools-h">
        <h2 id="pools-h">Pools</h2>
        <ol>
          {exam.pools.map((p) => (
            <li key={p.id}>
              <strong>{p.title}</strong>: {p.choose} of {p.items.length} per student, {p.points} points each:{' '}
              {p.items.map((i) => `${i.exercise.title} (${i.exercise.kind})`).join(', ')}
            </li>
          ))}
        </ol>
      </section>

      <section aria-labelledby="results-h">
        <h2 id="results-h">Students</h2>
        <table className="data" data-testid="exam-results">
          <caption className="visually-hidden">Exam results</caption>
          <thead>
            <tr>
              <th scope="col">Student</th>
              <th scope="col">Started</th>
              <th scope="col">Ends</th>
              <th scope="col">Extra time</th>
              <th scope="col">Score / {maxScore}</th>
              <th scope="col">Late tries</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.userId} data-student={r.email}>
                <th scope="row">
                  <Link href={`${base}/students/${r.userId}`}>{r.name ?? r.email}</Link>
                </th>
                <td>{r.attempt ? formatUtc(r.attempt.startedAt) : 'not started'}</td>
                <td>{r.attempt ? formatUtc(r.attempt.endsAt) : '—'}</td>
                <td>{r.extraMinutes > 0 ? `${r.extraMinutes} min` : '—'}</td>
                <td data-score={r.attempt?.score ?? ''}>
                  {r.attempt ? formatPoints(r.attempt.score) : '—'}
                  {r.attempt && r.attempt.items.some((i) => i.pending > 0) && <span className="muted"> (grading)</span>}
                </td>
                <td>
                  {r.attempt?.lateTries ?? 0}
                  {r.attempt && (
                    <>
                      {' · '}
                      <Link href={`${base}/exams/${exam.id}/students/${r.userId}`}>tries</Link>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="settings-h">
        <h2 id="settings-h">Window and settings</h2>
        <ActionForm action={updateExamAction} submitLabel="Save" label="Exam settings">
          <input type="hidden" name="examId" value={exam.id} />
          <label>
            Exam title
            <input name="title" required maxLength={120} defaultValue={exam.title} />
          </label>
          <label>
            Opens (UTC)
            <input type="datetime-local" name="opensAt" required defaultValue={toInputValue(exam.opensAt)} />
          </label>
          <label>
            Closes (UTC)
            <input type="datetime-local" name="closesAt" required defaultValue={toInputValue(exam.closesAt)} />
          </label>
          <label>
            Time limit (minutes)
            <input type="number" name="timeLimitMinutes" min={1} max={1440} step={1} required defaultValue={exam.timeLimitMinutes} />
          </label>
          <label>
            Honour code
            <textarea name="honourCode" rows={3} required maxLength={4000} defaultValue={exam.honourCode} />
          </label>
        </ActionForm>
      </section>

      <section aria-labelledby="extra-h">
        <h2 id="extra-h">Extra time</h2>
        <ActionForm action={extraTimeAction} submitLabel="Save extra time" label="Extra time">
          <input type="hidden" name="examId" value={exam.id} />
          <label>
            Student
            <select name="userId" required defaultValue="">
              <option value="" disabled>
                Choose…
              </option>
              {rows.filter((r) => !r.deleted).map((r) => (
                <option key={r.userId} value={r.userId}>
                  {r.name ?? r.email} ({r.email})
                </option>
              ))}
            </select>
          </label>
          <label>
            Extra minutes (0 removes it)
            <input type="number" name="minutes" min={0} max={1440} step={1} defaultValue={0} required />
          </label>
        </ActionForm>
      </section>
    </div>
  );
}
