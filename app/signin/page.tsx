import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { currentUser, safeReturnPath } from '../../lib/session.ts';
import { oidcEnabled, oidcProviderName } from '../../lib/auth.ts';
import { SignInForm } from '../_components/SignInForm.tsx';
import { authQueryMessage } from '../_components/auth-errors.ts';
import { oidcSignInAction } from './actions.ts';

export const metadata: Metadata = { title: 'Sign in' };

type Search = Promise<Record<string, string | string[] | undefined>>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

const NOTICES: Record<string, string> = {
  expired: 'Your session has expired. Please sign in again.',
  signin: 'Please sign in to continue.',
  signedout: 'You have signed out.',
};

export default async function SignInPage({ searchParams }: { searchParams: Search }) {
  const q = await searchParams;
  const next = safeReturnPath(one(q.next));
  if (await currentUser()) redirect(next);
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
