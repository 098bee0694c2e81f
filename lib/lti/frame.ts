// Which sites may frame the tool: after a launch, the LMS that launched it (its registered frame
// origins and its issuer's origin), for that browser only. The launch leaves the list in a cookie
// HMAC'd with AUTH_SECRET, and proxy.ts puts it in every page's `frame-ancestors`, so no request
// reads the database for it and nobody can widen it; without the cookie pages refuse framing as
// before. Web Crypto only: proxy.ts imports this.

export const FRAME_COOKIE = 'lti-frame';

const enc = new TextEncoder();
const b64url = (bytes: ArrayBuffer | Uint8Array) => {
  let s = '';
  for (const b of new Uint8Array(bytes)) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
};
const fromB64url = (s: string) => atob(s.replace(/-/g, '+').replace(/_/g, '/'));

async function hmac(secret: string, data: string): Promise<string> {
  const key = await crypto.subtle.importKey('raw', enc.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return b64url(await crypto.subtle.sign('HMAC', key, enc.encode(`lti-frame:${data}`)));
}

/** Origins as a CSP source list accepts them: http(s) scheme, host, port; anything else dropped. */
export function frameSources(origins: readonly string[]): string[] {
  const out = new Set<string>();
  for (const o of origins) {
    try {
      const u = new URL(o);
      if (u.protocol === 'https:' || u.protocol === 'http:') out.add(u.origin);
    } catch {
      /* not a URL: not a source */
    }
  }
  return [...out].slice(0, 20);
}

export async function sealFrameOrigins(origins: readonly string[], secret: string, maxAgeSeconds: number, now = Date.now()): Promise<string> {
  const body = b64url(enc.encode(JSON.stringify({ o: frameSources(origins), exp: now + maxAgeSeconds * 1000 })));
  return `${body}.${await hmac(secret, body)}`;
}

/** The origins the cookie allows, or [] when it is absent, forged or expired. */
export async function openFrameOrigins(value: string | undefined, secret: string | undefined, now = Date.now()): Promise<string[]> {
  if (!value || !secret || value.length > 4000) return [];
  const [body, mac] = value.split('.');
  if (!body || !mac || (await hmac(secret, body)) !== mac) return [];
  try {
    const { o, exp } = JSON.parse(fromB64url(body)) as { o?: unknown; exp?: unknown };
    return typeof exp === 'number' && exp > now && Array.isArray(o) ? frameSources(o.filter((x): x is string => typeof x === 'string')) : [];
  } catch {
    return [];
  }
}
