import type { Metadata } from 'next';
import Link from 'next/link';
import { db } from '../../../../lib/db.ts';
import { requireRole } from '../../../../lib/session.ts';
import { listAccounts } from '../../../../lib/admin/accounts.ts';
import { ActionForm } from '../../../../components/instructor/ActionForm.tsx';
import { formatUtc } from '../../../../components/instructor/format.ts';
import { orRefuse, param } from '../../_lib/guard.ts';
import { issueResetLinkAction, setDisabledAction } from '../actions.ts';

export const metadata: Metadata = { title: 'Accounts' };

interface Props {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

export default async function AccountsPage({ searchParams }: Props) {
  const sp = await searchParams;
  const user = await requireRole('admin', '/instructor/admin/users');
  const list = await orRefuse(listAccounts(db(), user, { q: param(sp.q), page: param(sp.page) }));
  const pageHref = (n: number) => `?${new URLSearchParams({ ...(list.q ? { q: list.q } : {}), page: String(n) }).toString()}`;
  return (
    <div>
      <h1>Accounts</h1>
      <form method="get" className="instr-form" aria-label="Find accounts">
        <label>
          Email, name or id
          <input name="q" defaultValue={list.q} maxLength={254} />
        </label>
        <button type="submit" className="secondary">
          Find
        </button>
      </form>
      {list.rows.length === 0 ? (
        <p>No account matches.</p>
      ) : (
        <table>
          <caption className="visually-hidden">Accounts</caption>
          <thead>
            <tr>
              <th scope="col">Account</th>
              <th scope="col">Role</th>
              <th scope="col">Cohorts</th>
              <th scope="col">Created</th>
              <th scope="col">State</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {list.rows.map((a) => (
              <tr key={a.id} data-account={a.email}>
                <th scope="row">
                  {a.name ?? a.email}
                  {a.name && <div className="muted">{a.email}</div>}
                </th>
                <td>{a.role}</td>
                <td>{a.cohorts}</td>
                <td>{formatUtc(a.createdAt)}</td>
                <td>{a.disabledAt ? `disabled ${formatUtc(a.disabledAt)}` : 'active'}</td>
                <td>
                  <ActionForm action={issueResetLinkAction} submitLabel="Reset link" secondary className="instr-form inline" label={`Reset the password of ${a.email}`}>
                    <input type="hidden" name="userId" value={a.id} />
                  </ActionForm>
                  {a.id !== user.id && (
                    <ActionForm
                      action={setDisabledAction}
                      submitLabel={a.disabledAt ? 'Enable' : 'Disable'}
                      secondary
                      className="instr-form inline"
                      label={`${a.disabledAt ? 'Enable' : 'Disable'} ${a.email}`}
                      confirm={a.disabledAt ? undefined : `Disable ${a.email}? They are signed out at once and cannot sign in.`}
                    >
                      <input type="hidden" name="userId" value={a.id} />
                      <input type="hidden" name="disabled" value={a.disabledAt ? 'false' : 'true'} />
                    </ActionForm>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p>
        {list.page > 1 && <Link href={pageHref(list.page - 1)}>← Previous</Link>} {list.more && <Link href={pageHref(list.page + 1)}>Next →</Link>}
      </p>
      <p>
        <Link href="/instructor/admin/audit">Audit log</Link>
      </p>
    </div>
  );
}
