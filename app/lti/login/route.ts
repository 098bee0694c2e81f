// OIDC login initiation from an LTI platform (GET or POST): on to the platform's authorization
// endpoint with a state bound to this browser (lib/lti/login.ts). A top-level login is redirected
// at once; one that may be inside the LMS's iframe first checks that the browser keeps our
// cookies there, else offers a new window (lib/lti/cookie-check.ts). Its own CSP: proxy.ts skips it.
import { db } from '../../../lib/db.ts';
import { loginRedirect, type LoginRequest } from '../../../lib/lti/login.ts';
import { setCookieHeader } from '../../../lib/lti/cookies.ts';
import { publicOrigin } from '../../../lib/lti/origin.ts';
import { MAX_BODY_BYTES } from '../../../lib/security-headers.ts';
import { COOKIE_CHECK_COOKIE, cookieCheckCsp, cookieCheckPage, mayBeFramed, newWindowLoginPath } from '../../../lib/lti/cookie-check.ts';

export const dynamic = 'force-dynamic';

// a refusal is plain text, shown wherever the LMS put the login (its frame included)
const refusal = (status: number, message: string) =>
  new Response(`${message}\n`, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', 'Content-Security-Policy': "default-src 'none'; frame-ancestors *" } });

async function handle(request: Request, params: URLSearchParams): Promise<Response> {
  const pick = (k: keyof LoginRequest) => params.get(k);
  const req: LoginRequest = { iss: pick('iss'), login_hint: pick('login_hint'), target_link_uri: pick('target_link_uri'), lti_message_hint: pick('lti_message_hint'), client_id: pick('client_id'), lti_deployment_id: pick('lti_deployment_id') };
  const base = publicOrigin(request);
  const r = await loginRedirect(db(), req, base);
  if (!r.ok) return refusal(r.status, r.error);
  const headers = new Headers({ 'Cache-Control': 'no-store', Vary: 'Sec-Fetch-Dest' });
  headers.append('Set-Cookie', setCookieHeader(r.cookie.name, r.cookie.value, new URL(base), { maxAge: r.cookie.maxAgeSeconds, path: '/lti' }));
  if (!mayBeFramed(request.headers)) {
    headers.set('Location', r.redirect);
    return new Response(null, { status: 302, headers });
  }
  headers.append('Set-Cookie', setCookieHeader(COOKIE_CHECK_COOKIE, '1', new URL(base), { maxAge: r.cookie.maxAgeSeconds, path: '/lti' }));
  headers.set('Content-Type', 'text/html; charset=utf-8');
  headers.set('Content-Security-Policy', cookieCheckCsp(r.frameOrigins));
  return new Response(cookieCheckPage({ authRedirect: r.redirect, newWindowPath: newWindowLoginPath(req) }), { status: 200, headers });
}

export async function GET(request: Request): Promise<Response> {
  return handle(request, new URL(request.url).searchParams);
}

export async function POST(request: Request): Promise<Response> {
  // proxy.ts, which caps other bodies, skips this route: a login initiation is a few short fields
  if (Number(request.headers.get('content-length') ?? 0) > MAX_BODY_BYTES.api) return refusal(413, 'This login initiation is too large.');
  const form = await request.formData().catch(() => null);
  if (!form) return refusal(400, 'Send the login initiation as a form.');
  const params = new URLSearchParams();
  for (const [k, v] of form) if (typeof v === 'string') params.set(k, v);
  return handle(request, params);
}
