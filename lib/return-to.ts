// Where a visitor goes after signing in: the page they asked for, when it is a path on this site,
// or their role's home. `next`/`callbackUrl` arrive from the query string, so they are hostile
// until proven otherwise: only a path that resolves to this origin is followed (no open redirect).
import type { Role } from './accounts.ts';

const MAX_LENGTH = 512;
const PROBE = 'http://attention-lab.invalid';

/**
 * `p` as a same-origin relative path ("/x?y#z"), or `fallback`. Refused: anything not a string,
 * not starting with exactly one "/", holding a backslash (browsers read "/\x" as "//x"), a control
 * character or whitespace the URL parser would drop ("/\t/evil" is "//evil"), or whose normalised
 * form would leave the site ("/.//evil" normalises to "//evil").
 */
export function safeReturnPath(p: unknown, fallback = '/'): string {
  if (typeof p !== 'string' || p.length === 0 || p.length > MAX_LENGTH) return fallback;
  if (p[0] !== '/' || p[1] === '/' || p.includes('\\')) return fallback;
  if (/[\u0000-\u0020\u007f-\u009f\u2028\u2029]/.test(p)) return fallback;
  let url: URL;
  try {
    url = new URL(p, PROBE);
  } catch {
    return fallback;
  }
  if (url.origin !== PROBE) return fallback;
  const out = url.pathname + url.search + url.hash;
  if (!out.startsWith('/') || out.startsWith('//')) return fallback;
  return out;
}

/** Where each role lands when nothing else was asked for. */
export function homeFor(role: Role | string | null | undefined): string {
  return role === 'instructor' || role === 'admin' ? '/instructor' : '/';
}

/** The page to go to after signing in: `next` when it is safe, otherwise the role's home. */
export function afterSignIn(next: unknown, role: Role | string | null | undefined): string {
  const home = homeFor(role);
  const target = safeReturnPath(next, '');
  // the sign-in and sign-up pages are never a destination (they would only bounce to home)
  if (!target || /^\/(signin|signup)(?:[/?#]|$)/.test(target)) return home;
  return target;
}

/**
 * Set at sign-in, cleared at sign-out (lib/session.ts): tells "your session expired" apart from
 * "you never signed in" once the browser has dropped the expired session cookie. Says nothing
 * about who. Here so the proxy can read it without importing the session code.
 */
export const HAD_SESSION_COOKIE = 'attention-lab.had-session';

/** The request header the proxy sets to the path asked for (pathname and query). */
export const RETURN_TO_HEADER = 'x-attention-lab-return-to';

/** Areas where every page needs a signed-in account: the proxy sends cookieless visitors to sign in. */
const SIGNED_IN_AREAS = ['/instructor', '/account'];

/**
 * For the proxy: the sign-in URL for a visitor with no session cookie asking for a page of a
 * signed-in area, or null. A visitor with a cookie goes on: only the server can tell whether it
 * holds, and the page itself redirects when it does not.
 */
export function signInRedirectFor(pathname: string, returnTo: string, hasSessionCookie: boolean, hadSession: boolean): string | null {
  if (hasSessionCookie) return null;
  if (!SIGNED_IN_AREAS.some((a) => pathname === a || pathname.startsWith(`${a}/`))) return null;
  const q = new URLSearchParams();
  const next = safeReturnPath(returnTo, '');
  if (next) q.set('next', next);
  if (hadSession) q.set('reason', 'expired');
  const s = q.toString();
  return s ? `/signin?${s}` : '/signin';
}
