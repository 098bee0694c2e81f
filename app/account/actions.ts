'use server';
// The account page's actions: change one's password, delete one's account. Each reads the session
// itself, hands the form to lib/account, and answers with a sentence for the form.
import { redirect, unstable_rethrow } from 'next/navigation';
import { signIn, signOut } from '../../lib/auth.ts';
import { db } from '../../lib/db.ts';
import { actionUser, clearSignedInMark } from '../../lib/session.ts';
import { changePassword } from '../../lib/account/password.ts';
import { deleteAccount } from '../../lib/account/delete.ts';
import type { ActionState } from '../../components/instructor/action-state.ts';

const text = (form: FormData, name: string): string => {
  const v = form.get(name);
  return typeof v === 'string' ? v : '';
};

export async function changePasswordAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const who = await actionUser();
  if (!who.ok) return { ok: false, error: who.error, message: null };
  const next = text(form, 'next');
  const r = await changePassword(db(), who.user.id, { current: text(form, 'current'), next, confirm: text(form, 'confirm') });
  if (!r.ok) return { ok: false, error: r.error, message: null, field: r.field };
  // Every session of the account has just ended, this one too: the browser signs in again with the
  // new password, then loads the page afresh (a re-render in this request would still carry the
  // old session cookie, and be sent to sign in).
  try {
    await signIn('credentials', { email: who.user.email, password: next, redirect: false });
  } catch (e) {
    unstable_rethrow(e);
    redirect('/signin?reason=ended&next=%2Faccount');
  }
  redirect('/account?changed=1');
}

export async function deleteAccountAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const who = await actionUser();
  if (!who.ok) return { ok: false, error: who.error, message: null };
  const r = await deleteAccount(db(), who.user.id, { email: text(form, 'email'), password: text(form, 'password') });
  if (!r.ok) return { ok: false, error: r.error, message: null, field: r.field };
  await clearSignedInMark();
  await signOut({ redirect: false });
  redirect('/signin?reason=deleted');
}
