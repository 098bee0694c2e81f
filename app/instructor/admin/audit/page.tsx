import type { Metadata } from 'next';
import Link from 'next/link';
import { db } from '../../../../lib/db.ts';
import { requireRole } from '../../../../lib/session.ts';
import { isInputError } from '../../../../lib/instructor/authorization.ts';
import { AUDIT_ACTION_TEXT, AUDIT_ACTIONS, listAudit, type AuditPage } from '../../../../lib/audit.ts';
import { formatUtc } from '../../../../components/instructor/format.ts';
import { orRefuse, param } from '../../_lib/guard.ts';

export const metadata: Metadata = { title: 'Audit log' };

interface Props {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

const FILTERS = ['actor', 'action', 'target', 'from', 'to'] as const;

export default async function AuditPage({ searchParams }: Props) {
  const sp = await searchParams;
  const user = await requireRole('admin', '/instructor/admin/audit');
  const raw = Object.fromEntries([...FILTERS, 'after'].map((k) => [k, param(sp[k])]));
  let log: AuditPage | null = null;
  let problem: string | null = null;
  try {
    log = await orRefuse(listAudit(db(), user, raw));
  } catch (e) {
    if (!isInputError(e)) throw e;
    problem = e.message; // a bad filter (a date that does not exist): say so, show the form again
  }
  const keep = (extra: Record<string, string>) => {
    const q = new URLSearchParams();
    for (const k of FILTERS) {
      const v = log?.filter[k];
      if (v) q.set(k, v);
    }
    for (const [k, v] of Object.entries(extra)) q.set(k, v);
    return `?${q.toString()}`;
  };
  return (
    <div>
      <h1>Audit log</h1>
      <p className="muted">Staff actions, newest first: roster changes, extensions, regrades, password reset links, disabled and enabled accounts.</p>
      <form method="get" className="instr-form" aria-label="Filter the audit log">
        <label>
          Actor (email or id)
          <input name="actor" defaultValue={param(sp.actor) ?? ''} maxLength={254} />
        </label>
        <label>
          Action
          <select name="action" defaultValue={param(sp.action) ?? ''}>
            <option value="">All actions</option>
            {AUDIT_ACTIONS.map((a) => (
              <option key={a} value={a}>
                {AUDIT_ACTION_TEXT[a]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Target (student email or id, cohort, exercise)
          <input name="target" defaultValue={param(sp.target) ?? ''} maxLength={254} />
        </label>
        <label>
          From (UTC)
          <input name="from" type="date" defaultValue={param(sp.from) ?? ''} />
        </label>
        <label>
          To (UTC)
          <input name="to" type="date" defaultValue={param(sp.to) ?? ''} />
        </label>
        <button type="submit" className="secondary">
          Show
        </button>
      </form>
      {problem && (
        <p role="alert" className="form-error">
          {problem}
        </p>
      )}
      {log && log.rows.length === 0 && <p>Nothing recorded{FILTERS.some((k) => log.filter[k]) ? ' matches these filters' : ' yet'}.</p>}
      {log && log.rows.length > 0 && (
        <table className="audit">
          <caption className="visually-hidden">Audit log</caption>
          <thead>
            <tr>
              <th scope="col">When (UTC)</th>
              <th scope="col">Who</th>
              <th scope="col">What</th>
              <th scope="col">Student or account</th>
              <th scope="col">Cohort</th>
              <th scope="col">Exercise</th>
              <th scope="col">Details</th>
            </tr>
          </thead>
          <tbody>
            {log.rows.map((r) => (
              <tr key={r.id} data-action={r.action}>
                <td>
                  <time dateTime={r.createdAt.toISOString()}>{formatUtc(r.createdAt)}</time>
                </td>
                <td>{r.actor?.label ?? <span className="muted">(account removed)</span>}</td>
                <td>{AUDIT_ACTION_TEXT[r.action]}</td>
                <td>{r.targetUser?.label ?? ''}</td>
                <td>{r.cohort ? <Link href={`/instructor/cohorts/${r.cohort.id}`}>{r.cohort.name}</Link> : ''}</td>
                <td>{r.exerciseId ?? ''}</td>
                <td>
                  <code className="audit-details">{r.details === null || r.details === undefined ? '' : JSON.stringify(r.details)}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p>
        {log?.filter.after && <Link href={keep({})}>Newest</Link>} {log?.next && <Link href={keep({ after: log.next })}>Older →</Link>}
      </p>
    </div>
  );
}
