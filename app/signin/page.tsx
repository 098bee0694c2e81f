import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { currentUser } from '../../lib/session.ts';
import { afterSignIn, safeReturnPath } from '../../lib/return-to.ts';
import { oidcEnabled, oidcProviderName } from '../../lib/auth.ts';
import { SignInForm } from '../_components/SignInForm.tsx';
import { authQueryMessage, DISABLED_MESSAGE } from '../_components/auth-errors.ts';
import { oidcSignInAction } from './actions.ts';

export const metadata: Metadata = { title: 'Sign in' };

type Search = Promise<Record<string, string | string[] | undefined>>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

const NOTICES: Record<string, string> = {
  expired: 'Your session has expired. Please sign in again.',
  signin: 'Please sign in to continue.',
  signedout: 'You have signed out.',
  ended: 'You were signed out because the password of this account was changed. Please sign in again.',
  disabled: DISABLED_MESSAGE,
  reset: 'Your new password is set. Sign in with it.',
  deleted: 'Your account has been deleted.',
};

export default async function SignInPage({ searchParams }: { searchParams: Search }) {
  const q = await searchParams;
  // a hostile `next` is dropped here, and again by the action (the form's value can be forged)
  const next = safeReturnPath(one(q.next), '');
  const user = await currentUser();
  if (user) redirect(afterSignIn(next, user.role));
  const reason = one(q.reason);
  const notice = reason && Object.hasOwn(NOTICES, reason) ? NOTICES[reason] : one(q.next) ? NOTICES.signin : null;
  const error = authQueryMessage(one(q.error), one(q.code));
  return (
    <div className="auth-page">
      <h1>Sign in</h1>
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      <SignInForm next={next} initialError={error} />
      {oidcEnabled() && (
        <form action={oidcSignInAction} className="oidc">
          <input type="hidden" name="next" value={next} />
          <button type="submit" className="secondary">
            Sign in with {oidcProviderName()}
          </button>
        </form>
      )}
      <p>
        New here? <Link href="/signup">Create an account</Link> with your cohort&apos;s join code.
      </p>
    </div>
  );
}
