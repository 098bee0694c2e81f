'use server';
// The cohort page's LMS actions for staff: send every launched learner's current score to the
// platform's line items again, and sync the roster from the LMS course (lib/lti checks that the
// user teaches the cohort).
import { revalidatePath } from 'next/cache';
import { db } from '../../../../lib/db.ts';
import { actionUser } from '../../../../lib/session.ts';
import { appQueue } from '../../../../lib/submissions.ts';
import { isAccessDenied } from '../../../../lib/instructor/authorization.ts';
import { createScoreQueue, resendScores } from '../../../../lib/lti/ags.ts';
import { syncCohortRoster } from '../../../../lib/lti/roster.ts';
import type { ActionState } from '../../../../components/instructor/action-state.ts';

export async function resendScoresAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const who = await actionUser();
  if (!who.ok) return { ok: false, error: who.error, message: null };
  const cohortId = form.get('cohortId');
  try {
    const boss = await appQueue();
    await createScoreQueue(boss);
    const n = await resendScores(db(), boss, who.user, typeof cohortId === 'string' ? cohortId : '');
    revalidatePath('/instructor', 'layout');
    return { ok: true, error: null, message: n === 0 ? 'No learner has launched a linked exercise yet.' : `Queued ${n} score${n === 1 ? '' : 's'} for the LMS.` };
  } catch (e) {
    if (isAccessDenied(e)) return { ok: false, error: e.message, message: null };
    throw e;
  }
}

export async function syncRosterAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const who = await actionUser();
  if (!who.ok) return { ok: false, error: who.error, message: null };
  const cohortId = form.get('cohortId');
  try {
    const r = await syncCohortRoster(db(), who.user, typeof cohortId === 'string' ? cohortId : '');
    revalidatePath('/instructor', 'layout');
    return { ok: true, error: null, message: `The LMS lists ${r.members} member${r.members === 1 ? '' : 's'}: ${r.added} added to the roster, ${r.removed} removed.` };
  } catch (e) {
    if (isAccessDenied(e)) return { ok: false, error: e.message, message: null };
    return { ok: false, error: `The roster could not be synced: ${e instanceof Error ? e.message : String(e)}`, message: null };
  }
}
