// Waiting for a submission's verdict: the server pushes its status changes as Server-Sent Events
// (GET /api/submissions/<id>/events), so the verdict shows the moment it is written. If the stream
// cannot be opened or breaks (an old proxy, a restarting web process), the wait carries on by
// polling the status route (poll.ts) for the time that is left.
import { asVerdict } from '../../grader/verdict.ts';
import { pollSubmission, type PollOptions, type PollOutcome } from './poll.ts';
import type { SubmissionStatusResponse } from './types.ts';

export interface WaitOptions extends PollOptions {
  /** The status route's URL; the stream is at `${url}/events`. */
  url: string;
  /** How long an 'error' status (a grading being retried) is waited out before telling the learner. */
  errorGraceMs?: number;
  eventSource?: typeof EventSource;
}

export async function waitForVerdict(o: WaitOptions): Promise<PollOutcome> {
  const ES = o.eventSource ?? (typeof EventSource === 'undefined' ? undefined : EventSource);
  const started = Date.now();
  const timeoutMs = o.timeoutMs ?? 60_000;
  if (!ES) return pollSubmission(o);
  const streamed = await new Promise<PollOutcome | 'fallback'>((resolve) => {
    const es = new ES(`${o.url}/events`);
    let last: string | undefined;
    let errorTimer: ReturnType<typeof setTimeout> | undefined;
    const end = (outcome: PollOutcome | 'fallback') => {
      es.close();
      clearTimeout(errorTimer);
      clearTimeout(overall);
      o.signal.removeEventListener('abort', onAbort);
      resolve(outcome);
    };
    const onAbort = () => end({ kind: 'cancelled' });
    o.signal.addEventListener('abort', onAbort, { once: true });
    const overall = setTimeout(() => end('fallback'), timeoutMs);
    es.addEventListener('status', (e) => {
      let body: SubmissionStatusResponse;
      try {
        body = JSON.parse((e as MessageEvent<string>).data) as SubmissionStatusResponse;
      } catch {
        return;
      }
      if (body.status !== last) {
        last = body.status;
        o.onStatus?.(body.status);
      }
      const verdict = body.status === 'graded' ? asVerdict(body.verdict) : null;
      if (verdict) return end({ kind: 'graded', verdict });
      clearTimeout(errorTimer);
      errorTimer = undefined;
      // 'error' is retried by the queue; only one that stays unretried is reported, as polling does
      if (body.status === 'error') {
        const msg = body.verdict && 'error' in body.verdict ? body.verdict.error : 'grading failed';
        errorTimer = setTimeout(() => end({ kind: 'failed', message: `The grader could not grade this submission (${msg}). This is not your code's fault; try submitting again.` }), o.errorGraceMs ?? 8000);
      }
    });
    // The stream ends after a minute by design and EventSource reconnects by itself; an error with
    // no connection to come back to (a 401, a 404, a proxy refusing the stream) goes to polling,
    // which reports such answers in words.
    es.onerror = () => {
      if (es.readyState === ES.CLOSED) end('fallback');
    };
  });
  if (streamed !== 'fallback') return streamed;
  return pollSubmission({ ...o, timeoutMs: Math.max(1000, timeoutMs - (Date.now() - started)) });
}
