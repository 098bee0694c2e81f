// A question authored in the studio, in real Chromium against the production build: an instructor
// creates one from the blank question, gets a Check problem for a misconception that names no
// part, fixes it, previews a seed with its answers, publishes and assigns it; a student finds it on
// the course map among the questions, answers their own variant (its answers computed here, on the
// side, from the seed: not by the question's code), is told which known mistake a wrong part
// matches, and gets full marks on the next variant.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from './support/app.ts';
import { chromiumAvailable, openBrowser, type Browsing } from './support/browser.ts';
import { newLearner, signInThroughForm, signUpThroughForm } from './support/auth.ts';
import { setStudioFile, studioFile } from './support/monaco.ts';
import { DEMO } from '../../lib/seed.ts';
import { variantSeed } from '../../lib/questions.ts';
import { questionSeed } from '../../exercises/question-variant.ts';
import { createRng } from '../../engine/random.ts';

const ID = 'e2e-course/vector-length';
const TIMEOUT = 120_000;
const utcInput = (d: Date) => d.toISOString().slice(0, 16);

describe.skipIf(!chromiumAvailable())('a question authored in the studio', () => {
  let app: RunningApp;
  let teacher: Browsing;
  let student: Browsing;
  let cohortId = '';
  const learner = newLearner('studio-question');

  /** The blank question's answers on a learner's variant, from its definition's rule: v = (int 1..9, int -9..-1, int 1..9). */
  function answersOf(userId: string, index: number) {
    const rng = createRng(questionSeed(ID, variantSeed(userId, ID, cohortId, index, app.authSecret)));
    const v = [rng.int(1, 9), rng.int(-9, -1), rng.int(1, 9)];
    const squared = v.reduce((s, x) => s + x * x, 0);
    return { v, squared, length: Math.sqrt(squared) };
  }

  beforeAll(async () => {
    app = await startApp({ worker: false });
    teacher = await openBrowser(app.baseUrl);
    student = await openBrowser(app.baseUrl);
    cohortId = (await app.db.cohort.findUniqueOrThrow({ where: { joinCode: DEMO.joinCode } })).id;
  }, 600_000);

  afterAll(async () => {
    await teacher?.close();
    await student?.close();
    await app?.stop();
  }, 60_000);

  const saved = (b: Browsing) => b.page.getByRole('status').filter({ hasText: 'All changes saved' }).waitFor({ timeout: 15_000 });

  it('an instructor creates it from the blank question, and Check names a misconception with no part', async () => {
    const { page } = teacher;
    await signInThroughForm(page, DEMO.instructor.email, DEMO.password);
    await page.waitForURL((u) => u.pathname === '/instructor');
    await page.goto('/instructor/studio');
    await page.getByLabel(/^Id/).fill(ID);
    await page.getByLabel('Title').fill('Vector length');
    await page.getByLabel('Start from').selectOption('blank-question');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.waitForURL((u) => u.pathname === `/instructor/studio/${ID}`);
    await page.getByRole('heading', { level: 1, name: `${ID} (a question)` }).waitFor();
    expect(await page.getByRole('tablist', { name: 'Question files' }).getByRole('tab').allTextContents()).toEqual(['question.ts', 'prompt.md', 'solution.md']);
    // the live prompt is seed 1's variant: its vector is filled in
    const prompt = page.getByRole('region', { name: 'Prompt preview' });
    await prompt.locator('.katex').first().waitFor();
    expect(await prompt.textContent()).not.toContain('{{');

    const source = await studioFile(page, 'question.ts');
    await setStudioFile(page, 'question.ts', source.replace("part: 'length',", "part: 'size',"));
    await saved(teacher);
    await page.getByRole('button', { name: 'Check' }).click();
    const check = page.getByRole('region', { name: /^Check: \d+ problem/ });
    await check.waitFor({ timeout: 60_000 });
    await check.getByText('misconception "no-square-root": part "size" is not a part of this question').waitFor();
    await teacher.screenshot('studio-question-check-failure');

    await setStudioFile(page, 'question.ts', source);
    await saved(teacher);
    await page.getByRole('button', { name: 'Check' }).click();
    await page.getByRole('heading', { name: 'Check passed: every rule holds' }).waitFor({ timeout: 90_000 });
  }, TIMEOUT);

  it('previews a seed with its parameters, answers and misconceptions', async () => {
    const { page } = teacher;
    await page.getByLabel(/Preview the variant, answers and worked solution of seed/).fill('7');
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.waitForURL((u) => u.pathname === `/instructor/studio/${ID}/preview`);
    await page.getByRole('heading', { level: 1, name: 'Vector length' }).waitFor();
    expect(await page.locator('[data-part]').count()).toBe(4);
    await page.locator('[data-part="formula"] [data-answer]').getByText('c * n').waitFor();
    await page.getByText('the sum of squares without the square root').waitFor();
    expect(await app.db.exercise.count({ where: { id: ID } })).toBe(0); // not published yet
  }, TIMEOUT);

  it('publishes it and assigns it to the cohort', async () => {
    const { page } = teacher;
    await page.goto(`/instructor/studio/${ID}`);
    await page.getByLabel('Change note').fill('first version');
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.getByText('Published version 1.').waitFor({ timeout: 90_000 });
    await page.goto(`/instructor/cohorts/${cohortId}`);
    const form = page.getByRole('form', { name: 'New assignment' });
    await form.getByLabel('Exercise or module').selectOption(ID);
    await form.getByLabel('Opens (UTC)').fill(utcInput(new Date(Date.now() - 3_600_000)));
    await form.getByLabel('Due (UTC)').fill(utcInput(new Date(Date.now() + 7 * 86_400_000)));
    await form.getByLabel('Late submissions').selectOption('accept');
    await form.getByRole('button', { name: 'Assign' }).click();
    await form.getByRole('status').filter({ hasText: 'Assigned Vector length.' }).waitFor();
  }, TIMEOUT);

  it('a student answers their own variant: a known mistake is named, then full marks', async () => {
    const { page } = student;
    await signUpThroughForm(page, learner, DEMO.joinCode);
    const userId = (await app.db.user.findUniqueOrThrow({ where: { email: learner.email } })).id;
    await page.goto('/');
    await page.locator(`[data-question="${ID}"] a`).click();
    await page.waitForURL((u) => u.pathname === `/exercises/${ID}`);
    await page.getByRole('heading', { level: 1, name: 'Vector length' }).waitFor();
    const first = answersOf(userId, 0);
    expect(await page.locator('[data-prompt]').textContent()).toContain(String(first.v[1]));

    await page.getByLabel('Answer for part squared').fill(String(first.squared));
    await page.getByLabel('Answer for part length').fill(String(first.squared)); // the square root forgotten
    await page.locator('[data-part="unit"] input[value="b"]').check();
    await page.getByLabel('Answer for part formula').fill('n*c');
    await page.getByRole('button', { name: 'Submit answers' }).click();
    const review = page.locator('[data-review]');
    await review.waitFor({ timeout: 30_000 });
    expect(await review.getAttribute('data-score')).toBe('6');
    expect(await page.locator('[data-part-result="length"] [data-misconception]').textContent()).toContain('the sum of squares without the square root');
    await student.screenshot('studio-question-answered');

    await page.getByRole('button', { name: 'Try a new variant' }).click();
    const second = answersOf(userId, 1);
    await page.getByLabel('Answer for part squared').fill(String(second.squared));
    await page.getByLabel('Answer for part length').fill(second.length.toPrecision(4));
    await page.locator('[data-part="unit"] input[value="b"]').check();
    await page.getByLabel('Answer for part formula').fill('c*n');
    await page.getByRole('button', { name: 'Submit answers' }).click();
    await page.locator('[data-review][data-score="10"]').waitFor({ timeout: 30_000 });
    const rows = await app.db.submission.findMany({ where: { userId, exerciseId: ID }, orderBy: { createdAt: 'asc' }, select: { score: true, kind: true, status: true } });
    expect(rows).toEqual([
      { score: 6, kind: 'submit', status: 'graded' },
      { score: 10, kind: 'submit', status: 'graded' },
    ]);
  }, TIMEOUT);
});
