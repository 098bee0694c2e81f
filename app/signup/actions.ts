'use server';
import { headers } from 'next/headers';
import { unstable_rethrow } from 'next/navigation';
import { signIn } from '../../lib/auth.ts';
import { signUp } from '../../lib/accounts.ts';
import { db } from '../../lib/db.ts';
import { clientAddress } from '../../lib/rate-limit.ts';
import { isRedirect, markSignedIn } from '../../lib/session.ts';
import type { AuthFormState } from '../_components/form-state.ts';
import { authErrorMessage } from '../_components/auth-errors.ts';

export async function signUpAction(_prev: AuthFormState, form: FormData): Promise<AuthFormState> {
  const input = {
    name: String(form.get('name') ?? ''),
    email: String(form.get('email') ?? ''),
    password: String(form.get('password') ?? ''),
    joinCode: String(form.get('joinCode') ?? ''),
  };
  const values = { name: input.name.slice(0, 100), email: input.email.slice(0, 254), joinCode: input.joinCode.slice(0, 64) };
  const result = await signUp(db(), input, clientAddress(await headers()));
  if (!result.ok) return { error: result.error, field: result.field, values };
  try {
    await signIn('credentials', { email: result.user.email, password: input.password, redirectTo: '/?welcome=1' });
  } catch (e) {
    if (isRedirect(e)) await markSignedIn();
    unstable_rethrow(e);
    const message = authErrorMessage(e);
    if (message) return { error: `Your account was created, but signing in failed: ${message} Try signing in.`, values };
    throw e;
  }
  return { error: null };
}
