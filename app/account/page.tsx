import type { Metadata } from 'next';
import { requireUser } from '../../lib/session.ts';
import { db } from '../../lib/db.ts';
import { accountOverview } from '../../lib/account/overview.ts';
import { ActionForm } from '../../components/instructor/ActionForm.tsx';
import { formatUtc } from '../../components/instructor/format.ts';
import { changePasswordAction, deleteAccountAction } from './actions.ts';

export const metadata: Metadata = { title: 'Your account' };

type Search = Promise<Record<string, string | string[] | undefined>>;

export default async function AccountPage({ searchParams }: { searchParams: Search }) {
  const user = await requireUser('/account');
  const changed = (await searchParams).changed === '1';
  const a = await accountOverview(db(), user.id);
  return (
    <div className="account-page">
      <h1>Your account</h1>
      <dl className="facts">
        <dt>Name</dt>
        <dd>{a.name ?? '(none)'}</dd>
        <dt>Email</dt>
        <dd>{a.email}</dd>
        <dt>Role</dt>
        <dd>{a.role}</dd>
        <dt>Member since</dt>
        <dd>{formatUtc(a.createdAt)}</dd>
      </dl>

      <section aria-labelledby="password">
        <h2 id="password">Change password</h2>
        {changed && (
          <p role="status" className="notice">
            Password changed. Your other sessions have been signed out.
          </p>
        )}
        {a.hasPassword ? (
          <ActionForm action={changePasswordAction} submitLabel="Change password" label="Change password">
            <label>
              Current password
              <input name="current" type="password" autoComplete="current-password" required />
            </label>
            <label>
              New password
              <input name="next" type="password" autoComplete="new-password" required minLength={8} />
            </label>
            <label>
              New password again
              <input name="confirm" type="password" autoComplete="new-password" required minLength={8} />
            </label>
          </ActionForm>
        ) : (
          <p>This account signs in through single sign-on: its password is kept by your identity provider.</p>
        )}
        {a.passwordChangedAt && <p className="muted">Last changed {formatUtc(a.passwordChangedAt)}.</p>}
      </section>

      <section aria-labelledby="data">
        <h2 id="data">Your data</h2>
        <p>
          Everything Attention Lab holds about you ({a.cohorts} cohort{a.cohorts === 1 ? '' : 's'}, {a.submissions} submission{a.submissions === 1 ? '' : 's'} with their code and verdicts,
          drafts, progress, extensions) as one JSON file.
        </p>
        <p>
          <a href="/account/export" className="button" download>
            Download my data
          </a>
        </p>
      </section>

      <section aria-labelledby="delete">
        <h2 id="delete">Delete your account</h2>
        {a.canDelete ? (
          <>
            <p>
              This signs you out for good. Your code, drafts and name are deleted. Your instructors keep the scores of your graded submissions in their gradebook, shown as
              “Deleted student”. This cannot be undone: download your data first if you want to keep it.
            </p>
            <ActionForm action={deleteAccountAction} submitLabel="Delete my account" label="Delete your account" confirm="Delete your account? This cannot be undone.">
              <label>
                Type your email address to confirm
                <input name="email" type="email" autoComplete="off" required />
              </label>
              {a.hasPassword && (
                <label>
                  Your password
                  <input name="password" type="password" autoComplete="current-password" required />
                </label>
              )}
            </ActionForm>
          </>
        ) : (
          <p>Staff accounts are removed by an administrator.</p>
        )}
      </section>
    </div>
  );
}
