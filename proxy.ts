// Runs before every page, action and route handler (but the JSON API's, see the matcher): a fresh
// CSP nonce per request, a cap on declared request body sizes, and the sign-in redirect for
// visitors without any session cookie on the signed-in areas, carrying the page they asked for. It
// decides nothing else about sessions: every page and action checks the session itself on the
// server (lib/session.ts), so a matcher change cannot open a hole. It also hands pages the path
// asked for (x-return-to), so a layout's check sends an expired session back to the deep URL rather
// than the area's front page.
import { NextResponse, type NextRequest } from 'next/server';
import { contentSecurityPolicy, makeNonce, MAX_BODY_BYTES } from './lib/security-headers.ts';
import { HAD_SESSION_COOKIE, RETURN_TO_HEADER, signInRedirectFor } from './lib/return-to.ts';
import { FRAME_COOKIE, openFrameOrigins } from './lib/lti/frame.ts';

export async function proxy(request: NextRequest) {
  const declared = Number(request.headers.get('content-length') ?? 0);
  const cap = request.nextUrl.pathname.startsWith('/api/') ? MAX_BODY_BYTES.api : MAX_BODY_BYTES.other;
  if (declared > cap) {
    return new NextResponse(`Request body too large (limit ${Math.round(cap / 1024)} KB).`, { status: 413, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  }

  const returnTo = request.nextUrl.pathname + stripInternal(request.nextUrl.searchParams);
  const hasCookie = request.cookies.getAll().some((c) => /^(__Secure-)?authjs\.session-token(\.\d+)?$/.test(c.name));
  const isPageGet = (request.method === 'GET' || request.method === 'HEAD') && !request.headers.has('next-action');
  const to = isPageGet ? signInRedirectFor(request.nextUrl.pathname, returnTo, hasCookie, request.cookies.has(HAD_SESSION_COOKIE)) : null;
  if (to) return NextResponse.redirect(new URL(to, request.url), 307);

  const nonce = makeNonce();
  // framing is allowed only to the LMS that launched this browser (an HMAC'd cookie, lib/lti/frame.ts)
  const lms = request.cookies.get(FRAME_COOKIE)?.value;
  const frameAncestors = lms ? await openFrameOrigins(lms, process.env.AUTH_SECRET) : [];
  const csp = contentSecurityPolicy({ nonce, dev: process.env.NODE_ENV === 'development', frameAncestors });
  // Next reads the nonce from the request's CSP header and puts it on the scripts it renders.
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('content-security-policy', csp);
  requestHeaders.set(RETURN_TO_HEADER, returnTo); // overwrites whatever a client sent
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('content-security-policy', csp);
  return response;
}

/** The query string without Next's own `_rsc` cache-buster. */
function stripInternal(params: URLSearchParams): string {
  const q = new URLSearchParams(params);
  q.delete('_rsc');
  const s = q.toString();
  return s ? `?${s}` : '';
}

// Not the JSON API's own routes (health, runs, submissions and their streams): they answer JSON (no CSP, no sign-in redirect, no return
// path to carry) and cap their bodies as they read them (lib/web/json-request.ts), and skipping the
// proxy there saves each status read, verdict stream and submit a share of its CPU under a burst.
export const config = {
  // nor the deep-linking response, the dynamic registration and the LTI login and launch, which set
  // their own policies (a form that goes to the LMS; a page the LMS frames; the login's cookie check
  // and the launch's refusals, framed by the LMS before any launch has left the frame cookie)
  matcher: [{ source: '/((?!_next/static|_next/image|favicon.ico|api/(?:health|runs|submissions)(?:/|$)|lti/deep-link/response$|lti/register$|lti/login$|lti/launch$).*)' }],
};
