// A small signed token for what the LTI flow hands the browser to bring back: JSON, base64url,
// with an expiry and an HMAC-SHA256 (AUTH_SECRET) over a purpose and the body, so a token made for
// one purpose (a login's state, a deep-linking request, a registration URL) opens for no other.
// Node only; proxy.ts's frame cookie uses Web Crypto instead (frame.ts).
import crypto from 'node:crypto';

const secret = () => process.env.AUTH_SECRET || 'attention-lab-lti';
const mac = (purpose: string, body: string, key: string) => crypto.createHmac('sha256', key).update(`${purpose}:${body}`).digest('base64url');

export function seal(purpose: string, payload: object, ttlMs: number, now = Date.now(), key = secret()): string {
  const body = Buffer.from(JSON.stringify({ ...payload, exp: now + ttlMs })).toString('base64url');
  return `${body}.${mac(purpose, body, key)}`;
}

/** The payload, when the token was sealed for this purpose and has not expired; else null. */
export function unseal<T extends object>(purpose: string, token: unknown, now = Date.now(), key = secret()): T | null {
  if (typeof token !== 'string' || token.length > 8000) return null;
  const [body, given] = token.split('.');
  if (!body || !given) return null;
  const expected = mac(purpose, body, key);
  if (given.length !== expected.length || !crypto.timingSafeEqual(Buffer.from(given), Buffer.from(expected))) return null;
  try {
    const { exp, ...payload } = JSON.parse(Buffer.from(body, 'base64url').toString()) as { exp?: unknown };
    return typeof exp === 'number' && exp > now ? (payload as T) : null;
  } catch {
    return null;
  }
}
