import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { db } from '../../../lib/db.ts';
import { findReset } from '../../../lib/account/reset.ts';
import { ActionForm } from '../../../components/instructor/ActionForm.tsx';
import { formatUtc } from '../../../components/instructor/format.ts';
import { resetPasswordAction } from './actions.ts';

export const metadata: Metadata = { title: 'Set a new password', referrer: 'no-referrer' };

// An unknown, used or expired link is "not found", whoever asks: the page tells nothing about
// which. Looking at the page does not use the link up; setting the password does.
export default async function ResetPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const reset = await findReset(db(), token);
  if (!reset) notFound();
  return (
    <div className="auth-page">
      <h1>Set a new password</h1>
      <p>
        For <strong>{reset.user.email}</strong>. This link works once, until {formatUtc(reset.expiresAt)}. Setting the password signs the account out everywhere.
      </p>
      <ActionForm action={resetPasswordAction} submitLabel="Set password" className="auth-form" label="Set a new password">
        <input type="hidden" name="token" value={token} />
        <label htmlFor="password">New password</label>
        <input id="password" name="password" type="password" autoComplete="new-password" required minLength={8} />
        <label htmlFor="confirm">New password again</label>
        <input id="confirm" name="confirm" type="password" autoComplete="new-password" required minLength={8} />
      </ActionForm>
    </div>
  );
}
