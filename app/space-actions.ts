'use server';
// The header's cohort switcher: the learner picks the cohort (or practice) they work in.
import { actionUser } from '../lib/session.ts';
import { switchSpace } from '../lib/current-space.ts';

export interface SwitchState {
  error: string | null;
  current: string | null; // the name of the space now current
}

export async function switchSpaceAction(_prev: SwitchState, form: FormData): Promise<SwitchState> {
  const who = await actionUser();
  if (!who.ok) return { error: who.error, current: null };
  // Setting the cookie makes Next render the page again, now in the new space.
  const r = await switchSpace(who.user.id, form.get('space'));
  return r.ok ? { error: null, current: r.space.name } : { error: r.error, current: null };
}
