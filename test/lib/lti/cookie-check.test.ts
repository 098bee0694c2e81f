// The login's cookie check (lib/lti/cookie-check.ts), through the real /lti/login route handler on a
// real PostgreSQL with the platform simulator registered: a top-level login still goes straight to
// the platform; a login that may be inside the LMS's iframe gets the check page, with the state
// cookie and a test cookie, its own CSP (our script only, framed by the platform's sites only), the
// way on to the platform and a new-window link with the same login parameters. Refusals stay plain
// sentences, shown in the frame too. The browser side runs in test/e2e/lti-frame.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../../support/database.ts';
import { startPlatform, type SimPlatform } from '../../support/lti-platform.ts';
import { addPlatform } from '../../../lib/lti/platforms.ts';
import { readStateCookie, STATE_COOKIE_PREFIX } from '../../../lib/lti/login.ts';
import { COOKIE_CHECK_COOKIE, COOKIE_CHECK_SCRIPT, COOKIE_CHECK_SCRIPT_PATH, mayBeFramed, newWindowLoginPath } from '../../../lib/lti/cookie-check.ts';
import { db } from '../../../lib/db.ts';
import * as loginRoute from '../../../app/lti/login/route.ts';
import * as scriptRoute from '../../../app/lti/cookie-check.js/route.ts';

const BASE = 'http://localhost:3000';
const LMS_SITE = 'https://school.lms.example';
let t: TestDatabase;
let lms: SimPlatform;

beforeAll(async () => {
  t = await freshDatabase();
  process.env.DATABASE_URL = t.url; // the route handler's db()
  lms = await startPlatform();
  await addPlatform(t.db, { ...lms.registration(), frameOrigins: [`${LMS_SITE}/courses/1`] });
});
afterAll(async () => {
  await db().$disconnect();
  await lms?.close();
  await t?.drop();
});

const params = () => ({ iss: lms.issuer, login_hint: 'learner-7', target_link_uri: `${BASE}/exercises/attention/scores`, client_id: lms.clientId, lti_deployment_id: lms.deploymentId });

function get(query: Record<string, string>, dest?: string) {
  return loginRoute.GET(new Request(`${BASE}/lti/login?${new URLSearchParams(query)}`, { headers: dest ? { 'sec-fetch-dest': dest } : {} }));
}

/** name -> value of every cookie the response sets. */
function setCookies(res: Response): Map<string, { value: string; attributes: string }> {
  return new Map(
    res.headers.getSetCookie().map((c) => {
      const [pair, ...attrs] = c.split('; ');
      const i = pair.indexOf('=');
      return [pair.slice(0, i), { value: pair.slice(i + 1), attributes: attrs.join('; ') }];
    }),
  );
}

const directive = (csp: string, name: string) => csp.split('; ').find((d) => d.startsWith(`${name} `));

describe('which logins may be framed', () => {
  it('only a top-level navigation is sure not to be: an iframe, or a browser that sends no Sec-Fetch-Dest, gets the check', () => {
    expect(mayBeFramed(new Headers({ 'sec-fetch-dest': 'document' }))).toBe(false);
    expect(mayBeFramed(new Headers({ 'sec-fetch-dest': 'iframe' }))).toBe(true);
    expect(mayBeFramed(new Headers({ 'sec-fetch-dest': 'frame' }))).toBe(true);
    expect(mayBeFramed(new Headers())).toBe(true);
  });

  it('the new window reopens the login with the same parameters, leaving out those the platform did not send', () => {
    const path = newWindowLoginPath({ iss: 'https://lms.example', login_hint: 'h 1', target_link_uri: 'https://lab.example/x', lti_message_hint: null, client_id: 'c', lti_deployment_id: undefined });
    expect(path).toBe('/lti/login?iss=https%3A%2F%2Flms.example&login_hint=h+1&target_link_uri=https%3A%2F%2Flab.example%2Fx&client_id=c');
  });
});

describe('GET /lti/login', () => {
  it('top-level: redirects to the platform at once, with the state cookie and no check', async () => {
    const res = await get(params(), 'document');
    expect(res.status).toBe(302);
    const to = new URL(res.headers.get('location')!);
    expect(`${to.origin}${to.pathname}`).toBe(lms.authUrl);
    const cookies = setCookies(res);
    const state = to.searchParams.get('state')!;
    expect(readStateCookie(state, cookies.get(STATE_COOKIE_PREFIX + state)?.value)).toMatchObject({ nonce: to.searchParams.get('nonce') });
    expect(cookies.has(COOKIE_CHECK_COOKIE)).toBe(false);
  });

  for (const [how, dest] of [
    ['inside an iframe', 'iframe'],
    ['without Fetch Metadata', undefined],
  ] as const) {
    it(`${how}: answers the check page, with the state cookie and a test cookie of the same kind`, async () => {
      const res = await get(params(), dest);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/html');
      expect(res.headers.get('cache-control')).toBe('no-store');
      const html = await res.text();
      // the way on: the platform's authorization URL with the state whose cookie was just set
      const onward = new URL(/data-continue="([^"]+)"/.exec(html)![1].replace(/&#38;/g, '&'));
      expect(`${onward.origin}${onward.pathname}`).toBe(lms.authUrl);
      const state = onward.searchParams.get('state')!;
      const cookies = setCookies(res);
      expect(readStateCookie(state, cookies.get(STATE_COOKIE_PREFIX + state)?.value)).toMatchObject({ nonce: onward.searchParams.get('nonce') });
      expect(cookies.get(COOKIE_CHECK_COOKIE)).toEqual({ value: '1', attributes: cookies.get(STATE_COOKIE_PREFIX + state)!.attributes });
      // the new window: the same login, top-level
      const link = /<a class="button" id="new-window" href="([^"]+)" target="_blank" rel="noopener">Open Attention Lab in a new window<\/a>/.exec(html);
      expect(link?.[1].replace(/&#38;/g, '&')).toBe(`/lti/login?${new URLSearchParams(params())}`);
      expect(html).toContain('Your browser does not let Attention Lab sign you in inside this page');
    });
  }

  it("the check page runs only our own script and may be framed only by the platform's sites", async () => {
    const res = await get(params(), 'iframe');
    const html = await res.text();
    const csp = res.headers.get('content-security-policy')!;
    expect(directive(csp, 'script-src')).toBe("script-src 'self'");
    expect(directive(csp, 'connect-src')).toBe("connect-src 'self'");
    expect(directive(csp, 'frame-ancestors')).toBe(`frame-ancestors 'self' ${LMS_SITE} ${new URL(lms.issuer).origin}`);
    expect([...html.matchAll(/<script[^>]*>/g)].map((m) => m[0])).toEqual([`<script src="${COOKIE_CHECK_SCRIPT_PATH}" defer>`]);
  });

  it('the script it loads is served from this origin as JavaScript, and checks /lti/cookie-check with this frame’s cookies', async () => {
    const res = scriptRoute.GET();
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const js = await res.text();
    expect(js).toBe(COOKIE_CHECK_SCRIPT);
    expect(js).toContain(`fetch("/lti/cookie-check", { credentials: 'same-origin'`);
    expect(() => new Function(js)).not.toThrow(); // it parses
  });

  it('a refusal is a plain sentence that shows inside the frame too, and sets no cookie', async () => {
    const res = await get({ ...params(), iss: 'https://unknown-lms.example' }, 'iframe');
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toContain('text/plain');
    expect(directive(res.headers.get('content-security-policy')!, 'frame-ancestors')).toBe('frame-ancestors *');
    expect(await res.text()).toContain('The platform https://unknown-lms.example is not registered with this tool');
    expect(res.headers.getSetCookie()).toEqual([]);
  });
});

describe('POST /lti/login', () => {
  it('a form-post initiation inside a frame gets the same check, and its new window reopens it as a GET', async () => {
    const res = await loginRoute.POST(new Request(`${BASE}/lti/login`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-dest': 'iframe' }, body: new URLSearchParams(params()) }));
    expect(res.status).toBe(200);
    expect((await res.text()).replace(/&#38;/g, '&')).toContain(`href="/lti/login?${new URLSearchParams(params())}" target="_blank"`);
  });

  it('refuses an oversized body before reading it', async () => {
    const res = await loginRoute.POST(new Request(`${BASE}/lti/login`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(1024 * 1024) }, body: 'x=1' }));
    expect(res.status).toBe(413);
  });
});
