import type { Metadata } from 'next';
import Link from 'next/link';
import { db } from '../../../lib/db.ts';
import { listStaleSubmissions, regradeOverview } from '../../../lib/instructor/regrade.ts';
import { ActionForm } from '../../../components/instructor/ActionForm.tsx';
import { formatPoints, formatUtc } from '../../../components/instructor/format.ts';
import { instructorUser, orRefuse } from '../_lib/guard.ts';
import { requestRegradeAction, retryRegradesAction } from '../actions.ts';

export const metadata: Metadata = { title: 'Regrade' };

export default async function RegradePage() {
  const user = await instructorUser('/instructor/regrade');
  const [overview, stale] = await Promise.all([orRefuse(regradeOverview(db(), user)), orRefuse(listStaleSubmissions(db(), user, {}, 200))]);
  const total = overview.stale.reduce((n, g) => n + g.submissions, 0);
  return (
    <div>
      <h1>Regrade</h1>
      <p>
        When an exercise changes (its cases, reference or misconceptions), submissions graded on the older version can be graded again on the current one. Regrading
        goes through the grading queue; each old verdict is kept for audit, and scores and progress follow the new verdicts. Asking twice regrades nothing twice.
      </p>
      {(overview.inProgress > 0 || overview.failed > 0) && (
        <p className="notice" role="status">
          {overview.inProgress} regrade{overview.inProgress === 1 ? '' : 's'} waiting for or being graded
          {overview.failed > 0 ? `; ${overview.failed} the grader could not finish` : ''}.
        </p>
      )}
      {overview.failed > 0 && (
        <ActionForm action={retryRegradesAction} submitLabel="Queue the failed regrades again" secondary label="Retry failed regrades" />
      )}
      {total === 0 ? (
        <p>Every submission of your students was graded on the current version of its exercise.</p>
      ) : (
        <>
          <table>
            <caption>Submissions graded on an older version</caption>
            <thead>
              <tr>
                <th scope="col">Exercise</th>
                <th scope="col">Current version</th>
                <th scope="col">Older versions (submissions)</th>
                <th scope="col">Students</th>
                <th scope="col">Action</th>
              </tr>
            </thead>
            <tbody>
              {overview.stale.map((g) => (
                <tr key={g.exerciseId}>
                  <th scope="row">
                    <Link href={`/instructor/exercises/${g.exerciseId}`}>{g.title}</Link> <span className="muted">({g.exerciseId})</span>
                  </th>
                  <td>
                    <code>{g.currentVersion}</code>
                  </td>
                  <td>
                    {g.versions.map((v) => (
                      <div key={v.version}>
                        <code>{v.version}</code> ({v.submissions}){v.firstSeenAt ? <span className="muted">, first seen {formatUtc(v.firstSeenAt)}</span> : null}
                      </div>
                    ))}
                  </td>
                  <td>{g.students}</td>
                  <td>
                    <ActionForm action={requestRegradeAction} submitLabel={`Regrade ${g.submissions}`} className="instr-form inline" label={`Regrade ${g.exerciseId}`}>
                      <input type="hidden" name="exerciseId" value={g.exerciseId} />
                    </ActionForm>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <ActionForm action={requestRegradeAction} submitLabel={`Regrade all ${total}`} confirm={`Queue ${total} submissions for regrading?`} label="Regrade everything" />
          <h2>The submissions</h2>
          <table>
            <caption className="visually-hidden">Stale submissions</caption>
            <thead>
              <tr>
                <th scope="col">Submitted</th>
                <th scope="col">Student</th>
                <th scope="col">Exercise</th>
                <th scope="col">Graded on</th>
                <th scope="col">Score then</th>
              </tr>
            </thead>
            <tbody>
              {stale.map((s) => (
                <tr key={s.id}>
                  <td>{formatUtc(s.createdAt)}</td>
                  <td>{s.name ?? s.email}</td>
                  <td>{s.exerciseId}</td>
                  <td>
                    <code>{s.exerciseVersion}</code>
                  </td>
                  <td>
                    {formatPoints(s.score)} / {formatPoints(s.maxScore)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {stale.length < total && <p className="muted">The first {stale.length} of {total} are listed.</p>}
        </>
      )}
    </div>
  );
}
