'use server';
// The cohort page's LMS action for staff: send every launched learner's current score to the
// platform's line items again (lib/lti/ags.ts checks that the user teaches the cohort).
import { revalidatePath } from 'next/cache';
import { db } from '../../../../lib/db.ts';
import { actionUser } from '../../../../lib/session.ts';
import { appQueue } from '../../../../lib/submissions.ts';
import { isAccessDenied } from '../../../../lib/instructor/authorization.ts';
import { createScoreQueue, resendScores } from '../../../../lib/lti/ags.ts';
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
