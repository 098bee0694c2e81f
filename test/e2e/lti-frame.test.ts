// LTI launches from inside the LMS's iframe, in real Chromium against the production build and the
// platform simulator (test/support/lti-platform.ts). The simulator's course page is on
// http://localhost:<port> and frames the tool on http://127.0.0.1:<port>: two sites, so the tool's
// cookies in the frame are third-party, as in Canvas or Moodle.
// - A refused launch says why inside the frame.
// - Chromium keeps the tool's partitioned cookies in the frame: the login's cookie check passes and
//   the launch runs inside the frame, landing on the exercise there.
// - With the tool's cookies blocked inside the LMS's pages (Chromium's own site setting, which
//   covers partitioned cookies too, as Safari-like browsers behave), the check fails: the frame
//   says why and offers a new window; there the whole flow runs first-party and lands on the exercise.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from './support/app.ts';
import { chromiumAvailable, openBrowser, type Browsing } from './support/browser.ts';
import { startPlatform, ROLES, type SimPlatform } from '../support/lti-platform.ts';
import { addPlatform } from '../../lib/lti/platforms.ts';

const TIMEOUT = 120_000;
const EXERCISE = 'foundations/dot-product';

describe.skipIf(!chromiumAvailable())('LTI launches inside the LMS frame', () => {
  let app: RunningApp;
  let lms: SimPlatform;
  let lmsSite: string; // the course page's origin: the simulator under another name
  const browsers: Browsing[] = [];

  /** The LMS's course page framing the tool's login for this user. */
  const coursePage = (hint: string) => {
    const login = `${app.baseUrl}/lti/login?${new URLSearchParams({ iss: lms.issuer, login_hint: hint, target_link_uri: `${app.baseUrl}/exercises/${EXERCISE}`, client_id: lms.clientId, lti_deployment_id: lms.deploymentId })}`;
    return `${lmsSite}/course?${new URLSearchParams({ tool: login })}`;
  };

  beforeAll(async () => {
    app = await startApp();
    lms = await startPlatform({ target: () => `${app.baseUrl}/exercises/${EXERCISE}` });
    lmsSite = `http://localhost:${new URL(lms.issuer).port}`;
    expect(new URL(app.baseUrl).hostname).toBe('127.0.0.1'); // another site than the course page's
    await addPlatform(app.db, { ...lms.registration(), frameOrigins: [lmsSite] });
    lms.users.set('teacher', { sub: 'frame-t-1', name: 'Fay Frame-Teacher', email: 'fay.frame@uni.example', roles: [ROLES.instructor] });
    lms.users.set('learner', { sub: 'frame-s-1', name: 'Finn Frame-Learner', email: 'finn.frame@uni.example', roles: [ROLES.learner] });
  }, 600_000);

  afterAll(async () => {
    for (const b of browsers) await b.close();
    await lms?.close();
    await app?.stop();
  }, 60_000);

  it("a refusal shows inside the frame: a learner before the instructor's first launch is told to wait", async () => {
    const b = await openBrowser(app.baseUrl);
    browsers.push(b);
    await b.page.goto(coursePage('learner'));
    const frame = b.page.frameLocator('iframe[title="Attention Lab"]');
    await frame.getByRole('heading', { name: 'This launch was refused' }).waitFor();
    await frame.getByText('Your instructor has not opened this tool from the course yet').waitFor();
  }, TIMEOUT);

  it('cookies kept in the frame: the cookie check passes and the launch lands on the exercise inside the frame', async () => {
    const b = await openBrowser(app.baseUrl);
    browsers.push(b);
    const login = b.page.waitForResponse((r) => new URL(r.url()).pathname === '/lti/login');
    const checked = b.page.waitForRequest((r) => new URL(r.url()).pathname === '/lti/cookie-check');
    const landed = b.page.waitForResponse((r) => new URL(r.url()).pathname === `/exercises/${EXERCISE}` && r.request().method() === 'GET');
    await b.page.goto(coursePage('teacher'));
    expect((await login).status()).toBe(200); // the check page, not the direct redirect
    expect(await (await checked).headerValue('cookie')).toContain('lti-cookie-check=1'); // the test cookie came back
    const exercise = await landed;
    expect(exercise.frame().parentFrame()).not.toBeNull(); // in the LMS's frame, not top-level
    expect(await exercise.headerValue('content-security-policy')).toContain(`frame-ancestors 'self' ${lmsSite}`);
    const frame = b.page.frameLocator('iframe[title="Attention Lab"]');
    await frame.getByRole('heading', { level: 1 }).first().waitFor();
    expect(b.page.url()).toBe(coursePage('teacher')); // the LMS page stayed
    expect(await app.db.user.count({ where: { email: 'fay.frame@uni.example', role: 'instructor' } })).toBe(1);
    b.assertNoExternalRequests();
  }, TIMEOUT);

  it('cookies blocked in the frame: it says so, and "Open Attention Lab in a new window" launches there onto the exercise', async () => {
    const b = await openBrowser(app.baseUrl, { blockCookies: { site: app.baseUrl, inSite: lmsSite } });
    browsers.push(b);
    await b.page.goto(coursePage('learner'));
    const frame = b.page.frameLocator('iframe[title="Attention Lab"]');
    await frame.getByRole('heading', { name: 'Your browser does not let Attention Lab sign you in inside this page' }).waitFor();
    expect(await app.db.user.count({ where: { email: 'finn.frame@uni.example' } })).toBe(0); // nothing launched in the frame
    const popup = b.context.waitForEvent('page');
    await frame.getByRole('link', { name: 'Open Attention Lab in a new window' }).click();
    const win = await popup;
    await win.waitForURL((u) => u.origin === app.baseUrl && u.pathname === `/exercises/${EXERCISE}`);
    await win.getByRole('heading', { level: 1 }).first().waitFor();
    expect(await win.locator('.exercise-meta').textContent()).toContain(lms.context.title); // in the course's cohort
    await frame.getByText('Attention Lab is open in a new window.').waitFor();
    const user = await app.db.user.findUniqueOrThrow({ where: { email: 'finn.frame@uni.example' } });
    expect(user.role).toBe('student');
    b.assertNoExternalRequests();
  }, TIMEOUT);
});
