// Auth.js failures arrive as errors with a `type` (and, for credentials, a `code`): the sentence to
// show for each. Null for anything else, which the caller rethrows.
export const DISABLED_MESSAGE = 'This account has been disabled. Contact your instructor or an administrator to have it enabled again.';

export function authErrorMessage(e: unknown): string | null {
  if (!e || typeof e !== 'object' || typeof (e as { type?: unknown }).type !== 'string') return null;
  const { type, code } = e as { type: string; code?: string };
  if (type === 'CredentialsSignin' && code === 'rate_limited') return 'Too many failed sign-ins. Wait 15 minutes and try again.';
  if (type === 'CredentialsSignin' && code === 'disabled') return DISABLED_MESSAGE;
  if (type === 'CredentialsSignin') return 'Wrong email or password.';
  return 'Sign-in failed. Please try again.';
}

/** Messages for the `error` query parameter Auth.js puts on its redirects to /signin (OIDC). */
export function authQueryMessage(error: string | undefined, code: string | undefined): string | null {
  if (!error) return null;
  if (error === 'CredentialsSignin') return code === 'rate_limited' ? 'Too many failed sign-ins. Wait 15 minutes and try again.' : code === 'disabled' ? DISABLED_MESSAGE : 'Wrong email or password.';
  if (error === 'OAuthAccountNotLinked') return 'This email already has an account with a password. Sign in with your password.';
  if (error === 'AccessDenied') return 'Access was denied. If your account has been disabled, contact an administrator.';
  return 'Sign-in failed. Please try again.';
}
