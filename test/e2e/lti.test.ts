// LTI 1.3 launches in real Chromium against the production build and the platform simulator
// (test/support/lti-platform.ts, standing in for an LMS): the browser follows the real flow (the
// platform's login initiation, the tool's redirect to the platform's authorization endpoint, the
// form post of the signed id_token back to /lti/launch). An instructor's first launch makes the
// course's cohort; a deep-linking launch lets them pick exercises that go back to the LMS signed; a learner's launch signs them in and opens the linked exercise in that cohort,
// where they submit, and the score reaches the platform's line item (AGS); the roster syncs from
// the LMS course (NRPS); a launch started in another browser is refused with a message.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, startApp, type RunningApp } from './support/app.ts';
import { chromiumAvailable, openBrowser, type Browsing } from './support/browser.ts';
import { typeIntoEditor } from './support/monaco.ts';
import { startPlatform, ROLES, type SimPlatform } from '../support/lti-platform.ts';
import { addPlatform } from '../../lib/lti/platforms.ts';

const TIMEOUT = 120_000;
const EXERCISE = 'foundations/dot-product';
const SOLUTION = fs.readFileSync(path.join(ROOT, 'exercises', EXERCISE, 'solution.ts'), 'utf8');

describe.skipIf(!chromiumAvailable())('LTI 1.3 launches in the browser', () => {
  let app: RunningApp;
  let lms: SimPlatform;
  let teacher: Browsing;
  let learner: Browsing;

  /** Where the LMS sends a user's browser to open the tool (the OIDC login initiation). */
  const launchUrl = (hint: string, messageHint?: string) =>
    `${app.baseUrl}/lti/login?${new URLSearchParams({ iss: lms.issuer, login_hint: hint, target_link_uri: `${app.baseUrl}/exercises/${EXERCISE}`, client_id: lms.clientId, lti_deployment_id: lms.deploymentId, ...(messageHint ? { lti_message_hint: messageHint } : {}) })}`;

  beforeAll(async () => {
    app = await startApp();
    lms = await startPlatform({ target: () => `${app.baseUrl}/exercises/${EXERCISE}` });
    await addPlatform(app.db, lms.registration());
    lms.toolJwksUrl = `${app.baseUrl}/lti/jwks`; // the platform verifies the tool's token requests with it
    lms.users.set('teacher', { sub: 'lms-t-1', name: 'Lena LMS-Teacher', email: 'lena.lms@uni.example', roles: [ROLES.instructor] });
    lms.users.set('learner', { sub: 'lms-s-1', name: 'Sam LMS-Learner', email: 'sam.lms@uni.example', roles: [ROLES.learner] });
    teacher = await openBrowser(app.baseUrl);
    learner = await openBrowser(app.baseUrl);
  }, 600_000);

  afterAll(async () => {
    await teacher?.close();
    await learner?.close();
    await lms?.close();
    await app?.stop();
  }, 60_000);

  it("a learner before the instructor's first launch is told to wait, and nothing is made", async () => {
    const launched = learner.page.waitForResponse((r) => new URL(r.url()).pathname === '/lti/launch');
    await learner.page.goto(launchUrl('learner'));
    expect((await launched).status()).toBe(403);
    await learner.page.getByRole('heading', { name: 'This launch was refused' }).waitFor();
    expect(await learner.page.textContent('body')).toContain('Your instructor has not opened this tool from the course yet');
    expect(await app.db.user.count({ where: { email: 'sam.lms@uni.example' } })).toBe(0);
  }, TIMEOUT);

  it("the instructor's first launch makes the course's cohort and opens the linked exercise as its instructor", async () => {
    await teacher.page.goto(launchUrl('teacher'));
    await teacher.page.waitForURL((u) => u.pathname === `/exercises/${EXERCISE}`);
    const ctx = await app.db.ltiContext.findUniqueOrThrow({ where: { platformId_contextId: { platformId: (await app.db.ltiPlatform.findFirstOrThrow({ where: { issuer: lms.issuer } })).id, contextId: lms.context.id } }, include: { cohort: true } });
    expect(ctx.cohort.name).toBe(lms.context.title);
    const user = await app.db.user.findUniqueOrThrow({ where: { email: 'lena.lms@uni.example' } });
    expect(user.role).toBe('instructor');
    expect(await app.db.enrollment.findFirst({ where: { cohortId: ctx.cohortId, userId: user.id } })).toMatchObject({ role: 'instructor' });
    await teacher.page.goto(`/instructor/cohorts/${ctx.cohortId}`);
    await teacher.page.getByRole('heading', { level: 1, name: lms.context.title }).waitFor();
  }, TIMEOUT);

  it('an instructor deep-links two exercises: the LMS gets signed links, each with its line item', async () => {
    const { page } = teacher;
    await page.goto(launchUrl('teacher', 'deep-link'));
    await page.waitForURL((u) => u.pathname === '/lti/deep-link');
    const form = page.getByRole('form', { name: 'Exercises to link' });
    await form.locator(`input[value="${EXERCISE}"]`).check();
    await form.locator('input[value="attention/scores"]').check();
    await form.getByRole('button', { name: 'Add to the course' }).click();
    await page.getByRole('heading', { name: 'Links added to the course' }).waitFor();
    const response = lms.deepLinks.at(-1)!;
    expect(response['https://purl.imsglobal.org/spec/lti/claim/message_type']).toBe('LtiDeepLinkingResponse');
    expect(response['https://purl.imsglobal.org/spec/lti-dl/claim/data']).toBe('sim-opaque-data');
    const items = response['https://purl.imsglobal.org/spec/lti-dl/claim/content_items'] as { type: string; url: string; custom: { exercise: string }; lineItem: { scoreMaximum: number } }[];
    expect(items.map((i) => [i.type, i.custom.exercise, i.lineItem.scoreMaximum, i.url])).toEqual([
      ['ltiResourceLink', EXERCISE, 10, `${app.baseUrl}/lti/launch`],
      ['ltiResourceLink', 'attention/scores', (await app.db.exercise.findUniqueOrThrow({ where: { id: 'attention/scores' } })).points, `${app.baseUrl}/lti/launch`],
    ]);
  }, TIMEOUT);

  it('a learner launch signs them in, opens the exercise in the course cohort, and their submission counts there', async () => {
    const { page } = learner;
    const landed = page.waitForResponse((r) => new URL(r.url()).pathname === `/exercises/${EXERCISE}` && r.request().method() === 'GET');
    await page.goto(launchUrl('learner'));
    await page.waitForURL((u) => u.pathname === `/exercises/${EXERCISE}`);
    // the LMS that launched (and only it) may frame the tool in this browser
    const csp = (await (await landed).headerValue('content-security-policy')) ?? '';
    expect(csp).toContain(`frame-ancestors 'self' ${new URL(lms.issuer).origin}`);
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    expect(await page.locator('.exercise-meta').textContent()).toContain(lms.context.title); // the space it works in
    await typeIntoEditor(page, SOLUTION);
    await page.keyboard.press('ControlOrMeta+Shift+Enter');
    await page.getByText('Full marks: exercise solved.').waitFor({ timeout: 60_000 });
    const user = await app.db.user.findUniqueOrThrow({ where: { email: 'sam.lms@uni.example' } });
    const sub = await app.db.submission.findFirstOrThrow({ where: { userId: user.id, exerciseId: EXERCISE, kind: 'submit' }, include: { cohort: true } });
    expect(sub.cohort?.name).toBe(lms.context.title);
    // the score reaches the platform's line item (the worker posts it through the queue)
    const deadline = Date.now() + 60_000;
    while (!lms.scores.some((x) => x.userId === 'lms-s-1') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 500));
    expect(lms.scores.find((x) => x.userId === 'lms-s-1')).toMatchObject({ lineItem: lms.lineItemUrl, scoreGiven: sub.score, scoreMaximum: 10, gradingProgress: 'FullyGraded' });
    learner.assertNoExternalRequests();
    // the instructor sees it sent, on the course's cohort page
    const cohort = await app.db.cohort.findFirstOrThrow({ where: { name: lms.context.title } });
    await teacher.page.goto(`/instructor/cohorts/${cohort.id}`);
    const row = teacher.page.locator('[data-testid="lms-passback"] tr[data-passback]');
    await row.first().waitFor();
    expect(await row.first().getAttribute('data-passback')).toBe('sent');
    expect(await row.first().textContent()).toContain(`${sub.score} / 10`);
  }, TIMEOUT);

  it("syncs the roster from the LMS course: a member who never launched joins the cohort's roster", async () => {
    lms.members.push({ user_id: 'lms-s-2', name: 'Rosa Roster', email: 'rosa.lms@uni.example', roles: [ROLES.learner] });
    const cohort = await app.db.cohort.findFirstOrThrow({ where: { name: lms.context.title } });
    const { page } = teacher;
    await page.goto(`/instructor/cohorts/${cohort.id}`);
    const form = page.getByRole('form', { name: 'Sync the roster from the LMS' });
    await form.getByRole('button', { name: 'Sync the roster from the LMS' }).click();
    await form.getByRole('status').filter({ hasText: /The LMS lists 3 members: \d+ added/ }).waitFor();
    expect(await app.db.enrollment.count({ where: { cohortId: cohort.id, user: { email: 'rosa.lms@uni.example' }, role: 'student' } })).toBe(1);
    await page.reload();
    await page.getByRole('link', { name: 'Rosa Roster' }).waitFor();
  }, TIMEOUT);

  it('refuses a launch posted from a browser that did not start it', async () => {
    // the id_token form post arrives in a browser without the state cookie (a forged or stolen launch)
    const other = await openBrowser(app.baseUrl);
    try {
      const token = await lms.idToken(lms.users.get('learner')!, 'some-nonce');
      const res = await other.page.request.post(`${app.baseUrl}/lti/launch`, { form: { id_token: token, state: 'a-state-this-browser-never-got' }, maxRedirects: 0 });
      expect(res.status()).toBe(401);
      expect(await res.text()).toContain('did not start in this browser');
    } finally {
      await other.close();
    }
  }, TIMEOUT);
});
