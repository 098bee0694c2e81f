// The studio in real Chromium against the production build, with no build and no restart during
// the test: an instructor creates an exercise from the blank template, gets a Check failure at a
// file and line for a deliberate mistake, fixes it, previews it as a student (Run and Submit
// record nothing), publishes and assigns it; a student solves it and gets the misconception hint
// for a wrong answer (on Submit, and on Run in their browser); the instructor publishes version 2
// and regrades, and the student's submissions are graded on version 2.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from './support/app.ts';
import { chromiumAvailable, openBrowser, type Browsing } from './support/browser.ts';
import { newLearner, signInThroughForm, signUpThroughForm } from './support/auth.ts';
import { setStudioFile, studioFile, typeIntoEditor } from './support/monaco.ts';
import { DEMO } from '../../lib/seed.ts';

const ID = 'e2e-course/vector-norm';
const TIMEOUT = 120_000;
const SOLUTION = 'export function norm(v: Vector): number {\n  return Math.sqrt(v.reduce((s, x) => s + x * x, 0));\n}\n';
const SQUARED = 'export function norm(v: Vector): number {\n  return v.reduce((s, x) => s + x * x, 0);\n}\n';
const utcInput = (d: Date) => d.toISOString().slice(0, 16);

describe.skipIf(!chromiumAvailable())('the studio in the browser', () => {
  let app: RunningApp;
  let teacher: Browsing;
  let student: Browsing;
  const learner = newLearner('studio');

  beforeAll(async () => {
    app = await startApp();
    teacher = await openBrowser(app.baseUrl);
    student = await openBrowser(app.baseUrl);
  }, 600_000);

  afterAll(async () => {
    await teacher?.close();
    await student?.close();
    await app?.stop();
  }, 60_000);

  const saved = (b: Browsing) => b.page.getByRole('status').filter({ hasText: 'All changes saved' }).waitFor({ timeout: 15_000 });

  it('an instructor creates an exercise from the blank template and Check points at a mistake', async () => {
    const { page } = teacher;
    await signInThroughForm(page, DEMO.instructor.email, DEMO.password);
    await page.waitForURL((u) => u.pathname === '/instructor'); // staff land on their home
    await page.goto('/instructor/studio');
    await page.getByRole('heading', { level: 1, name: 'Studio' }).waitFor();
    await page.getByLabel(/^Id/).fill(ID);
    await page.getByLabel('Title').fill('Vector norm');
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    await page.waitForURL((u) => u.pathname === `/instructor/studio/${ID}`);
    await page.getByRole('heading', { level: 1, name: ID }).waitFor();
    // the live prompt shows the template's formula
    await page.getByRole('region', { name: 'Prompt preview' }).locator('.katex').first().waitFor();

    const source = await studioFile(page, 'exercise.ts');
    // the editor knows the attention-lab module: a wrong type is marked as it is typed
    await setStudioFile(page, 'exercise.ts', source.replace('points: 10,', "points: 'ten',"));
    await page.waitForFunction(() => {
      const m = (window as unknown as { monaco: { editor: { getModelMarkers(f: object): { message: string }[] } } }).monaco;
      return m.editor.getModelMarkers({ owner: 'typescript' }).some((x) => /not assignable to type 'number'/.test(x.message));
    }, undefined, { timeout: 30_000 });

    // a deliberate mistake the types allow: no points
    const line = source.split('\n').findIndex((l) => l.includes('points: 10,')) + 1;
    await setStudioFile(page, 'exercise.ts', source.replace('points: 10,', 'points: 0,'));
    await saved(teacher);
    await page.getByRole('button', { name: 'Check' }).click();
    const check = page.getByRole('region', { name: /^Check: 1 problem/ });
    await check.waitFor({ timeout: 60_000 });
    await check.getByRole('button', { name: `exercise.ts:${line}:3` }).waitFor();
    await check.getByText('points: must be > 0').waitFor();
    await teacher.screenshot('studio-check-failure');

    await setStudioFile(page, 'exercise.ts', source);
    await saved(teacher);
    await page.getByRole('button', { name: 'Check' }).click();
    await page.getByRole('heading', { name: 'Check passed: every rule holds' }).waitFor({ timeout: 90_000 });
  }, TIMEOUT);

  it('previews it as a student, with Run and Submit recording nothing', async () => {
    const { page } = teacher;
    await page.getByLabel(/Preview as a student with seed/).fill('7');
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.waitForURL((u) => u.pathname === `/instructor/studio/${ID}/preview` && u.searchParams.get('seed') === '7');
    await page.getByText('hidden cases from seed 7').waitFor();
    await typeIntoEditor(page, SQUARED);
    await page.keyboard.press('ControlOrMeta+Enter');
    await page.getByRole('note', { name: 'Likely mistake' }).first().getByText('You return the squared norm').waitFor({ timeout: 30_000 });
    await typeIntoEditor(page, SOLUTION);
    await page.keyboard.press('ControlOrMeta+Shift+Enter');
    await page.getByText('Full marks: exercise solved.').waitFor({ timeout: 30_000 });
    expect(await app.db.submission.count({ where: { exerciseId: ID } })).toBe(0);
    expect(await app.db.exercise.count({ where: { id: ID } })).toBe(0); // not published yet
  }, TIMEOUT);

  it('publishes it and assigns it to the cohort', async () => {
    const { page } = teacher;
    await page.goto(`/instructor/studio/${ID}`);
    await page.getByLabel('Change note').fill('first version');
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.getByText('Published version 1.').waitFor({ timeout: 90_000 });
    await page.goto(`/instructor/studio/${ID}`);
    await page.getByRole('table', { name: 'Published versions' }).getByText('first version').waitFor();

    const cohort = await app.db.cohort.findUniqueOrThrow({ where: { joinCode: DEMO.joinCode } });
    await page.goto(`/instructor/cohorts/${cohort.id}`);
    const form = page.getByRole('form', { name: 'New assignment' });
    await form.getByLabel('Exercise or module').selectOption(ID);
    await form.getByLabel('Opens (UTC)').fill(utcInput(new Date(Date.now() - 3_600_000)));
    await form.getByLabel('Due (UTC)').fill(utcInput(new Date(Date.now() + 7 * 86_400_000)));
    await form.getByLabel('Late submissions').selectOption('accept');
    await form.getByRole('button', { name: 'Assign' }).click();
    await form.getByRole('status').filter({ hasText: 'Assigned Vector norm.' }).waitFor();
  }, TIMEOUT);

  it('a student gets the misconception hint for a wrong answer, then solves it', async () => {
    const { page } = student;
    await signUpThroughForm(page, learner, DEMO.joinCode);
    await page.goto('/');
    await student.screenshot('studio-student-course-map');
    // on the course map, after the built-in course (and among the cohort's assignments)
    await page.getByRole('heading', { name: '9. E2e course' }).waitFor();
    await page.getByRole('link', { name: 'Vector norm' }).first().click();
    await page.waitForURL((u) => u.pathname === `/exercises/${ID}`);
    await page.getByRole('heading', { level: 1, name: 'Vector norm' }).waitFor();
    await typeIntoEditor(page, SQUARED);
    await page.keyboard.press('ControlOrMeta+Shift+Enter');
    await page.getByRole('note', { name: 'Likely mistake' }).first().getByText('You return the squared norm').waitFor({ timeout: 60_000 });
    await typeIntoEditor(page, SOLUTION);
    await page.keyboard.press('ControlOrMeta+Shift+Enter');
    await page.getByText('Full marks: exercise solved.').waitFor({ timeout: 60_000 });
    await student.screenshot('studio-student-solved');

    // Run happens in the student's browser: the visible cases and their misconception outputs came
    // with the page, computed on the server; the exercise's own code never reaches the browser
    expect(await page.content()).not.toContain('squared: true');
    await page.locator('[data-run-mode="browser"]').waitFor();
    await typeIntoEditor(page, SQUARED);
    await page.keyboard.press('ControlOrMeta+Enter');
    await page.locator('[data-source="run"][data-status="failed"]').waitFor({ timeout: 30_000 });
    await page.locator('[data-case="a 3-4-5 triangle"]').getByText('Likely mistake:').waitFor();
  }, TIMEOUT);

  it('the instructor publishes version 2 and regrades onto it', async () => {
    const { page } = teacher;
    const v1 = (await app.db.exercise.findUniqueOrThrow({ where: { id: ID } })).contentVersion;
    await page.goto(`/instructor/studio/${ID}`);
    const source = await studioFile(page, 'exercise.ts');
    await setStudioFile(page, 'exercise.ts', source.replace("{ name: 'zeros', args: [[0, 0, 0]] },", "{ name: 'zeros', args: [[0, 0, 0]] },\n    { name: 'one large entry', args: [[1e6]] },"));
    await saved(teacher);
    await page.getByLabel('Change note').fill('a case with one large entry');
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.getByText('Published version 2.').waitFor({ timeout: 90_000 });
    const v2 = (await app.db.exercise.findUniqueOrThrow({ where: { id: ID } })).contentVersion;
    expect(v2).not.toBe(v1);

    await page.goto(`/instructor/studio/${ID}`);
    await page.getByRole('link', { name: 'changes from 1' }).click();
    await page.getByText("+    { name: 'one large entry', args: [[1e6]] },").waitFor();

    await page.goto('/instructor/regrade');
    const form = page.getByRole('form', { name: `Regrade ${ID}` });
    await form.getByRole('button', { name: /^Regrade 2/ }).click();
    // once queued, the exercise leaves the list of stale ones
    await form.waitFor({ state: 'detached', timeout: 30_000 });
    const until = Date.now() + 60_000;
    let subs = await app.db.submission.findMany({ where: { exerciseId: ID, kind: 'submit' } });
    while (Date.now() < until && !subs.every((s) => s.status === 'graded' && s.exerciseVersion === v2)) {
      await new Promise((r) => setTimeout(r, 300));
      subs = await app.db.submission.findMany({ where: { exerciseId: ID, kind: 'submit' } });
    }
    expect(subs.map((s) => [s.exerciseVersion, s.status])).toEqual([[v2, 'graded'], [v2, 'graded']]);
    const solved = subs.find((s) => s.code === SOLUTION)!;
    expect((solved.verdict as { status: string; cases: { name: string }[] }).status).toBe('passed');
    expect((solved.verdict as { cases: { name: string }[] }).cases.map((c) => c.name)).toContain('one large entry');
    expect(await app.db.regrade.count({ where: { submissionId: solved.id, exerciseVersion: v1 } })).toBe(1);
  }, TIMEOUT);
});
