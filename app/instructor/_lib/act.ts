// What every instructor server action does around its one call into lib/: read a form field,
// read a datetime-local input as UTC (the forms say so), check the session, and turn lib's
// refusals (AccessDenied, InputError) into the sentence the form shows.
import { revalidatePath } from 'next/cache';
import { actionUser, type SessionUser } from '../../../lib/session.ts';
import { isAccessDenied, isInputError } from '../../../lib/instructor/authorization.ts';
import type { ActionState } from '../../../components/instructor/action-state.ts';

export const text = (form: FormData, name: string): string => {
  const v = form.get(name);
  return typeof v === 'string' ? v : '';
};

/** datetime-local inputs carry no zone: the forms say UTC, so they are read as UTC. */
export function utc(v: string): string {
  const s = v.trim();
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(s)) return `${s}:00Z`;
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?$/.test(s)) return `${s}Z`;
  return s;
}

export function refusal(e: unknown): ActionState | null {
  if (isAccessDenied(e)) return { ok: false, error: e.message, message: null };
  if (isInputError(e)) return { ok: false, error: e.message, message: null, field: e.field };
  return null;
}

/** Runs `work` as the session's user; its sentence on success, lib's refusal as an error. */
export async function act(work: (user: SessionUser) => Promise<string | null>): Promise<ActionState> {
  const who = await actionUser();
  if (!who.ok) return { ok: false, error: who.error, message: null };
  try {
    const message = await work(who.user);
    revalidatePath('/instructor', 'layout');
    return { ok: true, message, error: null };
  } catch (e) {
    const r = refusal(e);
    if (r) return r;
    throw e;
  }
}
