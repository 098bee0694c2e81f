// Questions in real Chromium against the production build: a learner finds a module's questions on
// the course map, answers their own variant (numbers, a vector and a pasted matrix, a multiple
// choice), is told which part is wrong and which known mistake it matches, reads the worked
// solution, tries a new variant and gets full marks, and finds the review again after a reload.
// axe-core checks the page with a review on screen; no request may leave localhost.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, startApp, type RunningApp } from './support/app.ts';
import { chromiumAvailable, openBrowser, type Browsing } from './support/browser.ts';
import { newLearner, signUpThroughForm } from './support/auth.ts';
import { DEMO } from '../../lib/seed.ts';
import { variantSeed } from '../../lib/questions.ts';
import { getQuestion, listQuestions } from '../../exercises/questions.ts';
import { questionParams } from '../../exercises/question-variant.ts';
import type { Answers } from '../../exercises/question-types.ts';

const TIMEOUT = 90_000;

describe.skipIf(!chromiumAvailable())('questions in the browser', () => {
  let app: RunningApp;
  let b: Browsing;
  let userId = '';
  let cohortId = '';
  const missing: string[] = []; // resources the pages asked for and did not get
  const learner = newLearner('questions');

  /** The params and right answers of this learner's `index`-th variant of a question, in the space they work in. */
  function variant(id: string, index: number): { params: any; answers: Answers } {
    const q = getQuestion(id)!;
    const params = questionParams(q, variantSeed(userId, id, cohortId, index, app.authSecret));
    return { params, answers: q.answer(params) };
  }

  async function submitAndWaitForReview(page: Page): Promise<void> {
    await page.getByRole('button', { name: 'Submit answers' }).click();
    await page.locator('[data-review]').waitFor({ timeout: 30_000 });
  }

  beforeAll(async () => {
    app = await startApp({ worker: false });
    b = await openBrowser(app.baseUrl);
    b.page.on('response', (r) => {
      if (r.status() === 404 && !r.url().endsWith('/favicon.ico')) missing.push(r.url());
    });
    await signUpThroughForm(b.page, learner, DEMO.joinCode);
    userId = (await app.db.user.findUniqueOrThrow({ where: { email: learner.email } })).id;
    cohortId = (await app.db.cohort.findUniqueOrThrow({ where: { joinCode: DEMO.joinCode } })).id;
  }, 600_000);

  afterAll(async () => {
    await b?.close();
    await app?.stop();
  }, 60_000);

  it('lists every question of the bank on the course map, beside the exercises', async () => {
    const { page } = b;
    await page.goto('/');
    expect(await page.locator('[data-question]').count()).toBe(listQuestions().length);
    expect(await page.locator('[data-exercise]').count()).toBe(37);
    await page.locator('[data-question="attention/mha-params"] a').click();
    await page.waitForURL((u) => u.pathname === '/exercises/attention/mha-params');
    await page.getByRole('heading', { level: 1, name: 'Parameters and weights of multi-head attention' }).waitFor();
  }, TIMEOUT);

  it('grades numbers part by part, names the misconception, and shows the worked solution', async () => {
    const { page } = b;
    const { params, answers } = variant('attention/mha-params', 0);
    // the learner's own parameters are in the prompt
    expect(await page.locator('[data-prompt]').textContent()).toContain(String(params.d));
    expect(await page.locator('[data-part]').count()).toBe(3);
    await page.getByLabel('Answer for part params').fill(String(4 * params.d * params.d)); // the biases forgotten
    await page.getByLabel('Answer for part headWidth').fill(String(answers.headWidth));
    // the last by keyboard: Tab from the previous input, type, Enter submits
    await page.keyboard.press('Tab');
    await page.keyboard.type(String(answers.weights));
    await page.keyboard.press('Enter');
    await page.locator('[data-review]').waitFor({ timeout: 30_000 });

    const review = page.locator('[data-review]');
    expect(await review.getAttribute('data-score')).toBe('6');
    expect(await review.getAttribute('data-max-score')).toBe('10');
    expect(await page.locator('[data-part-result="params"]').getAttribute('data-passed')).toBe('false');
    expect(await page.locator('[data-part-result="headWidth"]').getAttribute('data-passed')).toBe('true');
    expect(await page.locator('[data-part-result="params"] [data-misconception]').textContent()).toContain('the biases not counted');
    // the worked solution gives the answer, now that the variant is answered
    expect((await page.locator('[data-worked]').textContent())!.replace(/\D/g, '')).toContain(String(answers.params));
    // focus moved to the result, so a screen reader reads it
    expect(await page.evaluate(() => document.activeElement?.closest('[data-review]') !== null)).toBe(true);

    const row = await app.db.submission.findFirstOrThrow({ where: { userId, exerciseId: 'attention/mha-params' } });
    expect(row).toMatchObject({ kind: 'submit', status: 'graded', score: 6, cohortId, seed: variantSeed(userId, 'attention/mha-params', cohortId, 0, app.authSecret) });
  }, TIMEOUT);

  it('a new variant, answered right, gets full marks; a reload shows that review again', async () => {
    const { page } = b;
    await page.getByRole('button', { name: 'Try a new variant' }).click();
    const { answers } = variant('attention/mha-params', 1);
    for (const name of ['params', 'headWidth', 'weights']) await page.getByLabel(`Answer for part ${name}`).fill(String(answers[name]));
    await submitAndWaitForReview(page);
    expect(await page.locator('[data-review]').getAttribute('data-score')).toBe('10');
    expect(await page.locator('[data-part-result][data-passed="false"]').count()).toBe(0);

    await page.reload();
    await page.locator('[data-review]').waitFor();
    expect(await page.locator('[data-review]').getAttribute('data-score')).toBe('10');
    await page.getByRole('button', { name: 'Try a new variant' }).waitFor();

    await page.goto('/');
    expect(await page.locator('[data-question="attention/mha-params"]').getAttribute('data-question-status')).toBe('solved');
  }, TIMEOUT);

  it('reads a vector typed entry by entry and a matrix pasted from a spreadsheet', async () => {
    const { page } = b;
    await page.goto('/exercises/foundations/softmax-jacobian');
    const { answers } = variant('foundations/softmax-jacobian', 0);
    const probs = answers.probs as number[];
    const J = answers.jacobian as number[][];
    for (let i = 0; i < probs.length; i++) await page.getByLabel(`Entry ${i + 1} of probs`).fill(probs[i].toFixed(6));
    // a paste into the first cell fills the grid
    const pasted = J.map((row) => row.map((v) => v.toFixed(6)).join('\t')).join('\n');
    await page.getByLabel('Row 1, column 1 of jacobian').evaluate((el, text) => {
      const data = new DataTransfer();
      data.setData('text/plain', text);
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, pasted);
    expect(await page.getByLabel('Row 3, column 3 of jacobian').inputValue()).toBe(J[2][2].toFixed(6));
    await submitAndWaitForReview(page);
    expect(await page.locator('[data-review]').getAttribute('data-score')).toBe('10');
  }, TIMEOUT);

  it('takes a multiple choice, and says which option was wrong without naming the right one', async () => {
    const { page } = b;
    await page.goto('/exercises/attention/mask-choice');
    const { answers } = variant('attention/mask-choice', 0);
    const right = answers.mask as string;
    const options = await page.locator('[data-part="mask"] input[type="radio"]').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
    expect(options).toContain(right);
    const wrong = options.find((o) => o !== right)!;
    await page.locator(`[data-part="mask"] input[value="${wrong}"]`).check();
    await submitAndWaitForReview(page); // "allowed" left empty: a note says so, the answer is still sent
    const mask = page.locator('[data-part-result="mask"]');
    expect(await mask.getAttribute('data-passed')).toBe('false');
    expect(await mask.textContent()).toContain(`option ${wrong} is not the right one`);
    expect(await page.locator('[data-part-result="allowed"]').textContent()).toContain('no answer given');
  }, TIMEOUT);

  it('has no serious or critical accessibility violations (axe-core), with a review and a form on screen', async () => {
    const { page } = b;
    await page.evaluate(() => document.querySelectorAll('details').forEach((d) => { d.open = true; }));
    const check = async () => {
      await page.addScriptTag({ content: fs.readFileSync(path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8') });
      return page.evaluate(async () => {
        const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: Array<{ id: string; impact: string; help: string; nodes: Array<{ target: string[] }> }> }> } }).axe;
        const r = await axe.run(document, { resultTypes: ['violations'] });
        return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
      });
    };
    expect(await check()).toEqual([]);
    await page.getByRole('button', { name: 'Try a new variant' }).click();
    await page.locator('form[aria-label="Your answers"]').waitFor();
    expect(await check()).toEqual([]);
    await b.screenshot('question-form');
    expect(b.pageErrors.filter((e) => /Content Security Policy|Refused to|Uncaught|hydrat/i.test(e))).toEqual([]);
    expect(missing).toEqual([]);
    b.assertNoExternalRequests();
  }, TIMEOUT);
});
