import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { currentUser } from '../../lib/session.ts';
import { homeFor } from '../../lib/return-to.ts';
import { SignUpForm } from '../_components/SignUpForm.tsx';

export const metadata: Metadata = { title: 'Sign up' };

type Search = Promise<Record<string, string | string[] | undefined>>;

export default async function SignUpPage({ searchParams }: { searchParams: Search }) {
  const user = await currentUser();
  if (user) redirect(homeFor(user.role));
  const q = await searchParams;
  const code = typeof q.code === 'string' ? q.code.slice(0, 64) : '';
  return (
    <div className="auth-page">
      <h1>Create your account</h1>
      <SignUpForm joinCode={code} />
      <p>
        Already have an account? <Link href="/signin">Sign in</Link>.
      </p>
    </div>
  );
}
