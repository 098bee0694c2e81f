// The request a line of work belongs to. The web server opens a context per HTTP request (and the
// grading worker one per job) so every log line written while it runs names it, however deep in
// Next's or our code the line comes from. The store lives on globalThis: the custom server and
// Next's server bundles load this module separately, and both must see one AsyncLocalStorage.
import { AsyncLocalStorage } from 'node:async_hooks';
import crypto from 'node:crypto';

export interface RequestContext {
  /** The id on every log line of this request (and the x-request-id response header). */
  reqId: string;
  /** For a grading job: the submission it grades. */
  submissionId?: string;
}

const KEY = Symbol.for('attention-lab.request-context');
const holder = globalThis as unknown as { [KEY]?: AsyncLocalStorage<RequestContext> };
const storage = (holder[KEY] ??= new AsyncLocalStorage<RequestContext>());

export function currentContext(): RequestContext | undefined {
  return storage.getStore();
}

export function withContext<T>(ctx: RequestContext, fn: () => T): T {
  return storage.run(ctx, fn);
}

// A proxy in front may already have named the request (nginx $request_id, a load balancer's
// trace id): keep its id when it is a plain token, so one id follows the request across tiers.
const ACCEPTED_ID = /^[A-Za-z0-9._:-]{8,128}$/;

export function requestIdFrom(header: string | string[] | undefined): string {
  const given = Array.isArray(header) ? header[0] : header;
  return given && ACCEPTED_ID.test(given) ? given : crypto.randomUUID();
}
