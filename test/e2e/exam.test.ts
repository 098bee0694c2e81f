// An exam in real Chromium against the production build: an instructor builds it from two pools
// (numeric questions, 2 of 3 per student; a code exercise), a student starts it after the honour
// code, answers one question wrong and one right, runs out of time on the third (the server
// refuses the late try and records it), and the gradebook shows the exam's score; once the
// instructor releases the results the student sees their score and the worked solutions.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from './support/app.ts';
import { chromiumAvailable, openBrowser, type Browsing } from './support/browser.ts';
import { createStudent, signInThroughForm } from './support/auth.ts';
import { typeIntoEditor } from './support/monaco.ts';
import { DEMO } from '../../lib/seed.ts';
import { examVariantSeed } from '../../lib/exams/take.ts';
import { getQuestion } from '../../exercises/questions.ts';
import { questionParams } from '../../exercises/question-variant.ts';

const TIMEOUT = 120_000;
const QUESTIONS = ['attention/mha-params', 'transformer/block-params', 'vision/vit-attention-cost'];
const CODE = 'foundations/dot-product';
const utcInput = (d: Date) => d.toISOString().slice(0, 16);

describe.skipIf(!chromiumAvailable())('an exam in the browser', () => {
  let app: RunningApp;
  let teacher: Browsing;
  let student: Browsing;
  let cohortId = '';
  let examId = '';
  let studentId = '';

  /** Opens item `position` of the student's exam. */
  async function openItem(page: Page, position: number): Promise<void> {
    await page.goto(`/exams/${examId}`);
    await page.locator(`[data-item="${position}"] a`).click();
    await page.waitForURL((u) => u.pathname === `/exams/${examId}/${position}`);
  }

  beforeAll(async () => {
    app = await startApp();
    cohortId = (await app.db.cohort.findUniqueOrThrow({ where: { joinCode: DEMO.joinCode } })).id;
    teacher = await openBrowser(app.baseUrl);
    student = await openBrowser(app.baseUrl);
    // the instructor's confirmations (release the results) are accepted
    teacher.page.on('dialog', (d) => void d.accept());
  }, 600_000);

  afterAll(async () => {
    await teacher?.close();
    await student?.close();
    await app?.stop();
  }, 60_000);

  it('an instructor builds an exam from a pool of questions and a pool of code', async () => {
    const { page } = teacher;
    await signInThroughForm(page, DEMO.instructor.email, DEMO.password);
    await page.waitForURL((u) => u.pathname === '/instructor');
    await page.goto(`/instructor/cohorts/${cohortId}`);
    await page.getByRole('link', { name: 'New exam' }).click();
    await page.waitForURL((u) => u.pathname.endsWith('/exams/new'));
    const form = page.getByRole('form', { name: 'New exam' });
    await form.getByLabel('Exam title').fill('Midterm: attention');
    await form.getByLabel('Opens (UTC)').fill(utcInput(new Date(Date.now() - 3_600_000)));
    await form.getByLabel('Closes (UTC)').fill(utcInput(new Date(Date.now() + 3_600_000)));
    await form.getByLabel(/Time limit/).fill('1');
    await form.getByLabel(/Points per try/).fill('100, 70, 50');
    const pool1 = form.locator('[data-pool="1"]');
    await pool1.getByLabel('Pool title').fill('Numbers');
    await pool1.getByLabel('Items drawn per student').fill('2');
    await pool1.getByLabel('Points per item').fill('10');
    await pool1.getByLabel(/^Items \(/).selectOption(QUESTIONS);
    await form.getByRole('button', { name: 'Add a pool' }).click();
    const pool2 = form.locator('[data-pool="2"]');
    await pool2.getByLabel('Pool title').fill('Code');
    await pool2.getByLabel('Points per item').fill('10');
    await pool2.getByLabel(/^Items \(/).selectOption([CODE]);
    await form.getByRole('button', { name: 'Create the exam' }).click();
    await page.waitForURL((u) => /\/exams\/[^/]+$/.test(u.pathname) && !u.pathname.endsWith('/new'));
    await page.getByRole('heading', { level: 1, name: 'Midterm: attention' }).waitFor();
    examId = new URL(page.url()).pathname.split('/').at(-1)!;
    const exam = await app.db.exam.findUniqueOrThrow({ where: { id: examId }, include: { pools: { include: { items: true }, orderBy: { position: 'asc' } } } });
    expect(exam).toMatchObject({ cohortId, timeLimitMinutes: 1, tryPoints: [1, 0.7, 0.5], releasedAt: null });
    expect(exam.pools.map((p) => [p.title, p.choose, p.points, p.items.map((i) => i.exerciseId).sort()])).toEqual([
      ['Numbers', 2, 10, [...QUESTIONS].sort()],
      ['Code', 1, 10, [CODE]],
    ]);
    await teacher.screenshot('exam-instructor');
  }, TIMEOUT);

  it('a student starts it after the honour code, answers one question wrong and one right', async () => {
    const { page } = student;
    const s = await createStudent(app);
    studentId = s.id;
    await signInThroughForm(page, s.email, s.password);
    await page.waitForURL((u) => u.pathname === '/');
    await page.locator(`[data-exam="${examId}"] a`).click();
    await page.waitForURL((u) => u.pathname === `/exams/${examId}`);
    // the honour code comes first: the server refuses a start without it
    await page.getByRole('button', { name: 'Start the exam' }).waitFor();
    await page.getByLabel(/I have read the honour code/).check();
    await page.getByRole('button', { name: 'Start the exam' }).click();
    await page.locator('[data-state="in-progress"]').waitFor();
    await page.locator('[data-time-left]:not([data-time-left=""])').waitFor();
    const items = page.locator('[data-item]');
    expect(await items.count()).toBe(3);
    const attempt = await app.db.examAttempt.findUniqueOrThrow({ where: { examId_userId: { examId, userId: studentId } }, include: { items: { orderBy: { position: 'asc' } } } });
    expect(attempt.items.slice(0, 2).every((i) => QUESTIONS.includes(i.exerciseId))).toBe(true);
    expect(attempt.items[2].exerciseId).toBe(CODE);

    // the first question: wrong. The try is graded at once; no worked solution before release
    await openItem(page, 1);
    for (const input of await page.locator('[data-part] input').all()) await input.fill('1');
    await page.getByRole('button', { name: 'Submit answers' }).click();
    await page.locator('[data-review]').waitFor();
    expect(await page.locator('[data-review]').getAttribute('data-score')).toBe('0');
    await page.locator('[data-worked-withheld]').waitFor();
    expect(await page.locator('[data-worked]').count()).toBe(0);
    await page.getByRole('button', { name: 'Try again (worth at most 70 %)' }).waitFor();

    // the second: right, on this student's own variant
    await openItem(page, 2);
    const qid = attempt.items[1].exerciseId;
    const q = getQuestion(qid)!;
    const answers = q.answer(questionParams(q, examVariantSeed(studentId, examId, qid, app.authSecret)));
    for (const [name, value] of Object.entries(answers)) await page.getByLabel(`Answer for part ${name}`).fill(String(value));
    await page.getByRole('button', { name: 'Submit answers' }).click();
    await page.locator('[data-review]').waitFor();
    expect(await page.locator('[data-review]').getAttribute('data-max-score')).toBe(String(q.parts.reduce((s2, p) => s2 + p.points, 0)));
    expect(await page.locator('[data-part-result][data-passed="false"]').count()).toBe(0);
    await student.screenshot('exam-question');
  }, TIMEOUT);

  it('runs out of time on the code exercise: the late try is refused with the time and recorded', async () => {
    const { page } = student;
    await openItem(page, 3);
    const { endsAt } = await app.db.examAttempt.findUniqueOrThrow({ where: { examId_userId: { examId, userId: studentId } } });
    // the countdown reaches zero on its own, without a reload
    await page.getByText('Time is up: tries are no longer accepted.').waitFor({ timeout: Math.max(5_000, endsAt.getTime() - Date.now() + 5_000) });
    await typeIntoEditor(page, 'export function dot(a: number[], b: number[]): number {\n  return a.reduce((s, x, i) => s + x * b[i], 0);\n}\n');
    await page.keyboard.press('ControlOrMeta+Shift+Enter');
    await page.getByRole('alert').filter({ hasText: /Time is up: your exam ended at .* recorded as late/ }).waitFor({ timeout: 30_000 });
    expect(await app.db.examLateTry.count({ where: { attempt: { examId, userId: studentId }, exerciseId: CODE } })).toBe(1);
    expect(await app.db.submission.count({ where: { userId: studentId, exerciseId: CODE } })).toBe(0);
    await page.goto(`/exams/${examId}`);
    await page.locator('[data-state="over"]').waitFor();
    await page.getByText('Your instructor releases the results.').waitFor();
  }, TIMEOUT);

  it('the gradebook shows the exam score; after release the student sees it and the worked solutions', async () => {
    const { page } = teacher;
    await page.goto(`/instructor/cohorts/${cohortId}/exams/${examId}`);
    const row = page.locator(`[data-testid="exam-results"] tr[data-student]`).filter({ has: page.locator(`a[href$="/students/${studentId}"]`) });
    expect(await row.locator('[data-score]').getAttribute('data-score')).toBe('10');
    await page.getByRole('button', { name: 'Release the results' }).click();
    await page.getByRole('status').filter({ hasText: 'Results released' }).waitFor();
    await page.goto(`/instructor/cohorts/${cohortId}/gradebook`);
    await page.locator('[data-testid="exam-gradebook"]').waitFor();
    const mine = await app.db.user.findUniqueOrThrow({ where: { id: studentId } });
    expect(((await page.locator(`[data-testid="exam-gradebook"] tr[data-exam-student="${mine.email}"] td[data-exam="${examId}"]`).textContent()) ?? '').trim()).toBe('10.00');
    await teacher.screenshot('exam-gradebook');

    await student.page.goto(`/exams/${examId}`);
    expect(await student.page.locator('[data-exam-score]').getAttribute('data-exam-score')).toBe('10');
    await openItem(student.page, 2);
    await student.page.locator('[data-worked]').waitFor();
    student.assertNoExternalRequests();
    teacher.assertNoExternalRequests();
  }, TIMEOUT);
});
