// OIDC login initiation from an LTI platform (GET or POST): redirect to the platform's
// authorization endpoint with a state bound to this browser (lib/lti/login.ts).
import { db } from '../../../lib/db.ts';
import { loginRedirect, type LoginRequest } from '../../../lib/lti/login.ts';
import { setCookieHeader } from '../../../lib/lti/session.ts';
import { publicOrigin } from '../../../lib/lti/origin.ts';

export const dynamic = 'force-dynamic';

async function handle(request: Request, params: URLSearchParams): Promise<Response> {
  const pick = (k: keyof LoginRequest) => params.get(k);
  const base = publicOrigin(request);
  const r = await loginRedirect(db(), { iss: pick('iss'), login_hint: pick('login_hint'), target_link_uri: pick('target_link_uri'), lti_message_hint: pick('lti_message_hint'), client_id: pick('client_id'), lti_deployment_id: pick('lti_deployment_id') }, base);
  if (!r.ok) return new Response(`${r.error}\n`, { status: r.status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } });
  const cookie = setCookieHeader(r.cookie.name, r.cookie.value, new URL(base), { maxAge: r.cookie.maxAgeSeconds, path: '/lti' });
  return new Response(null, { status: 302, headers: { Location: r.redirect, 'Set-Cookie': cookie, 'Cache-Control': 'no-store' } });
}

export async function GET(request: Request): Promise<Response> {
  return handle(request, new URL(request.url).searchParams);
}

export async function POST(request: Request): Promise<Response> {
  const form = await request.formData().catch(() => null);
  if (!form) return new Response('Send the login initiation as a form.\n', { status: 400, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  const params = new URLSearchParams();
  for (const [k, v] of form) if (typeof v === 'string') params.set(k, v);
  return handle(request, params);
}
