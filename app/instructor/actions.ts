'use server';
// Server actions of the instructor area. Each is callable by anyone who knows its id, so each
// reads the session itself and hands the acting user to lib/instructor, which checks what that
// user may do; refusals and bad input come back as a sentence for the form.
import { redirect } from 'next/navigation';
import { db } from '../../lib/db.ts';
import { actionUser } from '../../lib/session.ts';
import { appQueue } from '../../lib/submissions.ts';
import { createCohort, regenerateJoinCode, renameCohort, setCohortArchived } from '../../lib/instructor/cohorts.ts';
import { addToRoster, changeRosterRole, removeFromRoster } from '../../lib/instructor/roster.ts';
import { createAssignments, deleteAssignment, grantExtension, revokeExtension, updateAssignment } from '../../lib/instructor/assignments.ts';
import { requestRegrade, retryFailedRegrades } from '../../lib/instructor/regrade.ts';
import { tryCode } from '../../lib/instructor/exercises.ts';
import type { ActionState, TryState } from '../../components/instructor/action-state.ts';
import { act, refusal, text, utc } from './_lib/act.ts';
import { formatUtc } from '../../components/instructor/format.ts';

const settingsOf = (form: FormData) => ({
  opensAt: utc(text(form, 'opensAt')),
  dueAt: utc(text(form, 'dueAt')),
  latePolicy: text(form, 'latePolicy'),
  latePenaltyPerDay: text(form, 'latePenaltyPerDay') || undefined,
  latePenaltyCap: text(form, 'latePenaltyCap') || undefined,
  attemptLimit: text(form, 'attemptLimit'),
});

export async function createCohortAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  let id: string | null = null;
  const state = await act(async (user) => {
    id = (await createCohort(db(), user, { name: text(form, 'name') })).id;
    return null;
  });
  if (id) redirect(`/instructor/cohorts/${id}`);
  return state;
}

export async function renameCohortAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return act(async (user) => `Renamed to “${(await renameCohort(db(), user, text(form, 'cohortId'), text(form, 'name'))).name}”.`);
}

export async function archiveCohortAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return act(async (user) => {
    const c = await setCohortArchived(db(), user, text(form, 'cohortId'), text(form, 'archived') === 'true');
    return c.archived ? 'Archived: the join code no longer admits anyone.' : 'Restored: the join code admits students again.';
  });
}

export async function regenerateCodeAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return act(async (user) => `The new join code is ${await regenerateJoinCode(db(), user, text(form, 'cohortId'))}; the old one no longer works.`);
}

export async function addToRosterAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return act(async (user) => {
    const e = await addToRoster(db(), user, text(form, 'cohortId'), { email: text(form, 'email'), role: text(form, 'role') || 'student' });
    return `Added ${e.email} as ${e.role}.`;
  });
}

export async function removeFromRosterAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return act(async (user) => {
    await removeFromRoster(db(), user, text(form, 'cohortId'), text(form, 'userId'));
    return 'Removed from the roster.';
  });
}

export async function changeRoleAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return act(async (user) => {
    await changeRosterRole(db(), user, text(form, 'cohortId'), text(form, 'userId'), text(form, 'role'));
    return `Now ${text(form, 'role')}.`;
  });
}

export async function createAssignmentAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return act(async (user) => {
    const { created, skipped } = await createAssignments(db(), user, text(form, 'cohortId'), { target: text(form, 'target'), ...settingsOf(form) });
    const made = created.length === 1 ? `Assigned ${created[0].title}.` : `Assigned ${created.length} exercises.`;
    return skipped.length ? `${made} Already assigned, left as they were: ${skipped.join(', ')}.` : made;
  });
}

export async function updateAssignmentAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return act(async (user) => {
    await updateAssignment(db(), user, text(form, 'assignmentId'), settingsOf(form));
    return 'Saved.';
  });
}

export async function deleteAssignmentAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const cohortId = text(form, 'cohortId');
  const state = await act(async (user) => {
    await deleteAssignment(db(), user, text(form, 'assignmentId'));
    return 'Deleted.';
  });
  if (state.ok) redirect(`/instructor/cohorts/${encodeURIComponent(cohortId)}`);
  return state;
}

export async function grantExtensionAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return act(async (user) => {
    const { dueAt } = await grantExtension(db(), user, text(form, 'assignmentId'), text(form, 'userId'), utc(text(form, 'dueAt')));
    return `Extended to ${formatUtc(dueAt)}.`;
  });
}

export async function revokeExtensionAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return act(async (user) => {
    await revokeExtension(db(), user, text(form, 'assignmentId'), text(form, 'userId'));
    return 'Extension removed.';
  });
}

export async function requestRegradeAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return act(async (user) => {
    const scope = { exerciseId: text(form, 'exerciseId') || null, cohortId: text(form, 'cohortId') || null };
    const { queued, remaining } = await requestRegrade(db(), await appQueue(), user, scope);
    const base = queued === 0 ? 'Nothing to regrade: every submission in scope is already current or queued.' : `Queued ${queued} submission${queued === 1 ? '' : 's'} for regrading.`;
    return remaining ? `${base} ${remaining} more are being queued by another request.` : base;
  });
}

export async function retryRegradesAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return act(async (user) => {
    const n = await retryFailedRegrades(db(), await appQueue(), user, { cohortId: text(form, 'cohortId') || null });
    return n ? `Queued ${n} failed regrade${n === 1 ? '' : 's'} again.` : 'No failed regrades.';
  });
}

export async function tryCodeAction(_prev: TryState, form: FormData): Promise<TryState> {
  const who = await actionUser();
  if (!who.ok) return { error: who.error, result: null };
  try {
    const result = await tryCode(db(), who.user, { exerciseId: text(form, 'exerciseId'), code: text(form, 'code'), seed: text(form, 'seed') });
    return { error: null, result };
  } catch (e) {
    const r = refusal(e);
    if (r) return { error: r.error, result: null };
    throw e;
  }
}
