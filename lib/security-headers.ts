// HTTP security headers. The Content Security Policy carries a fresh nonce per request (proxy.ts
// makes it; Next puts it on its own scripts), so no inline script runs unless we emitted it. Every
// source is 'self': Monaco, its workers, KaTeX's CSS and fonts are all served from our own build,
// and nothing on a page may reach another host.

export interface CspOptions {
  nonce: string;
  /** next dev: React's dev tools need eval, and HMR talks over a websocket. */
  dev?: boolean;
  /** Sites that may frame the page (an LMS after an LTI launch, lib/lti/frame.ts); none by default. */
  frameAncestors?: readonly string[];
}

export function contentSecurityPolicy({ nonce, dev = false, frameAncestors = [] }: CspOptions): string {
  const directives: Record<string, string[]> = {
    'default-src': ["'self'"],
    // 'strict-dynamic': chunks the nonce'd bootstrap loads are trusted; host lists are ignored.
    'script-src': ["'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...(dev ? ["'unsafe-eval'"] : [])],
    // Monaco and KaTeX set inline style attributes and insert <style> elements at run time; a
    // nonce here would disable 'unsafe-inline', so styles are limited to our origin + inline.
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:', 'blob:'],
    'font-src': ["'self'", 'data:'],
    // Monaco's editor and TypeScript workers: same-origin scripts, or blob: URLs it builds.
    'worker-src': ["'self'", 'blob:'],
    'connect-src': ["'self'", ...(dev ? ['ws:'] : [])],
    'manifest-src': ["'self'"],
    'media-src': ["'none'"],
    'frame-src': ["'none'"],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'self'"],
    'frame-ancestors': frameAncestors.length ? ["'self'", ...frameAncestors] : ["'none'"],
  };
  return Object.entries(directives)
    .map(([k, v]) => `${k} ${v.join(' ')}`)
    .join('; ');
}

/**
 * The policy of every Web Worker's own script (a worker takes its policy from its script's
 * response, not from the page): the Run worker executes code a learner pasted, and on our origin a
 * request from it would carry their session cookie. Nothing may connect anywhere, and scripts load
 * only from our own build ('unsafe-eval': the Run worker compiles the learner's module with
 * `new Function`, as the server's sandbox does). The worker also removes these capabilities itself
 * (grader/browser/lockdown.ts); this holds should a browser add one it does not know.
 */
export const WORKER_CSP = [
  "default-src 'none'",
  "script-src 'self' 'unsafe-eval'",
  "connect-src 'none'",
  "worker-src 'none'",
  "img-src 'none'",
  "font-src 'none'",
  "form-action 'none'",
  "base-uri 'none'",
].join('; ');

/** A random nonce (base64 of 16 bytes) with Web Crypto, which proxy.ts and Node both have. */
export function makeNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

/** Headers for every response, static files included (next.config.ts `headers()`). */
export const SECURITY_HEADERS: ReadonlyArray<{ key: string; value: string }> = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Referrer-Policy', value: 'same-origin' },
  { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
  { key: 'Cross-Origin-Resource-Policy', value: 'same-origin' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()' },
];

/** Request bodies the proxy refuses outright (413) by their declared length. */
export const MAX_BODY_BYTES = {
  api: 64 * 1024, // route handlers: sign-in forms, JSON
  other: 1024 * 1024, // page routes (server actions have their own, smaller limit in next.config.ts)
};
