import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { db } from '../../../../../../lib/db.ts';
import { getAssignment, latePolicyText } from '../../../../../../lib/instructor/assignments.ts';
import { listRoster } from '../../../../../../lib/instructor/roster.ts';
import { ActionForm } from '../../../../../../components/instructor/ActionForm.tsx';
import { AssignmentFields } from '../../../../../../components/instructor/AssignmentFields.tsx';
import { formatUtc, toInputValue } from '../../../../../../components/instructor/format.ts';
import { instructorUser, orRefuse } from '../../../../_lib/guard.ts';
import { deleteAssignmentAction, grantExtensionAction, revokeExtensionAction, updateAssignmentAction } from '../../../../actions.ts';

export const metadata: Metadata = { title: 'Assignment' };

interface Props {
  params: Promise<{ cohortId: string; assignmentId: string }>;
}

export default async function AssignmentPage({ params }: Props) {
  const { cohortId, assignmentId } = await params;
  const user = await instructorUser(`/instructor/cohorts/${cohortId}/assignments/${assignmentId}`);
  const a = await orRefuse(getAssignment(db(), user, assignmentId));
  if (a.cohortId !== cohortId) notFound();
  const students = (await orRefuse(listRoster(db(), user, cohortId))).filter((r) => r.role === 'student');
  const base = `/instructor/cohorts/${cohortId}`;
  return (
    <div>
      <p className="breadcrumb">
        <Link href="/instructor">Cohorts</Link> / <Link href={base}>{a.cohortName}</Link> / {a.title}
      </p>
      <h1>{a.title}</h1>
      <p>
        <Link href={`/instructor/exercises/${a.exerciseId}`}>{a.exerciseId}</Link>, {a.points} points. Opens {formatUtc(a.opensAt)}, due {formatUtc(a.dueAt)}. {latePolicyText(a)}.{' '}
        {a.attemptLimit ? `At most ${a.attemptLimit} attempts.` : 'No attempt limit.'} <Link href={`${base}/analytics/${a.exerciseId}`}>Analytics</Link>
      </p>

      <section aria-labelledby="ext-h">
        <h2 id="ext-h">Extensions</h2>
        {a.extensionList.length === 0 ? (
          <p>No student has an extension.</p>
        ) : (
          <table>
            <caption className="visually-hidden">Extensions</caption>
            <thead>
              <tr>
                <th scope="col">Student</th>
                <th scope="col">Due for them</th>
                <th scope="col">Action</th>
              </tr>
            </thead>
            <tbody>
              {a.extensionList.map((e) => (
                <tr key={e.userId}>
                  <th scope="row">{e.name ?? e.email}</th>
                  <td>{formatUtc(e.dueAt)}</td>
                  <td>
                    <ActionForm action={revokeExtensionAction} submitLabel="Remove" secondary className="instr-form inline" label={`Remove the extension of ${e.email || e.name}`}>
                      <input type="hidden" name="assignmentId" value={a.id} />
                      <input type="hidden" name="userId" value={e.userId} />
                    </ActionForm>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {students.length > 0 && (
          <ActionForm action={grantExtensionAction} submitLabel="Grant the extension" label="Grant an extension">
            <input type="hidden" name="assignmentId" value={a.id} />
            <label>
              Student
              <select name="userId" required defaultValue="">
                <option value="" disabled>
                  Choose…
                </option>
                {students.map((s) => (
                  <option key={s.userId} value={s.userId}>
                    {s.name && s.email ? `${s.name} (${s.email})` : (s.name ?? s.email)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Due for them (UTC)
              <input type="datetime-local" name="dueAt" required defaultValue={toInputValue(new Date(a.dueAt.getTime() + 7 * 86_400_000))} />
            </label>
          </ActionForm>
        )}
      </section>

      <section aria-labelledby="edit-h">
        <h2 id="edit-h">Settings</h2>
        <ActionForm action={updateAssignmentAction} submitLabel="Save" label="Assignment settings">
          <input type="hidden" name="assignmentId" value={a.id} />
          <AssignmentFields defaults={a} />
        </ActionForm>
        <ActionForm action={deleteAssignmentAction} submitLabel="Delete the assignment" secondary confirm="Delete this assignment and its extensions? Submissions stay." label="Delete the assignment">
          <input type="hidden" name="assignmentId" value={a.id} />
          <input type="hidden" name="cohortId" value={cohortId} />
        </ActionForm>
      </section>
    </div>
  );
}
