// What every JSON POST route of the public API does before its one call into lib/: refuse a
// cross-site origin, refuse a body that is not JSON or is too large (a chunked body declares no
// length for the proxy to check), and answer a Refusal with its learner-facing message and the
// status a client can act on. Shared by POST /api/submissions and POST /api/runs so both refuse alike.
import { refuse, type Refusal } from '../limits.ts';
import { MAX_BODY_BYTES } from '../security-headers.ts';

export const NO_STORE = { 'cache-control': 'no-store' } as const;

const STATUS: Record<Refusal['kind'], number> = { auth: 401, validation: 400, rate_limit: 429, server: 503 };

/** The refusal as JSON {error, kind, retryAfterMs?}, with Retry-After when the client should wait. */
export function refused(r: Refusal, status = STATUS[r.kind]): Response {
  const headers: Record<string, string> = { ...NO_STORE };
  if (r.retryAfterMs !== undefined) headers['retry-after'] = String(Math.max(1, Math.ceil(r.retryAfterMs / 1000)));
  const { ok: _ok, ...body } = r;
  return Response.json(body, { status, headers });
}

/**
 * A browser sends Origin on every cross-site POST; one from another site is refused outright (the
 * session cookie is SameSite=Lax and the JSON content type needs a preflight, so this is a third wall).
 */
export function crossSite(request: Request): boolean {
  const origin = request.headers.get('origin');
  if (!origin) return false;
  const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host');
  try {
    return new URL(origin).host !== host;
  } catch {
    return true;
  }
}

/** The body as text, or null past `limit` bytes. */
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

/** The parsed JSON body, or the response refusing it (415 not JSON, 413 too large, 400 unparsable). */
export async function jsonBody(request: Request, notJson: string): Promise<{ ok: true; value: unknown } | { ok: false; response: Response }> {
  if (!/^application\/json\b/i.test(request.headers.get('content-type') ?? '')) {
    return { ok: false, response: refused(refuse('validation', notJson), 415) };
  }
  const tooLarge = refused(refuse('validation', `Request body too large (limit ${MAX_BODY_BYTES.api / 1024} KB).`), 413);
  // a declared length past the limit is refused before a byte is read
  if (Number(request.headers.get('content-length') ?? 0) > MAX_BODY_BYTES.api) return { ok: false, response: tooLarge };
  const text = await readBody(request, MAX_BODY_BYTES.api);
  if (text === null) return { ok: false, response: tooLarge };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, response: refused(refuse('validation', 'The request body is not valid JSON.')) };
  }
}
