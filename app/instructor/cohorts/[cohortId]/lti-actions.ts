'use server';
// The cohort page's LMS actions for staff: send every launched learner's current score to the
// platform's line items again, and sync the roster from the LMS course (lib/lti checks that the
// user teaches the cohort).
import { db } from '../../../../lib/db.ts';
import { appQueue } from '../../../../lib/submissions.ts';
import { InputError, isAccessDenied } from '../../../../lib/instructor/authorization.ts';
import { act, text } from '../../_lib/act.ts';
import { createScoreQueue, resendScores } from '../../../../lib/lti/ags.ts';
import { syncCohortRoster } from '../../../../lib/lti/roster.ts';
import type { ActionState } from '../../../../components/instructor/action-state.ts';

export async function resendScoresAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return act(async (user) => {
    const boss = await appQueue();
    await createScoreQueue(boss);
    const n = await resendScores(db(), boss, user, text(form, 'cohortId'));
    return n === 0 ? 'No learner has launched a linked exercise yet.' : `Queued ${n} score${n === 1 ? '' : 's'} for the LMS.`;
  });
}

export async function syncRosterAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return act(async (user) => {
    let r;
    try {
      r = await syncCohortRoster(db(), user, text(form, 'cohortId'));
    } catch (e) {
      if (isAccessDenied(e)) throw e;
      // the LMS refused or could not be reached: say so on the form, as input the instructor can act on
      throw new InputError(`The roster could not be synced: ${e instanceof Error ? e.message : String(e)}`);
    }
    return `The LMS lists ${r.members} member${r.members === 1 ? '' : 's'}: ${r.added} added to the roster, ${r.removed} removed.`;
  });
}
