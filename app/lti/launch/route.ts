// The LTI launch (POST, form_post id_token): verified and linked by lib/lti/launch.ts; on success
// the browser gets a session and lands on the linked exercise or the course's cohort.
import { db } from '../../../lib/db.ts';
import { acceptLaunch } from '../../../lib/lti/launch.ts';
import { STATE_COOKIE_PREFIX } from '../../../lib/lti/login.ts';
import { launchSessionCookie } from '../../../lib/lti/session.ts';
import { publicOrigin } from '../../../lib/lti/origin.ts';
import { SPACE_COOKIE } from '../../../lib/current-space.ts';
import { syncContextRoster } from '../../../lib/lti/roster.ts';
import { DEEP_LINK_COOKIE, sealDeepLink } from '../../../lib/lti/deep-linking.ts';
import { FRAME_COOKIE, sealFrameOrigins } from '../../../lib/lti/frame.ts';
import { log } from '../../../lib/observability/log.ts';

export const dynamic = 'force-dynamic';

function cookieOf(request: Request, name: string): string | undefined {
  for (const part of (request.headers.get('cookie') ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return part.slice(i + 1).trim();
  }
  return undefined;
}

const page = (status: number, message: string) =>
  new Response(`<!doctype html><html lang="en"><meta charset="utf-8"><title>Attention Lab: launch refused</title><body><h1>This launch was refused</h1><p>${message.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`)}</p></body></html>`, {
    status,
    headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' },
  });

export async function POST(request: Request): Promise<Response> {
  const form = await request.formData().catch(() => null);
  const state = form?.get('state');
  const idToken = form?.get('id_token');
  const stateCookie = typeof state === 'string' ? cookieOf(request, STATE_COOKIE_PREFIX + state) : undefined;
  const r = await acceptLaunch(db(), { idToken, state, stateCookie });
  if (!r.ok) return page(r.status, r.error);
  // an instructor's launch refreshes the course's roster, without holding up their page
  if (r.staff && r.context.membershipsUrl) void syncContextRoster(db(), r.context).catch((e: unknown) => log().warn({ err: e }, 'LTI roster sync after launch failed'));
  const base = new URL(publicOrigin(request));
  const session = await launchSessionCookie(r.user, base);
  const o = session.options;
  const attrs = (name: string, value: string, maxAge: number, path = '/') =>
    [`${name}=${value}`, `Path=${path}`, 'HttpOnly', `Max-Age=${maxAge}`, `SameSite=${o.sameSite === 'none' ? 'None' : 'Lax'}`, ...(o.secure ? ['Secure'] : []), ...(o.partitioned ? ['Partitioned'] : [])].join('; ');
  const headers = new Headers({ Location: new URL(r.redirectTo, base).toString(), 'Cache-Control': 'no-store' });
  headers.append('Set-Cookie', attrs(session.name, session.value, o.maxAge));
  headers.append('Set-Cookie', attrs(SPACE_COOKIE, r.cohortId, 60 * 60 * 24 * 365));
  headers.append('Set-Cookie', attrs(STATE_COOKIE_PREFIX + state, '', 0, '/lti'));
  if (r.deepLink) headers.append('Set-Cookie', attrs(DEEP_LINK_COOKIE, sealDeepLink(r.deepLink, r.user.id), 3600, '/lti'));
  // the LMS that launched may frame the tool in this browser (proxy.ts reads it)
  headers.append('Set-Cookie', attrs(FRAME_COOKIE, await sealFrameOrigins(r.frameOrigins, process.env.AUTH_SECRET!, o.maxAge), o.maxAge));
  // 303: the browser follows with a GET
  return new Response(null, { status: 303, headers });
}
