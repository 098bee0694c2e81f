// The LTI launch (POST, form_post id_token): verified and linked by lib/lti/launch.ts; on success
// the browser gets a session and lands on the linked exercise or the course's cohort.
import { db } from '../../../lib/db.ts';
import { acceptLaunch } from '../../../lib/lti/launch.ts';
import { STATE_COOKIE_PREFIX } from '../../../lib/lti/login.ts';
import { cookies } from 'next/headers';
import { launchSessionCookie } from '../../../lib/lti/session.ts';
import { setCookieHeader } from '../../../lib/lti/cookies.ts';
import { publicOrigin } from '../../../lib/lti/origin.ts';
import { SPACE_COOKIE } from '../../../lib/current-space.ts';
import { syncContextRoster } from '../../../lib/lti/roster.ts';
import { DEEP_LINK_COOKIE, sealDeepLink } from '../../../lib/lti/deep-linking.ts';
import { FRAME_COOKIE, sealFrameOrigins } from '../../../lib/lti/frame.ts';
import { log } from '../../../lib/observability/log.ts';
import { MAX_BODY_BYTES } from '../../../lib/security-headers.ts';

export const dynamic = 'force-dynamic';

// A refusal is a sentence on a page without scripts, shown wherever the LMS put the launch: its own
// CSP (proxy.ts skips this route) lets any site frame it, since before a launch succeeds no frame
// cookie says which LMS may.
const page = (status: number, message: string) =>
  new Response(`<!doctype html><html lang="en"><meta charset="utf-8"><title>Attention Lab: launch refused</title><body><h1>This launch was refused</h1><p>${message.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`)}</p></body></html>`, {
    status,
    headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', 'Content-Security-Policy': "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors *" },
  });

export async function POST(request: Request): Promise<Response> {
  // proxy.ts, which caps other bodies, skips this route: a launch is an id_token (at most 64 KB) and a state
  if (Number(request.headers.get('content-length') ?? 0) > MAX_BODY_BYTES.api + 1024) return page(413, 'This launch is too large.');
  const form = await request.formData().catch(() => null);
  const state = form?.get('state');
  const idToken = form?.get('id_token');
  const stateCookie = typeof state === 'string' ? (await cookies()).get(STATE_COOKIE_PREFIX + state)?.value : undefined;
  const r = await acceptLaunch(db(), { idToken, state, stateCookie });
  if (!r.ok) return page(r.status, r.error);
  // an instructor's launch refreshes the course's roster, without holding up their page
  if (r.staff && r.context.membershipsUrl) void syncContextRoster(db(), r.context).catch((e: unknown) => log().warn({ err: e }, 'LTI roster sync after launch failed'));
  const base = new URL(publicOrigin(request));
  const session = await launchSessionCookie(r.user, base);
  const maxAge = session.options.maxAge;
  const headers = new Headers({ Location: new URL(r.redirectTo, base).toString(), 'Cache-Control': 'no-store' });
  headers.append('Set-Cookie', setCookieHeader(session.name, session.value, base, { maxAge }));
  headers.append('Set-Cookie', setCookieHeader(SPACE_COOKIE, r.cohortId, base, { maxAge: 60 * 60 * 24 * 365 }));
  headers.append('Set-Cookie', setCookieHeader(STATE_COOKIE_PREFIX + state, '', base, { maxAge: 0, path: '/lti' }));
  if (r.deepLink) headers.append('Set-Cookie', setCookieHeader(DEEP_LINK_COOKIE, sealDeepLink(r.deepLink, r.user.id), base, { maxAge: 3600, path: '/lti' }));
  // the LMS that launched may frame the tool in this browser (proxy.ts reads it)
  headers.append('Set-Cookie', setCookieHeader(FRAME_COOKIE, await sealFrameOrigins(r.frameOrigins, process.env.AUTH_SECRET!, maxAge), base, { maxAge }));
  // 303: the browser follows with a GET
  return new Response(null, { status: 303, headers });
}
