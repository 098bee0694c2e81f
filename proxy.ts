// Runs before every page, action and route handler: a fresh CSP nonce per request, and a cap on
// declared request body sizes. It decides nothing about sessions: every page and action checks
// the session itself on the server (lib/session.ts), so a matcher change cannot open a hole.
import { NextResponse, type NextRequest } from 'next/server';
import { contentSecurityPolicy, makeNonce, MAX_BODY_BYTES } from './lib/security-headers.ts';

export function proxy(request: NextRequest) {
  const declared = Number(request.headers.get('content-length') ?? 0);
  const cap = request.nextUrl.pathname.startsWith('/api/') ? MAX_BODY_BYTES.api : MAX_BODY_BYTES.other;
  if (declared > cap) {
    return new NextResponse(`Request body too large (limit ${Math.round(cap / 1024)} KB).`, { status: 413, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  }

  const nonce = makeNonce();
  const csp = contentSecurityPolicy({ nonce, dev: process.env.NODE_ENV === 'development' });
  // Next reads the nonce from the request's CSP header and puts it on the scripts it renders.
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('content-security-policy', csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('content-security-policy', csp);
  return response;
}

export const config = {
  matcher: [{ source: '/((?!_next/static|_next/image|favicon.ico).*)' }],
};
