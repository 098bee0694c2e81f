// Display helpers shared by the instructor pages (server and client components alike).

/** "2026-03-09 09:00 UTC": one zone for everyone, matching what the forms take. */
export function formatUtc(d: Date | string | null | undefined): string {
  if (!d) return '—';
  const date = typeof d === 'string' ? new Date(d) : d;
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** The value of a datetime-local input (read as UTC by the actions). */
export function toInputValue(d: Date | null | undefined): string {
  return d ? d.toISOString().slice(0, 16) : '';
}

/** Points with two decimals, "—" when there are none. */
export function formatPoints(x: number | null | undefined): string {
  return x === null || x === undefined ? '—' : x.toFixed(2);
}

export function formatPercent(x: number | null | undefined, digits = 0): string {
  return x === null || x === undefined ? '—' : `${(x * 100).toFixed(digits)} %`;
}

function numberText(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? 'Infinity' : '-Infinity';
  return Number.isInteger(n) ? String(n) : String(Math.round(n * 1e6) / 1e6);
}

function inline(v: unknown): string {
  if (typeof v === 'number') return numberText(v);
  if (Array.isArray(v)) return `[${v.map(inline).join(', ')}]`;
  if (v !== null && typeof v === 'object') return `{ ${Object.entries(v).map(([k, x]) => `${k}: ${inline(x)}`).join(', ')} }`;
  if (v === undefined) return 'undefined';
  return JSON.stringify(v);
}

/**
 * A case value as text a person reads: numbers to 6 decimals, NaN and Infinity spelled out (JSON
 * would print null), a matrix one row per line, objects one key per line; cut at `limit`.
 */
export function formatValue(v: unknown, limit = 4000): string {
  let text: string;
  if (Array.isArray(v) && v.length > 0 && v.every((r) => Array.isArray(r))) text = `[\n${v.map((r) => `  ${inline(r)}`).join(',\n')}\n]`;
  else if (v !== null && typeof v === 'object' && !Array.isArray(v)) text = `{\n${Object.entries(v).map(([k, x]) => `  ${k}: ${inline(x)}`).join(',\n')}\n}`;
  else text = inline(v);
  return text.length > limit ? `${text.slice(0, limit)}\n… (${text.length - limit} more characters)` : text;
}
