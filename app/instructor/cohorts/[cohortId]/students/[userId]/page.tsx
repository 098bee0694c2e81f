import type { Metadata } from 'next';
import Link from 'next/link';
import { db } from '../../../../../../lib/db.ts';
import { studentDrilldown, type DrilldownSubmission } from '../../../../../../lib/instructor/gradebook.ts';
import { latePolicyText } from '../../../../../../lib/instructor/assignments.ts';
import { VerdictTable } from '../../../../../../components/instructor/VerdictTable.tsx';
import { formatPoints, formatUtc } from '../../../../../../components/instructor/format.ts';
import { instructorUser, orRefuse } from '../../../../_lib/guard.ts';

export const metadata: Metadata = { title: 'Student' };

interface Props {
  params: Promise<{ cohortId: string; userId: string }>;
}

const FATE: Record<DrilldownSubmission['fate'], string> = {
  counted: 'counted',
  'before-opening': 'before the opening: does not count',
  'late-rejected': 'late, and late work is not accepted: does not count',
  'over-limit': 'beyond the attempt limit: does not count',
  'grader-error': 'the grader failed: uses no attempt',
};

export default async function StudentPage({ params }: Props) {
  const { cohortId, userId } = await params;
  const user = await instructorUser(`/instructor/cohorts/${cohortId}/students/${userId}`);
  const d = await orRefuse(studentDrilldown(db(), user, cohortId, userId));
  const base = `/instructor/cohorts/${d.cohort.id}`;
  const who = d.student.name ?? d.student.email;
  return (
    <div>
      <p className="breadcrumb">
        <Link href="/instructor">Cohorts</Link> / <Link href={base}>{d.cohort.name}</Link> / <Link href={`${base}/gradebook`}>Gradebook</Link> / {who}
      </p>
      <h1>{who}</h1>
      <p>
        {d.student.deleted ? 'This student deleted their account: the scores stay, the code and personal data are gone.' : `${d.student.email}.`} Total {formatPoints(d.total)} of{' '}
        {formatPoints(d.maxTotal)} points.
      </p>
      {d.assignments.length === 0 && <p>This cohort has no assignments yet.</p>}
      {d.assignments.map(({ column: c, cell, submissions }) => (
        <section key={c.assignmentId} aria-labelledby={`a-${c.assignmentId}`}>
          <h2 id={`a-${c.assignmentId}`}>
            {c.title} <span className="muted">({c.exerciseId})</span>
          </h2>
          <p>
            Score <strong>{formatPoints(cell.score)}</strong> / {c.points}
            {cell.late && <span className="late">late{cell.penaltyPercent ? ` −${cell.penaltyPercent} %` : ''}</span>}; {cell.attempts} attempt{cell.attempts === 1 ? '' : 's'} used
            {c.attemptLimit ? ` of ${c.attemptLimit}` : ''}. Due for this student {formatUtc(cell.dueAt)}
            {cell.extended ? ' (extension)' : ''}. {latePolicyText(c)}.
          </p>
          {submissions.length === 0 ? (
            <p className="muted">No submissions.</p>
          ) : (
            <ol className="submission-list">
              {submissions.map((s) => (
                <li key={s.id} className={`submission-card${s.fate === 'counted' ? '' : ' ignored'}`}>
                  <p>
                    <time dateTime={s.createdAt.toISOString()}>{formatUtc(s.createdAt)}</time>
                    {' · '}
                    {s.daysLate > 0 ? (
                      <span className="late">
                        {s.daysLate} day{s.daysLate === 1 ? '' : 's'} late{s.fate === 'counted' && s.penaltyPercent ? `, −${s.penaltyPercent} %` : ''}
                      </span>
                    ) : (
                      'on time'
                    )}
                    {' · '}
                    {s.attempt ? `attempt ${s.attempt}, ` : ''}
                    {FATE[s.fate]}
                    {' · '}
                    {s.status === 'graded' ? (
                      <>
                        verdict {formatPoints(s.score)} / {formatPoints(s.maxScore)}
                        {s.adjusted !== null && s.adjusted !== s.raw ? `, counts as ${formatPoints(s.adjusted)}` : ''}
                      </>
                    ) : (
                      s.status
                    )}
                    {s.stale && <span className="muted"> · graded on an older version ({s.exerciseVersion})</span>}
                  </p>
                  {!d.student.deleted && (
                    <details>
                      <summary>Code</summary>
                      <pre className="code code-block" tabIndex={0}>{s.code}</pre>
                    </details>
                  )}
                  <details>
                    <summary>Verdict</summary>
                    <VerdictTable verdict={s.verdict} />
                    <p>
                      <Link href={`/instructor/exercises/${c.exerciseId}?seed=${encodeURIComponent(s.seed)}`}>This student&apos;s hidden cases</Link>
                    </p>
                  </details>
                  {s.regrades.length > 0 && (
                    <details>
                      <summary>Earlier verdicts (regraded)</summary>
                      <ul>
                        {s.regrades.map((g, i) => (
                          <li key={i}>
                            {formatPoints(g.score)} / {formatPoints(g.maxScore)} on version {g.exerciseVersion}, graded {formatUtc(g.gradedAt)}, replaced {formatUtc(g.replacedAt)}
                          </li>
                        ))}
                      </ul>
                    </details>
                  )}
                </li>
              ))}
            </ol>
          )}
        </section>
      ))}
    </div>
  );
}
