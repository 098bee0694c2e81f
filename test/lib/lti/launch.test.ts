// LTI 1.3 launches on a real PostgreSQL against the platform simulator (test/support/lti-platform.ts):
// the login initiation binds a state and a nonce to the browser; a launch that passes every check
// links the platform's user and course to an account and a cohort with our roles and lands on the
// linked exercise; each way a launch can be wrong is refused with a clear message, creating nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../../support/database.ts';
import { startPlatform, ROLES, LTI, type SimPlatform, type SimUser } from '../../support/lti-platform.ts';
import { syncCatalog } from '../../../lib/catalog-sync.ts';
import { addPlatform, listPlatforms, registerPlatform, toolConfiguration } from '../../../lib/lti/platforms.ts';
import { loginRedirect, readStateCookie } from '../../../lib/lti/login.ts';
import { acceptLaunch } from '../../../lib/lti/launch.ts';
import { publicJwks, rotateKeys, signingKey } from '../../../lib/lti/keys.ts';

const BASE = 'http://localhost:3000';
let t: TestDatabase;
let lms: SimPlatform;
const teacher: SimUser = { sub: 'lms-teacher-1', name: 'Tess Teacher', email: 'tess@uni.example', roles: [ROLES.instructor] };
const learner: SimUser = { sub: 'lms-learner-1', name: 'Lee Learner', email: 'lee@uni.example', roles: [ROLES.learner] };

/** A login initiation as the platform sends it, and what the browser keeps: the state, its cookie and the nonce. */
async function login(issuer = lms.issuer) {
  const r = await loginRedirect(t.db, { iss: issuer, login_hint: 'hint', target_link_uri: `${BASE}/exercises/attention/scores`, client_id: lms.clientId }, BASE);
  if (!r.ok) throw new Error(r.error);
  const nonce = new URL(r.redirect).searchParams.get('nonce')!;
  return { state: r.state, cookie: r.cookie.value, nonce, redirect: new URL(r.redirect) };
}

async function counts() {
  return { users: await t.db.user.count(), cohorts: await t.db.cohort.count(), enrollments: await t.db.enrollment.count(), links: await t.db.ltiUser.count(), contexts: await t.db.ltiContext.count() };
}

beforeAll(async () => {
  t = await freshDatabase();
  await syncCatalog(t.db);
  lms = await startPlatform();
  await addPlatform(t.db, lms.registration());
});
afterAll(async () => {
  await lms?.close();
  await t?.drop();
});

describe('the tool configuration and keys', () => {
  it('names the login, launch, deep-linking and JWKS URLs', () => {
    expect(toolConfiguration('https://lab.example.edu')).toEqual({
      loginUrl: 'https://lab.example.edu/lti/login',
      launchUrl: 'https://lab.example.edu/lti/launch',
      deepLinkingUrl: 'https://lab.example.edu/lti/launch',
      jwksUrl: 'https://lab.example.edu/lti/jwks',
    });
  });

  it('publishes the signing key, and keeps a rotated-out key published for a day', async () => {
    const first = await signingKey(t.db);
    expect((await publicJwks(t.db)).keys.map((k) => k.kid)).toEqual([first.kid]);
    const next = await rotateKeys(t.db);
    expect((await signingKey(t.db)).kid).toBe(next);
    expect((await publicJwks(t.db)).keys.map((k) => k.kid)).toEqual([next, first.kid]);
    expect((await publicJwks(t.db, new Date(Date.now() + 25 * 3600_000))).keys.map((k) => k.kid)).toEqual([next]);
    expect((await publicJwks(t.db)).keys.every((k) => !('d' in k))).toBe(true); // never the private part
  });

  it('stores the private half sealed: unreadable without AUTH_SECRET, replaced when the secret changes', async () => {
    const { openPrivate } = await import('../../../lib/lti/keys.ts');
    const { kid } = await signingKey(t.db);
    const row = await t.db.ltiKey.findUniqueOrThrow({ where: { kid } });
    expect(JSON.stringify(row.privateJwk)).not.toMatch(/"d"|"p"|"q"/);
    expect(openPrivate(row.privateJwk)).toMatchObject({ kty: 'RSA', kid });
    const saved = process.env.AUTH_SECRET;
    process.env.AUTH_SECRET = 'another-secret-entirely';
    try {
      expect(openPrivate(row.privateJwk)).toBeNull();
      const next = await signingKey(t.db); // the old one cannot be read: a new key signs
      expect(next.kid).not.toBe(kid);
    } finally {
      if (saved === undefined) delete process.env.AUTH_SECRET;
      else process.env.AUTH_SECRET = saved;
    }
  });
});

describe('registering a platform in the UI', () => {
  it('is for admins, and names the field an admin got wrong', async () => {
    const admin = await t.db.user.create({ data: { email: 'lti-admin@example.test', role: 'admin' } });
    const instructor = await t.db.user.create({ data: { email: 'lti-instructor@example.test', role: 'instructor' } });
    const input = { issuer: 'https://moodle.example.edu', clientId: 'm-1', deploymentIds: ['1'], authUrl: 'https://moodle.example.edu/mod/lti/auth.php', tokenUrl: 'https://moodle.example.edu/mod/lti/token.php', jwksUrl: 'https://moodle.example.edu/mod/lti/certs.php' };
    await expect(registerPlatform(t.db, { id: instructor.id }, input)).rejects.toMatchObject({ status: 403 });
    await expect(registerPlatform(t.db, { id: admin.id }, { ...input, tokenUrl: 'nope' })).rejects.toMatchObject({ status: 400, field: 'tokenUrl' });
    expect(await registerPlatform(t.db, { id: admin.id }, input)).toMatchObject({ created: true });
    expect((await listPlatforms(t.db, { id: admin.id })).map((p) => p.issuer)).toContain('https://moodle.example.edu');
  });
});

describe('login initiation', () => {
  it('redirects to the platform with a fresh state and nonce bound to the browser', async () => {
    const a = await login();
    const b = await login();
    expect(a.redirect.origin + a.redirect.pathname).toBe(lms.authUrl);
    expect(Object.fromEntries(a.redirect.searchParams)).toMatchObject({ scope: 'openid', response_type: 'id_token', response_mode: 'form_post', prompt: 'none', client_id: lms.clientId, redirect_uri: `${BASE}/lti/launch`, login_hint: 'hint' });
    expect(a.state).not.toBe(b.state);
    expect(readStateCookie(a.state, a.cookie)).toMatchObject({ nonce: a.nonce });
    expect(readStateCookie(b.state, a.cookie)).toBeNull(); // one state's cookie does not open another
    expect(readStateCookie(a.state, a.cookie, Date.now() + 11 * 60_000)).toBeNull(); // ten minutes at most
  });

  it('refuses an unknown issuer, a foreign target and a missing hint', async () => {
    expect(await loginRedirect(t.db, { iss: 'https://unknown.example', login_hint: 'h', target_link_uri: `${BASE}/` }, BASE)).toMatchObject({ ok: false, status: 403, error: expect.stringMatching(/not registered/) });
    expect(await loginRedirect(t.db, { iss: lms.issuer, login_hint: 'h', target_link_uri: 'https://evil.example/' }, BASE)).toMatchObject({ ok: false, status: 400 });
    expect(await loginRedirect(t.db, { iss: lms.issuer, target_link_uri: `${BASE}/` }, BASE)).toMatchObject({ ok: false, status: 400 });
  });
});

describe('a launch', () => {
  it("refuses a learner before the instructor's first launch, creating nothing", async () => {
    const before = await counts();
    const l = await login();
    const r = await acceptLaunch(t.db, { idToken: await lms.idToken(learner, l.nonce), state: l.state, stateCookie: l.cookie });
    expect(r).toMatchObject({ ok: false, status: 403, error: expect.stringMatching(/instructor has not opened this tool/) });
    expect(await counts()).toEqual(before);
  });

  it("links the instructor's first launch to a new cohort named after the course, as its instructor", async () => {
    const l = await login();
    const r = await acceptLaunch(t.db, { idToken: await lms.idToken(teacher, l.nonce), state: l.state, stateCookie: l.cookie });
    if (!r.ok) throw new Error(r.error);
    expect(r.staff).toBe(true);
    const user = await t.db.user.findUniqueOrThrow({ where: { id: r.user.id } });
    expect(user).toMatchObject({ email: 'tess@uni.example', name: 'Tess Teacher', role: 'instructor' });
    const cohort = await t.db.cohort.findUniqueOrThrow({ where: { id: r.cohortId } });
    expect(cohort.name).toBe(lms.context.title);
    expect(await t.db.enrollment.findFirst({ where: { cohortId: r.cohortId, userId: user.id } })).toMatchObject({ role: 'instructor' });
    expect(r.redirectTo).toBe(`/instructor/cohorts/${r.cohortId}`); // no exercise linked: the cohort's page
  });

  it('links a learner to the same cohort as a student and lands on the linked exercise', async () => {
    const l = await login();
    const r = await acceptLaunch(t.db, { idToken: await lms.idToken(learner, l.nonce, { [LTI + 'custom']: { exercise: 'attention/scaled-dot-product' } }), state: l.state, stateCookie: l.cookie });
    if (!r.ok) throw new Error(r.error);
    expect(r).toMatchObject({ staff: false, redirectTo: '/exercises/attention/scaled-dot-product' });
    expect(await t.db.enrollment.findFirst({ where: { cohortId: r.cohortId, userId: r.user.id } })).toMatchObject({ role: 'student' });
    expect((await t.db.user.findUniqueOrThrow({ where: { id: r.user.id } })).role).toBe('student');
    // the next launch finds the same account and cohort
    const again = await login();
    const r2 = await acceptLaunch(t.db, { idToken: await lms.idToken(learner, again.nonce), state: again.state, stateCookie: again.cookie });
    if (!r2.ok) throw new Error(r2.error);
    expect([r2.user.id, r2.cohortId]).toEqual([r.user.id, r.cohortId]);
    expect(await t.db.ltiUser.count({ where: { userId: r.user.id } })).toBe(1);
  });

  it('lands on a published authored exercise or question the link names, and on the course map for an id in no catalog', async () => {
    await t.db.exercise.create({ data: { id: 'my-course/own-question', source: 'authored', kind: 'question', title: 'Own', module: 'my-course', moduleOrder: 100, order: 1, points: 10, contentVersion: 'v1' } });
    for (const [id, lands] of [['my-course/own-question', '/exercises/my-course/own-question'], ['my-course/nothing', '/']] as const) {
      const l = await login();
      const r = await acceptLaunch(t.db, { idToken: await lms.idToken(learner, l.nonce, { [LTI + 'custom']: { exercise: id } }), state: l.state, stateCookie: l.cookie });
      if (!r.ok) throw new Error(r.error);
      expect(r.redirectTo).toBe(lands);
    }
  });

  it('refuses every wrong launch with a clear message and creates nothing', async () => {
    const stranger: SimUser = { sub: 'lms-stranger', email: 'stranger@uni.example', roles: [ROLES.learner] };
    const cases: [string, () => Promise<Parameters<typeof acceptLaunch>[1]>, RegExp][] = [
      ['a wrong signature', async () => { const l = await login(); return { idToken: await lms.idToken(stranger, l.nonce, {}, { foreignKey: true }), state: l.state, stateCookie: l.cookie }; }, /no key of the platform matches|signature/],
      ['an expired token', async () => { const l = await login(); return { idToken: await lms.idToken(stranger, l.nonce, {}, { expiresIn: -60 }), state: l.state, stateCookie: l.cookie }; }, /expired/],
      ['a wrong aud', async () => { const l = await login(); return { idToken: await lms.idToken(stranger, l.nonce, {}, { audience: 'another-tool' }), state: l.state, stateCookie: l.cookie }; }, /aud/],
      ['an unknown deployment', async () => { const l = await login(); return { idToken: await lms.idToken(stranger, l.nonce, { [LTI + 'deployment_id']: 'deployment-9' }), state: l.state, stateCookie: l.cookie }; }, /deployment deployment-9 is not registered/],
      ['a state that does not match the browser', async () => { const l = await login(); const other = await login(); return { idToken: await lms.idToken(stranger, l.nonce), state: l.state, stateCookie: other.cookie }; }, /did not start in this browser/],
      ['no state cookie at all', async () => { const l = await login(); return { idToken: await lms.idToken(stranger, l.nonce), state: l.state, stateCookie: undefined }; }, /did not start in this browser/],
      ['a nonce other than the browser was given', async () => { const l = await login(); return { idToken: await lms.idToken(stranger, 'another-nonce'), state: l.state, stateCookie: l.cookie }; }, /nonce/],
      ['an unknown issuer', async () => { const l = await login(); return { idToken: await lms.idToken(stranger, l.nonce, {}, { issuer: 'https://impostor.example' }), state: l.state, stateCookie: l.cookie }; }, /iss/],
      ['another LTI version', async () => { const l = await login(); return { idToken: await lms.idToken(stranger, l.nonce, { [LTI + 'version']: '1.1' }), state: l.state, stateCookie: l.cookie }; }, /1\.3\.0/],
      ['a garbled token', async () => { const l = await login(); return { idToken: 'not.a.jwt', state: l.state, stateCookie: l.cookie }; }, /refused/],
    ];
    for (const [what, make, message] of cases) {
      const before = await counts();
      const r = await acceptLaunch(t.db, await make());
      expect(r.ok, what).toBe(false);
      if (!r.ok) expect(r.error, what).toMatch(message);
      expect(await counts(), what).toEqual(before);
    }
  });

  it('refuses a replayed launch (the same nonce twice)', async () => {
    const l = await login();
    const input = { idToken: await lms.idToken(learner, l.nonce), state: l.state, stateCookie: l.cookie };
    expect((await acceptLaunch(t.db, input)).ok).toBe(true);
    const before = await counts();
    expect(await acceptLaunch(t.db, input)).toMatchObject({ ok: false, status: 401, error: expect.stringMatching(/already used/) });
    expect(await counts()).toEqual(before);
  });
});

describe('deep linking', () => {
  const DL = 'https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings';
  const settings = { [LTI + 'message_type']: 'LtiDeepLinkingRequest', [DL]: { deep_link_return_url: 'https://lms.example/return', accept_types: ['ltiResourceLink'], accept_multiple: false, data: 'd-1' } };

  it("takes an instructor's deep-linking request to the picker, and refuses a learner's", async () => {
    const { sealDeepLink, openDeepLink, deepLinkingResponse } = await import('../../../lib/lti/deep-linking.ts');
    const a = await login();
    const r = await acceptLaunch(t.db, { idToken: await lms.idToken(teacher, a.nonce, settings), state: a.state, stateCookie: a.cookie });
    if (!r.ok) throw new Error(r.error);
    expect(r.redirectTo).toBe('/lti/deep-link');
    expect(r.deepLink).toMatchObject({ returnUrl: 'https://lms.example/return', data: 'd-1', acceptMultiple: false, cohortId: r.cohortId });
    // the request travels sealed to the instructor who launched, for an hour
    const sealed = sealDeepLink(r.deepLink!, r.user.id);
    expect(openDeepLink(sealed, r.user.id)).toEqual(r.deepLink);
    expect(openDeepLink(sealed, 'someone-else')).toBeNull();
    expect(openDeepLink(sealed, r.user.id, Date.now() + 2 * 3600_000)).toBeNull();
    expect(openDeepLink(`${sealed.slice(0, -2)}xx`, r.user.id)).toBeNull();
    // one link only, as the platform asked; a second is refused, as is an unknown exercise
    await expect(deepLinkingResponse(t.db, r.deepLink!, ['attention/scores', 'foundations/dot-product'], BASE)).rejects.toThrow(/one link at a time/);
    await expect(deepLinkingResponse(t.db, r.deepLink!, ['nope/none'], BASE)).rejects.toThrow(/not in the catalog/);
    const res = await deepLinkingResponse(t.db, r.deepLink!, ['attention/scores'], BASE);
    expect(res.items).toEqual([{ exerciseId: 'attention/scores', title: expect.any(String) }]);

    const b = await login();
    expect(await acceptLaunch(t.db, { idToken: await lms.idToken(learner, b.nonce, settings), state: b.state, stateCookie: b.cookie })).toMatchObject({ ok: false, status: 403, error: expect.stringMatching(/Only instructors/) });
  });
});
