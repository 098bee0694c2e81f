// The deep-linking response: the exercises the instructor picked, signed, posted back to the LMS by
// an auto-submitting form (its own CSP: one nonce'd script, a form that may go to the LMS only).
import crypto from 'node:crypto';
import { cookies } from 'next/headers';
import { currentUser } from '../../../../lib/session.ts';
import { db } from '../../../../lib/db.ts';
import { DEEP_LINK_COOKIE, deepLinkingResponse, openDeepLink } from '../../../../lib/lti/deep-linking.ts';
import { publicOrigin } from '../../../../lib/lti/origin.ts';
import { crossSite } from '../../../../lib/web/json-request.ts';

export const dynamic = 'force-dynamic';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const text = (status: number, message: string) => new Response(`${message}\n`, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } });

export async function POST(request: Request): Promise<Response> {
  if (crossSite(request)) return text(403, 'This form is sent from this site only.');
  const user = await currentUser();
  if (!user) return text(401, 'Your session has expired. Add the tool again from your LMS course.');
  const req = openDeepLink((await cookies()).get(DEEP_LINK_COOKIE)?.value, user.id);
  if (!req) return text(400, 'This choice has expired or was started by someone else. Add the tool again from your LMS course.');
  const form = await request.formData().catch(() => null);
  const ids = (form?.getAll('exercise') ?? []).filter((v): v is string => typeof v === 'string' && v.length <= 140);
  let r;
  try {
    r = await deepLinkingResponse(db(), req, ids, publicOrigin(request));
  } catch (e) {
    return text(400, e instanceof Error ? e.message : String(e));
  }
  const nonce = crypto.randomBytes(16).toString('base64');
  const html = `<!doctype html><html lang="en"><meta charset="utf-8"><title>Returning to your LMS</title><body><p>Returning to your LMS with ${r.items.length} link${r.items.length === 1 ? '' : 's'}…</p><form id="dl" method="post" action="${esc(r.returnUrl)}"><input type="hidden" name="JWT" value="${esc(r.jwt)}"><noscript><button type="submit">Continue</button></noscript></form><script nonce="${nonce}">document.getElementById('dl').submit()</script></body></html>`;
  const headers = new Headers({
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'no-store',
    'Content-Security-Policy': `default-src 'none'; script-src 'nonce-${nonce}'; form-action ${new URL(r.returnUrl).origin}; base-uri 'none'; frame-ancestors 'none'`,
  });
  headers.append('Set-Cookie', `${DEEP_LINK_COOKIE}=; Path=/lti; Max-Age=0; HttpOnly`);
  return new Response(html, { headers });
}
