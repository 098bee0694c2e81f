// Waiting for a submission's verdict: short polls of GET /api/submissions/<id>, quick at first
// (most gradings finish in well under a second) and backing off for a busy queue.
import { asVerdict, type Verdict } from '../../grader/verdict.ts';
import type { SubmissionStatusResponse } from './types.ts';

/** Delay before each poll, in ms; the last one repeats. */
export const POLL_DELAYS_MS = [100, 150, 200, 250, 300, 300, 450, 700, 1000, 1500, 2000];

export type PollOutcome =
  | { kind: 'graded'; verdict: Verdict }
  | { kind: 'failed'; message: string }
  | { kind: 'cancelled' };

export interface PollOptions {
  url: string;
  signal: AbortSignal;
  /** Called on every status change, to show "queued" then "grading". */
  onStatus?: (status: SubmissionStatusResponse['status']) => void;
  /** Give up after this long (the queue retries a dead worker within seconds, so a minute is plenty). */
  timeoutMs?: number;
  fetchImpl?: typeof fetch;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => { clearTimeout(t); resolve(); }, { once: true });
  });
}

export async function pollSubmission({ url, signal, onStatus, timeoutMs = 60_000, fetchImpl = fetch }: PollOptions): Promise<PollOutcome> {
  const started = Date.now();
  let last: string | undefined;
  let networkFailures = 0;
  for (let i = 0; ; i++) {
    await sleep(POLL_DELAYS_MS[Math.min(i, POLL_DELAYS_MS.length - 1)], signal);
    if (signal.aborted) return { kind: 'cancelled' };
    if (Date.now() - started > timeoutMs) {
      return { kind: 'failed', message: 'Grading is taking longer than expected. Your submission is saved; the result will appear in your history when it is graded.' };
    }
    let res: Response;
    try {
      res = await fetchImpl(url, { signal, cache: 'no-store', headers: { accept: 'application/json' } });
    } catch {
      if (signal.aborted) return { kind: 'cancelled' };
      // a dropped connection is worth a few retries before telling the learner
      if (++networkFailures >= 5) return { kind: 'failed', message: 'Lost the connection while waiting for the grade. Your submission was received; reload to see its result.' };
      continue;
    }
    if (res.status === 401 || res.status === 403) return { kind: 'failed', message: 'Your session has expired. Sign in again to see the result.' };
    if (res.status === 404) return { kind: 'failed', message: 'This submission could not be found.' };
    if (res.status === 429) continue; // polling too fast for the server: the next delay is longer
    if (!res.ok) {
      if (++networkFailures >= 5) return { kind: 'failed', message: `The server answered ${res.status} while waiting for the grade.` };
      continue;
    }
    networkFailures = 0;
    let body: SubmissionStatusResponse;
    try {
      body = (await res.json()) as SubmissionStatusResponse;
    } catch {
      continue;
    }
    if (body.status !== last) {
      last = body.status;
      onStatus?.(body.status);
    }
    const verdict = body.status === 'graded' ? asVerdict(body.verdict) : null;
    if (verdict) return { kind: 'graded', verdict };
    // 'error' is retried by the queue (the worker may have died); keep waiting unless it carries a message and no retry comes
    if (body.status === 'error' && i >= POLL_DELAYS_MS.length) {
      const msg = body.verdict && 'error' in body.verdict ? body.verdict.error : 'grading failed';
      return { kind: 'failed', message: `The grader could not grade this submission (${msg}). This is not your code's fault; try submitting again.` };
    }
  }
}
