// Instructors in real Chromium against the production build: an instructor creates a cohort and an
// assignment already past its due date; a student joins with the cohort's code and submits (late);
// the gradebook shows the penalised score with the late marker; the CSV downloads with that row;
// an extension removes the penalty. A student and an instructor of another cohort are refused by
// every instructor page and the export. No request may leave localhost.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, startApp, type RunningApp } from './support/app.ts';
import { chromiumAvailable, openBrowser, type Browsing } from './support/browser.ts';
import { forgeSessionCookie, newLearner, signInThroughForm, signUpThroughForm } from './support/auth.ts';
import { DEMO } from '../../lib/seed.ts';

const EXERCISE = 'foundations/dot-product';
const TIMEOUT = 90_000;
const SOLUTION = fs.readFileSync(path.join(ROOT, 'exercises', EXERCISE, 'solution.ts'), 'utf8');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The value a datetime-local input takes, in UTC (the instructor forms read it as UTC). */
const utcInput = (d: Date) => d.toISOString().slice(0, 16);

type MonacoWindow = { monaco: { editor: { getEditors(): Array<{ updateOptions(o: object): void; getModel(): { getValue(): string } | null }> } } };

async function typeIntoEditor(page: Page, code: string): Promise<void> {
  await page.locator('.monaco-editor').waitFor();
  await page.waitForFunction(() => (window as unknown as MonacoWindow).monaco?.editor.getEditors()[0]?.getModel() != null);
  await page.evaluate(() =>
    (window as unknown as MonacoWindow).monaco.editor.getEditors()[0].updateOptions({ autoIndent: 'none', autoClosingBrackets: 'never', autoClosingQuotes: 'never', autoClosingOvertype: 'never', autoSurround: 'never', formatOnType: false }),
  );
  await page.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.insertText(code);
}

/** The gradebook cell of one student for the exercise: its score text and its late marker (if any). */
async function cell(page: Page, email: string): Promise<{ score: string; late: string | null }> {
  const td = page.locator(`tr[data-student="${email}"] td[data-assignment="${EXERCISE}"]`);
  await td.waitFor();
  const late = td.locator('.late');
  return { score: ((await td.getByTestId('score').textContent()) ?? '').trim(), late: (await late.count()) ? await late.textContent() : null };
}

describe.skipIf(!chromiumAvailable())('instructors in the browser', () => {
  let app: RunningApp;
  let teacher: Browsing;
  let student: Browsing;
  const learner = newLearner('late');
  let points = 0;
  let title = '';
  let cohortPath = '';
  let joinCode = '';
  const dueAt = new Date(Date.now() - 30 * HOUR); // a submission now is 2 started days late

  beforeAll(async () => {
    app = await startApp();
    ({ points, title } = await app.db.exercise.findUniqueOrThrow({ where: { id: EXERCISE } }));
    teacher = await openBrowser(app.baseUrl);
    student = await openBrowser(app.baseUrl);
  }, 600_000);

  afterAll(async () => {
    await teacher?.close();
    await student?.close();
    await app?.stop();
  }, 60_000);

  it('an instructor creates a cohort and an assignment with a late penalty', async () => {
    const { page } = teacher;
    await signInThroughForm(page, DEMO.instructor.email, DEMO.password);
    await page.waitForURL((u) => u.pathname === '/instructor'); // staff land on their home
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Instructor' }).click();
    await page.getByRole('heading', { level: 1, name: 'Your cohorts' }).waitFor();
    await page.getByLabel('Name').fill('Spring 2026: Attention');
    await page.getByRole('button', { name: 'Create cohort' }).click();
    await page.waitForURL((u) => /^\/instructor\/cohorts\/[^/]+$/.test(u.pathname));
    cohortPath = new URL(page.url()).pathname;
    await page.getByRole('heading', { level: 1, name: 'Spring 2026: Attention' }).waitFor();
    joinCode = ((await page.getByTestId('join-code').textContent()) ?? '').trim();
    expect(joinCode).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);

    const form = page.getByRole('form', { name: 'New assignment' });
    await form.getByLabel('Exercise or module').selectOption(EXERCISE);
    await form.getByLabel('Opens (UTC)').fill(utcInput(new Date(Date.now() - 3 * DAY)));
    await form.getByLabel('Due (UTC)').fill(utcInput(dueAt));
    await form.getByLabel('Late submissions').selectOption('penalty');
    await form.getByLabel('Penalty per started day (%)').fill('10');
    await form.getByLabel('Penalty cap (%)').fill('50');
    await form.getByRole('button', { name: 'Assign' }).click();
    await form.getByRole('status').filter({ hasText: `Assigned ${title}.` }).waitFor();
    await page.getByRole('table', { name: 'Assignments' }).getByRole('link', { name: title }).waitFor();
    const a = await app.db.assignment.findFirstOrThrow({ where: { exerciseId: EXERCISE, cohort: { joinCode } } });
    expect(a).toMatchObject({ latePolicy: 'penalty', latePenaltyPerDay: 10, latePenaltyCap: 50, attemptLimit: null });
    expect(Math.abs(a.dueAt.getTime() - dueAt.getTime())).toBeLessThan(60_000);
    await teacher.screenshot('instructor-cohort');
  }, TIMEOUT);

  it('a student joins with the code and submits after the due date', async () => {
    const { page } = student;
    await signUpThroughForm(page, learner, joinCode.toLowerCase());
    await page.goto(`/exercises/${EXERCISE}`);
    await typeIntoEditor(page, SOLUTION);
    await page.keyboard.press('ControlOrMeta+Shift+Enter');
    await page.getByText('Full marks: exercise solved.').waitFor({ timeout: 30_000 });
    const sub = await app.db.submission.findFirstOrThrow({ where: { user: { email: learner.email }, exerciseId: EXERCISE, kind: 'submit' } });
    expect(sub).toMatchObject({ status: 'graded', score: points });
    expect(sub.createdAt.getTime()).toBeGreaterThan(dueAt.getTime() + DAY);
  }, TIMEOUT);

  it('the gradebook shows the penalised score and the late marker', async () => {
    const { page } = teacher;
    await page.goto(`${cohortPath}/gradebook`);
    await page.getByRole('heading', { level: 1, name: 'Gradebook: Spring 2026: Attention' }).waitFor();
    expect(await cell(page, learner.email)).toEqual({ score: (points * 0.8).toFixed(2), late: 'late −20 %' });
    await teacher.screenshot('instructor-gradebook-late');
    // the drill-down shows the submission, late, with its code and verdict
    await page.getByRole('link', { name: learner.name }).click();
    await page.getByRole('heading', { level: 1, name: learner.name }).waitFor();
    await page.getByText('2 days late, −20 %').waitFor();
    await page.locator('summary', { hasText: /^Code$/ }).first().click();
    await page.getByText('let sum = 0;').waitFor();
  }, TIMEOUT);

  it('the CSV downloads with that row', async () => {
    const { page } = teacher;
    await page.goto(`${cohortPath}/gradebook`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^gradebook-spring-2026-attention-\d{4}-\d{2}-\d{2}\.csv$/);
    const bytes = fs.readFileSync((await download.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    const score = (points * 0.8).toFixed(2);
    expect(text).toBe(`Student,Email,${EXERCISE},Total\r\n${learner.name},${learner.email},${score},${score}\r\n`);
  }, TIMEOUT);

  it('an extension removes the penalty', async () => {
    const { page } = teacher;
    await page.goto(cohortPath);
    await page.getByRole('table', { name: 'Assignments' }).getByRole('link', { name: title }).click();
    const form = page.getByRole('form', { name: 'Grant an extension' });
    await form.getByLabel('Student').selectOption({ label: `${learner.name} (${learner.email})` });
    await form.getByLabel('Due for them (UTC)').fill(utcInput(new Date(Date.now() + DAY)));
    await form.getByRole('button', { name: 'Grant the extension' }).click();
    await form.getByRole('status').filter({ hasText: 'Extended to' }).waitFor();
    await page.getByRole('table', { name: 'Extensions' }).getByText(learner.name).waitFor();

    await page.goto(`${cohortPath}/gradebook`);
    expect(await cell(page, learner.email)).toEqual({ score: points.toFixed(2), late: null });
    const csv = await page.request.get(`${cohortPath}/gradebook/csv`);
    expect(csv.status()).toBe(200);
    expect((await csv.text()).replace(/^\uFEFF/, '')).toContain(`${learner.name},${learner.email},${points.toFixed(2)},${points.toFixed(2)}\r\n`);
    await teacher.screenshot('instructor-gradebook-extended');
  }, TIMEOUT);

  it('analytics draw their charts with the numbers beside them', async () => {
    const { page } = teacher;
    await page.goto(`${cohortPath}/analytics/${EXERCISE}`);
    const chart = page.getByRole('img', { name: 'Attempts until the first pass' });
    await chart.waitFor();
    expect(await chart.locator('desc').textContent()).toContain('1 attempt: 1 student');
    expect(await page.locator('.instr-stats').textContent()).toContain('100 %');
  }, TIMEOUT);

  it('has no serious or critical accessibility violations on the instructor pages (axe-core)', async () => {
    const { page } = teacher;
    const s = await app.db.user.findUniqueOrThrow({ where: { email: learner.email } });
    const axeSource = fs.readFileSync(path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
    const found: string[] = [];
    for (const p of ['/instructor', cohortPath, `${cohortPath}/gradebook`, `${cohortPath}/students/${s.id}`, `${cohortPath}/analytics`, `${cohortPath}/analytics/${EXERCISE}`, `/instructor/exercises/${EXERCISE}`, '/instructor/regrade']) {
      await page.goto(p);
      // every disclosure open (nested ones too), so tables behind them are checked as well
      await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
      await page.addScriptTag({ content: axeSource });
      const violations = await page.evaluate(async () => {
        const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }> }> } }).axe;
        const r = await axe.run(document, { resultTypes: ['violations'] });
        return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
      });
      found.push(...violations.map((v) => `${p} ${v}`));
    }
    expect(found).toEqual([]);
  }, TIMEOUT);

  it('refuses a student (403) and an instructor of another cohort (404) on every instructor page and the export', async () => {
    const cohort = await app.db.cohort.findUniqueOrThrow({ where: { joinCode } });
    const s = await app.db.user.findUniqueOrThrow({ where: { email: learner.email } });
    const assignment = await app.db.assignment.findFirstOrThrow({ where: { cohortId: cohort.id } });
    const other = await app.db.user.create({ data: { email: 'other-teacher@example.test', name: 'Other', role: 'instructor' } });
    const base = `/instructor/cohorts/${cohort.id}`;
    const scoped = [base, `${base}/gradebook`, `${base}/gradebook/csv`, `${base}/students/${s.id}`, `${base}/analytics`, `${base}/analytics/${EXERCISE}`, `${base}/assignments/${assignment.id}`];
    const unscoped = ['/instructor', '/instructor/exercises', `/instructor/exercises/${EXERCISE}`, '/instructor/regrade'];
    const status = async (who: { id: string; email: string; role: string }, p: string) => {
      const cookie = await forgeSessionCookie(app, who, 3600);
      const res = await fetch(`${app.baseUrl}${p}`, { headers: { cookie: `authjs.session-token=${cookie}` }, redirect: 'manual' });
      return `${p} ${res.status}`;
    };
    const asStudent = { id: s.id, email: s.email, role: 'student' };
    const asOther = { id: other.id, email: other.email, role: 'instructor' };
    for (const p of [...scoped, ...unscoped]) expect(await status(asStudent, p)).toBe(`${p} 403`);
    for (const p of scoped) expect(await status(asOther, p)).toBe(`${p} 404`);
    // what is not about one cohort opens, and shows nothing of it
    for (const p of unscoped) expect(await status(asOther, p)).toBe(`${p} 200`);
    // the student's own browser meets the same refusal page
    const res = await student.page.goto(`${base}/gradebook`);
    expect(res?.status()).toBe(403);
    await student.page.getByRole('heading', { name: 'Not allowed' }).waitFor();
  }, TIMEOUT);

  it('never reached a host other than localhost', () => {
    teacher.assertNoExternalRequests();
    student.assertNoExternalRequests();
    expect([...teacher.pageErrors, ...student.pageErrors].filter((e) => /Content Security Policy|Refused to/i.test(e))).toEqual([]);
  });
});
