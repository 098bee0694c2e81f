import type { Metadata } from 'next';
import Link from 'next/link';
import { db } from '../../lib/db.ts';
import { listCohorts } from '../../lib/instructor/cohorts.ts';
import { regradeOverview } from '../../lib/instructor/regrade.ts';
import { ActionForm } from '../../components/instructor/ActionForm.tsx';
import { instructorUser, orRefuse } from './_lib/guard.ts';
import { createCohortAction } from './actions.ts';

export const metadata: Metadata = { title: 'Instructor' };

export default async function InstructorHome() {
  const user = await instructorUser('/instructor');
  const [cohorts, regrade] = await Promise.all([orRefuse(listCohorts(db(), user)), orRefuse(regradeOverview(db(), user))]);
  const stale = regrade.stale.reduce((n, g) => n + g.submissions, 0);
  return (
    <div>
      <h1>Your cohorts</h1>
      {stale > 0 && (
        <p className="notice">
          {stale} submission{stale === 1 ? ' was' : 's were'} graded on an older version of {regrade.stale.length === 1 ? 'an exercise' : `${regrade.stale.length} exercises`}.{' '}
          <Link href="/instructor/regrade">Review and regrade</Link>
        </p>
      )}
      {cohorts.length === 0 ? (
        <p>You do not teach a cohort yet. Create one below; students join it with its code.</p>
      ) : (
        <table>
          <caption className="visually-hidden">Cohorts</caption>
          <thead>
            <tr>
              <th scope="col">Cohort</th>
              <th scope="col">Join code</th>
              <th scope="col">Students</th>
              <th scope="col">Assignments</th>
              <th scope="col">Pages</th>
            </tr>
          </thead>
          <tbody>
            {cohorts.map((c) => (
              <tr key={c.id}>
                <th scope="row">
                  <Link href={`/instructor/cohorts/${c.id}`}>{c.name}</Link>
                  {c.archived && <span className="muted"> (archived)</span>}
                </th>
                <td className="join-code">{c.archived ? <span className="muted">—</span> : c.joinCode}</td>
                <td>{c.students}</td>
                <td>{c.assignments}</td>
                <td>
                  <Link href={`/instructor/cohorts/${c.id}/gradebook`}>Gradebook</Link> · <Link href={`/instructor/cohorts/${c.id}/analytics`}>Analytics</Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <section aria-labelledby="new-cohort">
        <h2 id="new-cohort">New cohort</h2>
        <ActionForm action={createCohortAction} submitLabel="Create cohort">
          <label>
            Name
            <input name="name" required maxLength={100} placeholder="Spring 2026" />
          </label>
        </ActionForm>
      </section>
    </div>
  );
}
