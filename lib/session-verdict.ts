// Whether a decoded session still holds, by its account row: next-free, so tests call it directly.
// The row is read once per request anyway (lib/session.ts), so the check costs no extra query.

/** The account row's verdict on a session issued under version `sv` (absent in older tokens: 0). */
export function sessionVerdict(row: { sessionVersion: number; disabledAt: Date | null; deletedAt: Date | null } | null, sv: unknown): 'ok' | 'gone' | 'disabled' | 'version' {
  if (!row || row.deletedAt) return 'gone';
  if (row.disabledAt) return 'disabled';
  const issued = typeof sv === 'number' && Number.isInteger(sv) ? sv : 0;
  return issued === row.sessionVersion ? 'ok' : 'version';
}
