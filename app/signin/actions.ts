'use server';
import { headers } from 'next/headers';
import { unstable_rethrow } from 'next/navigation';
import { signIn } from '../../lib/auth.ts';
import { signInBlocked } from '../../lib/accounts.ts';
import { clientAddress, retryMessage } from '../../lib/rate-limit.ts';
import { isRedirect, markSignedIn, safeReturnPath } from '../../lib/session.ts';
import type { AuthFormState } from '../_components/form-state.ts';
import { authErrorMessage } from '../_components/auth-errors.ts';

export async function signInAction(_prev: AuthFormState, form: FormData): Promise<AuthFormState> {
  const email = String(form.get('email') ?? '').trim();
  const password = String(form.get('password') ?? '');
  const next = safeReturnPath(form.get('next'));
  const values = { email: email.slice(0, 254) };
  if (!email || !password) return { error: 'Enter your email and password.', field: email ? 'password' : 'email', values };

  const blocked = signInBlocked(email, clientAddress(await headers()));
  if (blocked > 0) return { error: `Too many failed sign-ins. ${retryMessage(blocked)}`, values };
  try {
    await signIn('credentials', { email, password, redirectTo: next });
  } catch (e) {
    if (isRedirect(e)) await markSignedIn();
    unstable_rethrow(e); // the redirect that follows a successful sign-in
    const message = authErrorMessage(e);
    if (message) return { error: message, field: 'password', values };
    throw e;
  }
  return { error: null };
}

export async function oidcSignInAction(form: FormData): Promise<void> {
  await signIn('oidc', { redirectTo: safeReturnPath(form.get('next')) });
}
