// Small display helpers for server-rendered pages.
const dateTime = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'UTC' });

/** "28 Nov 2026, 18:59:02 UTC" (server-rendered, so one fixed zone rather than the server's). */
export function formatTime(d: Date): string {
  return `${dateTime.format(d)} UTC`;
}

export function formatScore(score: number | null, maxScore: number | null): string {
  if (score === null || maxScore === null) return '—';
  return `${Math.round(score * 100) / 100} / ${Math.round(maxScore * 100) / 100}`;
}

export const STATUS_TEXT: Record<string, string> = { queued: 'Queued', running: 'Grading', graded: 'Graded', error: 'Grader error' };
