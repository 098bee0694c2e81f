'use server';
// Setting a new password through a one-time reset link. Anyone holding the link may use it (that
// is what it is for), so the action needs no session: the token is the authority, checked in
// lib/account/reset.ts, which also limits attempts per address.
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { db } from '../../../lib/db.ts';
import { clientAddress } from '../../../lib/rate-limit.ts';
import { resetPassword } from '../../../lib/account/reset.ts';
import type { ActionState } from '../../../components/instructor/action-state.ts';

const text = (form: FormData, name: string): string => {
  const v = form.get(name);
  return typeof v === 'string' ? v : '';
};

export async function resetPasswordAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const r = await resetPassword(db(), text(form, 'token'), { password: text(form, 'password'), confirm: text(form, 'confirm') }, clientAddress(await headers()));
  if (!r.ok) return { ok: false, error: r.error, message: null, field: r.field };
  redirect('/signin?reason=reset');
}
