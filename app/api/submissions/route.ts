// POST /api/submissions {exerciseId, code, cohortId?} -> 201 {submissionId}: the exercise page's
// Submit (its server action) for programmatic clients and the load test. The submission goes to
// the cohort named (null: practice), else to the space the learner works in now (the header's
// switcher). Same session, same checks (lib/submissions.ts checks the cohort); a refusal is {error, kind, retryAfterMs?} with the learner-facing message:
// 401 signed out, 400 invalid (or refused by the cohort's rules), 413 body too large, 415 not JSON,
// 429 over the per-minute limit or the queue is full (with Retry-After), 503 database unreachable.
// The verdict is then polled at GET /api/submissions/<id>.
import { currentUser, SESSION_EXPIRED_MESSAGE } from '../../../lib/session.ts';
import { appQueue, submit, submitInput } from '../../../lib/submissions.ts';
import { apiScope } from '../../../lib/current-space.ts';
import { db } from '../../../lib/db.ts';
import { firstMessage, refuse, type Refusal } from '../../../lib/limits.ts';
import { MAX_BODY_BYTES } from '../../../lib/security-headers.ts';
import { log } from '../../../lib/observability/log.ts';

const NO_STORE = { 'cache-control': 'no-store' };
const STATUS: Record<Refusal['kind'], number> = { auth: 401, validation: 400, rate_limit: 429, server: 503 };

function refused(r: Refusal, status = STATUS[r.kind]): Response {
  const headers: Record<string, string> = { ...NO_STORE };
  if (r.retryAfterMs !== undefined) headers['retry-after'] = String(Math.max(1, Math.ceil(r.retryAfterMs / 1000)));
  const { ok: _ok, ...body } = r;
  return Response.json(body, { status, headers });
}

/** The body as text, or null past `limit` bytes (a chunked body declares no length for the proxy to check). */
async function readBody(request: Request, limit: number): Promise<string | null> {
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * A browser sends Origin on every cross-site POST; one from another site is refused outright (the
 * session cookie is SameSite=Lax and the JSON content type needs a preflight, so this is a third wall).
 */
function crossSite(request: Request): boolean {
  const origin = request.headers.get('origin');
  if (!origin) return false;
  const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host');
  try {
    return new URL(origin).host !== host;
  } catch {
    return true;
  }
}

export async function POST(request: Request) {
  if (crossSite(request)) return refused(refuse('auth', 'Submissions are only accepted from this site.'), 403);
  const user = await currentUser();
  if (!user) return refused(refuse('auth', SESSION_EXPIRED_MESSAGE));
  if (!/^application\/json\b/i.test(request.headers.get('content-type') ?? '')) {
    return refused(refuse('validation', 'Send the submission as JSON: {"exerciseId": ..., "code": ...}.'), 415);
  }
  const text = await readBody(request, MAX_BODY_BYTES.api);
  if (text === null) return refused(refuse('validation', `Request body too large (limit ${MAX_BODY_BYTES.api / 1024} KB).`), 413);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return refused(refuse('validation', 'The request body is not valid JSON.'));
  }
  const input = submitInput.safeParse(raw);
  if (!input.success) return refused(refuse('validation', firstMessage(input.error)));

  try {
    const r = await submit({ db: db(), boss: appQueue }, await apiScope(user.id, input.data.cohortId), input.data, { saveDraft: true });
    if (!r.ok) return refused(r);
    return Response.json({ submissionId: r.submissionId }, { status: 201, headers: { ...NO_STORE, location: `/api/submissions/${r.submissionId}` } });
  } catch (e) {
    // The transaction did not commit (database restarting, pool exhausted): nothing was recorded.
    log().error({ error: e instanceof Error ? e.message : String(e) }, 'submission not recorded');
    return refused(refuse('server', 'Your submission could not be recorded just now. Your code is safe; submit again in a few seconds.', 5000));
  }
}
