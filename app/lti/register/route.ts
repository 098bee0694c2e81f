// LTI Dynamic Registration's entry (GET, opened by the LMS in a frame or window): registers the
// platform (lib/lti/dynamic-registration.ts) and tells the LMS it is done. Its own CSP: one
// nonce'd script, and it may be framed (the LMS shows it in its admin pages).
import crypto from 'node:crypto';
import { db } from '../../../lib/db.ts';
import { registerDynamically } from '../../../lib/lti/dynamic-registration.ts';
import { publicOrigin } from '../../../lib/lti/origin.ts';

export const dynamic = 'force-dynamic';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export async function GET(request: Request): Promise<Response> {
  const q = new URL(request.url).searchParams;
  const r = await registerDynamically(db(), { toolToken: q.get('tool_token'), openidConfiguration: q.get('openid_configuration'), registrationToken: q.get('registration_token') }, publicOrigin(request));
  const nonce = crypto.randomBytes(16).toString('base64');
  const body = r.ok
    ? `<h1>Attention Lab is registered</h1><p>Platform ${esc(r.issuer)}, client ${esc(r.clientId)}, deployment ${esc(r.deploymentId ?? '')}. You can close this window.</p><script nonce="${nonce}">(window.opener || window.parent).postMessage({ subject: 'org.imsglobal.lti.close' }, '*')</script>`
    : `<h1>Registration refused</h1><p>${esc(r.error)}</p>`;
  return new Response(`<!doctype html><html lang="en"><meta charset="utf-8"><title>Attention Lab: LTI registration</title><body>${body}</body></html>`, {
    status: r.ok ? 200 : 400,
    headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', 'Content-Security-Policy': `default-src 'none'; script-src 'nonce-${nonce}'; base-uri 'none'; form-action 'none'; frame-ancestors *` },
  });
}
