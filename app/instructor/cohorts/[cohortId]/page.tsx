import type { Metadata } from 'next';
import Link from 'next/link';
import { db } from '../../../../lib/db.ts';
import { getCohort } from '../../../../lib/instructor/cohorts.ts';
import { listRoster } from '../../../../lib/instructor/roster.ts';
import { assignableExercises, latePolicyText, listAssignments } from '../../../../lib/instructor/assignments.ts';
import { ActionForm } from '../../../../components/instructor/ActionForm.tsx';
import { AssignmentFields } from '../../../../components/instructor/AssignmentFields.tsx';
import { formatUtc } from '../../../../components/instructor/format.ts';
import { instructorUser, orRefuse } from '../../_lib/guard.ts';
import { listExams } from '../../../../lib/exams/manage.ts';
import { passbackState } from '../../../../lib/lti/ags.ts';
import { resendScoresAction, syncRosterAction } from './lti-actions.ts';
import {
  addToRosterAction,
  archiveCohortAction,
  changeRoleAction,
  createAssignmentAction,
  regenerateCodeAction,
  removeFromRosterAction,
  renameCohortAction,
} from '../../actions.ts';

export const metadata: Metadata = { title: 'Cohort' };

interface Props {
  params: Promise<{ cohortId: string }>;
}

export default async function CohortPage({ params }: Props) {
  const { cohortId } = await params;
  const user = await instructorUser(`/instructor/cohorts/${cohortId}`);
  const cohort = await orRefuse(getCohort(db(), user, cohortId));
  const [roster, assignments, modules, exams] = await Promise.all([
    orRefuse(listRoster(db(), user, cohortId)),
    orRefuse(listAssignments(db(), user, cohortId)),
    orRefuse(assignableExercises(db(), user)),
    orRefuse(listExams(db(), user, cohortId)),
  ]);
  const passback = await orRefuse(passbackState(db(), user, cohortId));
  // gradebook() and the rest checked that the user teaches the cohort
  const lmsCourses = await db().ltiContext.findMany({ where: { cohortId }, select: { title: true, membershipsUrl: true, rosterSyncedAt: true } });
  const base = `/instructor/cohorts/${cohort.id}`;
  return (
    <div>
      <p className="breadcrumb">
        <Link href="/instructor">Cohorts</Link> / {cohort.name}
      </p>
      <h1>
        {cohort.name}
        {cohort.archived && <span className="muted"> (archived)</span>}
      </h1>
      <p>
        <Link href={`${base}/gradebook`}>Gradebook</Link> · <Link href={`${base}/analytics`}>Analytics</Link> ·{' '}
        <a href={`${base}/gradebook/csv`} download>
          Download the gradebook (CSV)
        </a>
      </p>

      <section aria-labelledby="join-h">
        <h2 id="join-h">Join code</h2>
        {cohort.archived ? (
          <p>This cohort is archived: its join code admits nobody. Restore it to let students join.</p>
        ) : (
          <p>
            Students sign up with the code <strong className="join-code" data-testid="join-code">{cohort.joinCode}</strong>
          </p>
        )}
        <ActionForm action={regenerateCodeAction} submitLabel="Make a new code" secondary confirm="Make a new join code? The current one will stop working." label="Regenerate the join code">
          <input type="hidden" name="cohortId" value={cohort.id} />
        </ActionForm>
      </section>

      <section aria-labelledby="assign-h">
        <h2 id="assign-h">Assignments</h2>
        {assignments.length === 0 ? (
          <p>Nothing assigned yet.</p>
        ) : (
          <table>
            <caption className="visually-hidden">Assignments</caption>
            <thead>
              <tr>
                <th scope="col">Exercise</th>
                <th scope="col">Opens</th>
                <th scope="col">Due</th>
                <th scope="col">Late policy</th>
                <th scope="col">Attempts</th>
                <th scope="col">Extensions</th>
              </tr>
            </thead>
            <tbody>
              {assignments.map((a) => (
                <tr key={a.id}>
                  <th scope="row">
                    <Link href={`${base}/assignments/${a.id}`}>{a.title}</Link> <span className="muted">({a.exerciseId})</span>
                  </th>
                  <td>{formatUtc(a.opensAt)}</td>
                  <td>{formatUtc(a.dueAt)}</td>
                  <td>{latePolicyText(a)}</td>
                  <td>{a.attemptLimit ?? 'unlimited'}</td>
                  <td>{a.extensions}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <h3>Assign an exercise or a module</h3>
        <ActionForm action={createAssignmentAction} submitLabel="Assign" label="New assignment">
          <input type="hidden" name="cohortId" value={cohort.id} />
          <label>
            Exercise or module
            <select name="target" required defaultValue="">
              <option value="" disabled>
                Choose…
              </option>
              {modules.map((m) => (
                <optgroup key={m.module} label={m.module}>
                  <option value={`module:${m.module}`}>Every exercise of {m.module} ({m.exercises.length})</option>
                  {m.exercises.map((e) => (
                    <option key={e.id} value={e.id}>
                      {e.title} ({e.id})
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
          </label>
          <AssignmentFields />
        </ActionForm>
      </section>

      <section aria-labelledby="exams-h">
        <h2 id="exams-h">Exams</h2>
        {exams.length === 0 ? (
          <p>No exams yet.</p>
        ) : (
          <ul data-testid="exams">
            {exams.map((e) => (
              <li key={e.id}>
                <Link href={`${base}/exams/${e.id}`}>{e.title}</Link> <span className="muted">({formatUtc(e.opensAt)} to {formatUtc(e.closesAt)}, {e.timeLimitMinutes} min, {e.items} items, {e.maxScore} points, {e.started} started{e.releasedAt ? ', released' : ''})</span>
              </li>
            ))}
          </ul>
        )}
        {!cohort.archived && <Link href={`${base}/exams/new`}>New exam</Link>}
      </section>

      {passback.length > 0 && (
        <section aria-labelledby="lms-h">
          <h2 id="lms-h">Grades sent to the LMS</h2>
          <table className="data" data-testid="lms-passback">
            <caption className="visually-hidden">Scores sent to the LMS</caption>
            <thead>
              <tr>
                <th scope="col">Student</th>
                <th scope="col">Exercise</th>
                <th scope="col">Score</th>
                <th scope="col">State</th>
                <th scope="col">Sent</th>
              </tr>
            </thead>
            <tbody>
              {passback.map((p) => (
                <tr key={`${p.lineItemUrl}:${p.userId}`} data-passback={p.status}>
                  <th scope="row">{p.name ?? p.email}</th>
                  <td>{p.exerciseId}</td>
                  <td>{p.scoreGiven === null ? '—' : `${p.scoreGiven} / ${p.scoreMaximum}`}</td>
                  <td>
                    {p.status}
                    {p.error && <div className="muted">{p.error}</div>}
                  </td>
                  <td>{formatUtc(p.sentAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <ActionForm action={resendScoresAction} submitLabel="Send the scores again" secondary label="Resend scores to the LMS">
            <input type="hidden" name="cohortId" value={cohort.id} />
          </ActionForm>
        </section>
      )}

      <section aria-labelledby="roster-h">
        <h2 id="roster-h">Roster</h2>
        {lmsCourses.some((c) => c.membershipsUrl) && (
          <ActionForm action={syncRosterAction} submitLabel="Sync the roster from the LMS" secondary label="Sync the roster from the LMS">
            <input type="hidden" name="cohortId" value={cohort.id} />
            <span className="muted">
              Linked to {lmsCourses.map((c) => c.title || 'an LMS course').join(', ')}; last synced {formatUtc(lmsCourses.map((c) => c.rosterSyncedAt).filter((d) => d !== null).sort().at(-1) ?? null)}.
            </span>
          </ActionForm>
        )}
        <table>
          <caption className="visually-hidden">Roster</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {roster.map((r) => (
              <tr key={r.userId}>
                <th scope="row">
                  {r.role === 'student' ? <Link href={`${base}/students/${r.userId}`}>{r.name ?? r.email}</Link> : (r.name ?? r.email)}
                </th>
                <td>{r.email}</td>
                <td>{r.role}</td>
                <td>
                  <ActionForm action={changeRoleAction} submitLabel={r.role === 'student' ? 'Make instructor' : 'Make student'} secondary className="instr-form inline" label={`Change the role of ${r.email || r.name}`}>
                    <input type="hidden" name="cohortId" value={cohort.id} />
                    <input type="hidden" name="userId" value={r.userId} />
                    <input type="hidden" name="role" value={r.role === 'student' ? 'instructor' : 'student'} />
                  </ActionForm>{' '}
                  <ActionForm action={removeFromRosterAction} submitLabel="Remove" secondary className="instr-form inline" confirm={`Remove ${r.email || r.name} from ${cohort.name}?`} label={`Remove ${r.email || r.name}`}>
                    <input type="hidden" name="cohortId" value={cohort.id} />
                    <input type="hidden" name="userId" value={r.userId} />
                  </ActionForm>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <ActionForm action={addToRosterAction} submitLabel="Add to the roster" label="Add someone to the roster">
          <input type="hidden" name="cohortId" value={cohort.id} />
          <label>
            Email of an existing account
            <input name="email" type="email" required autoComplete="off" />
          </label>
          <label>
            Role
            <select name="role" defaultValue="student">
              <option value="student">student</option>
              <option value="instructor">instructor</option>
            </select>
          </label>
        </ActionForm>
      </section>

      <section aria-labelledby="settings-h">
        <h2 id="settings-h">Settings</h2>
        <ActionForm action={renameCohortAction} submitLabel="Rename" label="Rename the cohort">
          <input type="hidden" name="cohortId" value={cohort.id} />
          <label>
            Name
            <input name="name" required maxLength={100} defaultValue={cohort.name} />
          </label>
        </ActionForm>
        <ActionForm
          action={archiveCohortAction}
          submitLabel={cohort.archived ? 'Restore the cohort' : 'Archive the cohort'}
          secondary
          confirm={cohort.archived ? undefined : 'Archive this cohort? Its join code stops admitting students; the gradebook stays.'}
          label="Archive or restore"
        >
          <input type="hidden" name="cohortId" value={cohort.id} />
          <input type="hidden" name="archived" value={cohort.archived ? 'false' : 'true'} />
        </ActionForm>
      </section>
    </div>
  );
}
