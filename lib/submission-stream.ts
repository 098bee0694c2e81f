// One submission's status as Server-Sent Events, for its page while it waits for the verdict: the
// current status at once, then again each time it changes (woken by lib/submission-events.ts),
// ending with the verdict. Each `status` event carries the same JSON as GET /api/submissions/:id.
// The stream ends by itself after a minute (the browser's EventSource reconnects and gets the
// status afresh), and at once when the web process shuts down.
import type { Db } from './db.ts';
import { submissionStatus, type SubmissionStatusView, type Viewer } from './submissions.ts';
import { submissionEvents, type SubmissionEvents } from './submission-events.ts';
import { shutdownSignal } from './web/shutdown.ts';

export interface StreamOptions {
  /** Re-read this often whatever the notifications say (a missed one only delays). */
  safetyMs?: number;
  /** A comment line this often, so proxies do not close an idle stream. */
  keepAliveMs?: number;
  maxMs?: number;
  events?: SubmissionEvents;
}

const encoder = new TextEncoder();
const frame = (s: SubmissionStatusView) => encoder.encode(`event: status\ndata: ${JSON.stringify(s)}\n\n`);

/** The stream, or null when the submission does not exist or the viewer may not see it. */
export async function submissionStream(db: Db, viewer: Viewer, id: string, abort: AbortSignal, o: StreamOptions = {}): Promise<ReadableStream<Uint8Array> | null> {
  const first = await submissionStatus(db, viewer, id);
  if (!first) return null;
  const events = o.events ?? submissionEvents();
  let cleanup = () => {};
  return new ReadableStream<Uint8Array>({
    start(controller) {
      let last = '';
      let done = false;
      let reading: Promise<void> | null = null;
      let again = false;
      const finish = () => {
        if (done) return;
        done = true;
        cleanup();
        try {
          controller.close();
        } catch {
          /* already closed by the client */
        }
      };
      const send = (s: SubmissionStatusView) => {
        const key = `${s.status}:${s.queuePosition ?? ''}`;
        if (key !== last) {
          last = key;
          controller.enqueue(frame(s));
        }
        if (s.status === 'graded') finish();
      };
      // One read at a time; a wake during a read asks for one more after it.
      const reread = () => {
        if (done) return;
        if (reading) {
          again = true;
          return;
        }
        reading = submissionStatus(db, viewer, id)
          .then((s) => (s ? send(s) : finish()))
          .catch(() => undefined)
          .finally(() => {
            reading = null;
            if (again && !done) {
              again = false;
              reread();
            }
          });
      };
      send(first);
      if (done) return;
      const unsubscribe = events.subscribe(id, reread);
      // The status may have changed between the first read and the subscription.
      reread();
      const safety = setInterval(reread, o.safetyMs ?? 5000);
      const keepAlive = setInterval(() => !done && controller.enqueue(encoder.encode(': keep-alive\n\n')), o.keepAliveMs ?? 15_000);
      const maxTimer = setTimeout(finish, o.maxMs ?? 60_000);
      const onAbort = () => finish();
      abort.addEventListener('abort', onAbort, { once: true });
      shutdownSignal.signal.addEventListener('abort', onAbort, { once: true });
      cleanup = () => {
        unsubscribe();
        clearInterval(safety);
        clearInterval(keepAlive);
        clearTimeout(maxTimer);
        abort.removeEventListener('abort', onAbort);
        shutdownSignal.signal.removeEventListener('abort', onAbort);
      };
      if (shutdownSignal.signal.aborted) finish();
    },
    cancel() {
      cleanup();
    },
  });
}
