'use server';
import { headers } from 'next/headers';
import { redirect, unstable_rethrow } from 'next/navigation';
import { signIn } from '../../lib/auth.ts';
import { signInBlocked } from '../../lib/accounts.ts';
import { db } from '../../lib/db.ts';
import { clientAddress, retryMessage } from '../../lib/rate-limit.ts';
import { afterSignIn, safeReturnPath } from '../../lib/return-to.ts';
import { markSignedIn } from '../../lib/session.ts';
import type { AuthFormState } from '../_components/form-state.ts';
import { authErrorMessage } from '../_components/auth-errors.ts';

export async function signInAction(_prev: AuthFormState, form: FormData): Promise<AuthFormState> {
  const email = String(form.get('email') ?? '').trim();
  const password = String(form.get('password') ?? '');
  const values = { email: email.slice(0, 254) };
  if (!email || !password) return { error: 'Enter your email and password.', field: email ? 'password' : 'email', values };

  const blocked = await signInBlocked(email, clientAddress(await headers()));
  if (blocked > 0) return { error: `Too many failed sign-ins. ${retryMessage(blocked)}`, values };
  try {
    // no redirect from Auth.js: where to go depends on the role, known once signed in
    await signIn('credentials', { email, password, redirect: false });
  } catch (e) {
    unstable_rethrow(e);
    const message = authErrorMessage(e);
    if (message) return { error: message, field: 'password', values };
    throw e;
  }
  await markSignedIn();
  const account = await db().user.findUnique({ where: { email: email.toLowerCase() }, select: { role: true } });
  redirect(afterSignIn(form.get('next'), account?.role));
}

export async function oidcSignInAction(form: FormData): Promise<void> {
  await signIn('oidc', { redirectTo: safeReturnPath(form.get('next')) });
}
