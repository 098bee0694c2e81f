// Who may open what, in real Chromium against the production build: anonymous visitors are sent
// to sign in, a student cannot open another student's submission by URL (page or status route)
// nor any instructor page, and an instructor sees their own cohort's work.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, startApp, type RunningApp } from './support/app.ts';
import { chromiumAvailable, openBrowser, type Browsing } from './support/browser.ts';
import { createStudent, signInThroughForm, signOutThroughHeader, type Learner } from './support/auth.ts';
import { learnerSeed } from '../../lib/submissions.ts';
import { DEMO } from '../../lib/seed.ts';

const TIMEOUT = 60_000;
const EX = 'attention/scaled-dot-product';
const SECRET_CODE = 'export function attention(Q: Matrix, K: Matrix, V: Matrix): Matrix {\n  return V; // ada-secret-marker\n}\n';

/** Every instructor page without a dynamic segment (app/instructor/**\/page.tsx), as URL paths. */
function instructorPages(): string[] {
  const base = path.join(ROOT, 'app', 'instructor');
  const out: string[] = [];
  const walk = (dir: string, url: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory() && !entry.name.startsWith('[') && !entry.name.startsWith('_')) {
        // route groups "(x)" add no path segment
        walk(path.join(dir, entry.name), entry.name.startsWith('(') ? url : `${url}/${entry.name}`);
      } else if (entry.isFile() && /^page\.tsx?$/.test(entry.name)) out.push(url);
    }
  };
  walk(base, '/instructor');
  return out;
}

describe.skipIf(!chromiumAvailable())('authorization in the browser', () => {
  let app: RunningApp;
  let b: Browsing;
  let ada: Learner & { id: string };
  let bob: Learner & { id: string };
  let adaSubmission: string;
  let bobSubmission: string;

  beforeAll(async () => {
    app = await startApp({ worker: false });
    b = await openBrowser(app.baseUrl);
    ada = await createStudent(app);
    bob = await createStudent(app);
    // made for the demo cohort, the one both study in
    const demo = await app.db.cohort.findUniqueOrThrow({ where: { joinCode: DEMO.joinCode } });
    const submission = (userId: string, code: string) =>
      app.db.submission.create({ data: { userId, cohortId: demo.id, exerciseId: EX, exerciseVersion: 'test', kind: 'submit', code, seed: learnerSeed(userId, EX) } });
    adaSubmission = (await submission(ada.id, SECRET_CODE)).id;
    bobSubmission = (await submission(bob.id, '// bob was here\n')).id;
  }, 600_000);

  afterAll(async () => {
    await b?.close();
    await app?.stop();
  }, 60_000);

  it('sends anonymous visitors to sign in from every protected page, and back afterwards', async () => {
    for (const p of ['/progress', `/exercises/${EX}`, `/exercises/${EX}/history`, `/submissions/${adaSubmission}`, '/instructor']) {
      const res = await b.page.goto(p);
      expect(res?.status(), p).toBe(200);
      const url = new URL(b.page.url());
      expect(url.pathname, p).toBe('/signin');
      expect(url.searchParams.get('next'), p).toBe(p);
      expect(await b.page.content(), p).not.toContain('ada-secret-marker');
    }
    const api = await b.page.request.get(`/api/submissions/${adaSubmission}`);
    expect(api.status()).toBe(401);
    expect(await api.text()).not.toContain('ada-secret-marker');
  }, TIMEOUT);

  it("does not show a student another student's submission, by page or by status route", async () => {
    await b.page.goto('/signin');
    await signInThroughForm(b.page, bob.email, bob.password);
    await b.page.waitForURL((u) => u.pathname === '/');

    // bob's own: allowed
    expect((await b.page.goto(`/submissions/${bobSubmission}`))?.status()).toBe(200);
    await b.page.getByText('bob was here').waitFor();
    expect((await b.page.request.get(`/api/submissions/${bobSubmission}`)).status()).toBe(200);

    // ada's: the same "not found" as an id that does not exist
    const res = await b.page.goto(`/submissions/${adaSubmission}`);
    expect(res?.status()).toBe(404);
    await b.page.getByRole('heading', { name: 'Not found' }).waitFor();
    expect(await b.page.content()).not.toContain('ada-secret-marker');
    expect((await b.page.goto('/submissions/does-not-exist'))?.status()).toBe(404);

    const api = await b.page.request.get(`/api/submissions/${adaSubmission}`);
    expect(api.status()).toBe(404);
    expect(await api.text()).not.toContain('ada-secret-marker');

    // ada's history is not reachable either: the history page shows bob's own submissions only
    await b.page.goto(`/exercises/${EX}/history`);
    expect(await b.page.content()).not.toContain('ada-secret-marker');
    await b.page.getByText('bob was here').waitFor({ state: 'attached' });
  }, TIMEOUT);

  it('refuses a student every instructor page', async () => {
    const pages = instructorPages();
    expect(pages).toContain('/instructor');
    for (const p of pages) {
      const res = await b.page.goto(p);
      expect(res?.status(), p).toBe(403);
      await b.page.getByRole('heading', { name: 'Not allowed' }).waitFor();
    }
    // and the header offers no instructor link
    expect(await b.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Instructor' }).count()).toBe(0);
    await signOutThroughHeader(b.page);
  }, TIMEOUT);

  it("lets the cohort's instructor see the instructor pages and a student's submission", async () => {
    await signInThroughForm(b.page, DEMO.instructor.email, DEMO.password);
    await b.page.waitForURL((u) => u.pathname === '/instructor'); // staff land on their home
    await b.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Instructor' }).click();
    await b.page.waitForURL((u) => u.pathname === '/instructor');
    await b.page.getByRole('heading', { level: 1, name: 'Your cohorts' }).waitFor();
    expect((await b.page.goto(`/submissions/${adaSubmission}`))?.status()).toBe(200);
    await b.page.getByText('ada-secret-marker').waitFor();
    // and its status route, as whoever may read a submission may
    expect((await b.page.request.get(`/api/submissions/${adaSubmission}`)).status()).toBe(200);
    await signOutThroughHeader(b.page);
  }, TIMEOUT);

  it('lets a student of two cohorts switch between them in the header, and shows each one its own work', async () => {
    const demo = await app.db.cohort.findUniqueOrThrow({ where: { joinCode: DEMO.joinCode } });
    const second = await app.db.cohort.create({ data: { name: 'Second cohort', joinCode: 'SECOND-0001', enrollments: { create: { userId: ada.id, role: 'student' } } } });
    await signInThroughForm(b.page, ada.email, ada.password);
    await b.page.waitForURL((u) => u.pathname === '/');
    const current = (id: string) => b.page.locator(`.site-header form.space[data-space="${id}"]`);
    const picker = b.page.locator('.site-header').getByLabel('Working in');
    // the cohort joined last is where the learner works until they pick another
    await current(second.id).waitFor();
    expect(await picker.locator('option').allTextContents()).toEqual(['Second cohort', DEMO.cohortName, 'Practice (only you see it)']);
    await b.page.goto('/progress');
    await b.page.getByText('Nothing submitted yet.').waitFor();
    // picking a cohort switches at once, and the choice holds on every page
    await picker.selectOption({ label: DEMO.cohortName });
    await current(demo.id).waitFor();
    await b.page.getByRole('heading', { level: 1, name: `Your progress: ${DEMO.cohortName}` }).waitFor();
    expect(await b.page.locator(`a[href="/submissions/${adaSubmission}"]`).count()).toBe(1);
    for (const url of ['/', `/exercises/${EX}`, `/exercises/${EX}/history`]) {
      await b.page.goto(url);
      await current(demo.id).waitFor();
    }
    await signOutThroughHeader(b.page);
    await app.db.cohort.delete({ where: { id: second.id } });
  }, TIMEOUT);

  it('renders learner-controlled text as text, never as markup', async () => {
    const mallory = await createStudent(app, { name: '<img src=x onerror="window.__pwned=1">Mallory', email: `mallory-${Date.now()}@example.test`, password: 'mallory-password' });
    const code = '// </code><script>window.__pwned=1</script>\nexport function attention() { return []; }\n';
    const s = await app.db.submission.create({ data: { userId: mallory.id, exerciseId: EX, exerciseVersion: 'test', kind: 'submit', code, seed: 'x' } });
    await signInThroughForm(b.page, mallory.email, mallory.password);
    await b.page.waitForURL((u) => u.pathname === '/');
    await b.page.goto(`/submissions/${s.id}`);
    await b.page.getByText('window.__pwned=1</script>', { exact: false }).waitFor();
    expect(await b.page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await b.page.locator('.site-header .who').textContent()).toBe(mallory.name);
    expect(await b.page.locator('img[src="x"]').count()).toBe(0);
    await signOutThroughHeader(b.page);
  }, TIMEOUT);

  it('never reached a host other than localhost', () => {
    b.assertNoExternalRequests();
  });
});
