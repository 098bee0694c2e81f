// The TinyViT capstone page in real Chromium against the production build: a learner reaches it
// from the course map's vision module, picks held-out MNIST samples and sees each classified as the
// trained model classifies it (ten probabilities summing to 100 %, the CLS token's attention drawn
// over the digit), draws a "1" with the mouse and sees it read as a 1. A learner with passing
// solutions classifies on their own components, each checked against the reference.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startApp, type RunningApp } from './support/app.ts';
import { chromiumAvailable, openBrowser, type Browsing } from './support/browser.ts';
import { newLearner, signInThroughForm, signOutThroughHeader, signUpThroughForm } from './support/auth.ts';
import { createSolver } from './support/capstone.ts';
import { DEMO } from '../../lib/seed.ts';
import { readGolden } from '../../exercises/capstone/files.ts';
import { VIT_COMPONENTS } from '../../components/capstone/vit-components.ts';

const TIMEOUT = 120_000;
const golden = readGolden<{ labels: number[]; logits: number[][] }>('tiny-vit');
const predictedOf = (i: number) => golden.logits[i].indexOf(Math.max(...golden.logits[i]));

describe.skipIf(!chromiumAvailable())('the TinyViT capstone page', () => {
  let app: RunningApp;
  let b: Browsing;
  const times: number[] = [];

  const status = (page: Page) => page.getByTestId('vit-status');

  /** The prediction and probabilities shown once the page is ready again. */
  async function answer(page: Page, expected: number): Promise<number[]> {
    await expect.poll(() => page.getByTestId('vit-prediction').textContent(), { timeout: 20_000 }).toBe(String(expected));
    await expect.poll(() => status(page).textContent(), { timeout: 20_000 }).toBe('Ready');
    const p = (await page.locator('[data-testid="vit-probabilities"] li').evaluateAll((lis) => lis.map((li) => Number(li.getAttribute('data-p')))));
    expect(p).toHaveLength(10);
    expect(p.reduce((a, c) => a + c, 0)).toBeCloseTo(1, 9);
    expect(p.indexOf(Math.max(...p))).toBe(expected);
    times.push(Number(await page.getByTestId('vit-time').getAttribute('data-ms')));
    await expect.poll(() => page.getByTestId('vit-attention').getAttribute('aria-label')).toMatch(/^The digit with the CLS token's attention \((mean of the heads|head \d)\) over its patches; strongest on patch \d+$/);
    return p;
  }

  beforeAll(async () => {
    app = await startApp();
    b = await openBrowser(app.baseUrl);
    await signUpThroughForm(b.page, newLearner('capstone-vit'), DEMO.joinCode);
  }, 600_000);

  afterAll(async () => {
    if (times.length) console.log(`TinyViT in the worker: ${times.map((t) => t.toFixed(1)).join(', ')} ms`);
    await b?.close();
    await app?.stop();
  }, 60_000);

  it('is linked from the course map and says every component is the reference until solved', async () => {
    const { page } = b;
    await page.getByRole('link', { name: /Capstone: classify handwritten digits with TinyViT/ }).click();
    await page.waitForURL((u) => u.pathname === '/capstone/vit');
    await expect.poll(() => page.getByTestId('components-note').textContent()).toMatch(/^Every component runs the reference engine/);
    expect(await page.locator('tr[data-component][data-solved="no"][data-runs="reference"]').count()).toBe(VIT_COMPONENTS.length);
    await expect.poll(() => status(page).textContent(), { timeout: 20_000 }).toBe('Ready');
  }, TIMEOUT);

  it('classifies sample digits as the trained model does, from the keyboard too', async () => {
    const { page } = b;
    for (const i of [0, 5, 14, 19]) {
      await page.getByRole('button', { name: `Sample ${i + 1}: a ${golden.labels[i]}`, exact: true }).click();
      await answer(page, predictedOf(i));
    }
    // the keyboard's way: focus a sample button and press Enter
    await page.getByRole('button', { name: `Sample 9: a ${golden.labels[8]}`, exact: true }).focus();
    await page.keyboard.press('Enter');
    await answer(page, predictedOf(8));
    await page.getByRole('combobox', { name: 'Head', exact: true }).selectOption('2');
    await expect.poll(() => page.getByTestId('vit-attention').getAttribute('aria-label')).toMatch(/\(head 3\)/);
    await b.screenshot('capstone-vit');
    expect(b.pageErrors.filter((e) => /Content Security Policy|Refused to/i.test(e))).toEqual([]);
    b.assertNoExternalRequests();
  }, TIMEOUT);

  /** A "1" drawn with the mouse: one stroke from the top down, leaning a little left. */
  async function drawOne(page: Page): Promise<void> {
    await page.getByRole('button', { name: 'Clear' }).click();
    const canvas = page.getByTestId('vit-canvas');
    await canvas.scrollIntoViewIfNeeded();
    const box = (await canvas.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.52, box.y + box.height * 0.15);
    await page.mouse.down();
    for (let t = 1; t <= 20; t++) await page.mouse.move(box.x + box.width * (0.52 - 0.04 * (t / 20)), box.y + box.height * (0.15 + 0.7 * (t / 20)));
    await page.mouse.up();
  }

  it('reads a "1" drawn with the mouse as a 1', async () => {
    await drawOne(b.page);
    await answer(b.page, 1);
  }, TIMEOUT);

  it("classifies on a learner's own components, each matching the reference", async () => {
    const solver = await createSolver(app, VIT_COMPONENTS.map((c) => c.exerciseId));
    const { page } = b;
    await signOutThroughHeader(page);
    await signInThroughForm(page, solver.email, solver.password);
    await page.goto(`${app.baseUrl}/capstone/vit`);
    await expect.poll(() => page.locator('tr[data-component][data-solved="yes"][data-runs="passing"]').count()).toBe(VIT_COMPONENTS.length);
    await expect.poll(() => page.getByTestId('components-note').textContent()).toMatch(/^Every component runs your own code/);
    await expect.poll(() => status(page).textContent(), { timeout: 20_000 }).toBe('Ready');
    await page.getByRole('button', { name: `Sample 7: a ${golden.labels[6]}`, exact: true }).click();
    await answer(page, predictedOf(6));
    for (const c of VIT_COMPONENTS) await expect.poll(() => page.getByTestId(`note-${c.exerciseId}`).getAttribute('data-state'), { timeout: 30_000 }).toBe('matches');
    expect(await page.getByTestId('combined-note').textContent()).toMatch(/^All your components together, against the reference: largest \|difference\| patch tokens [\d.e+-]+, embeddings [\d.e+-]+, block [\d.e+-]+, logits [\d.e+-]+\.$/);
    await page.getByRole('button', { name: `Sample 12: a ${golden.labels[11]}`, exact: true }).click();
    await answer(page, predictedOf(11));
    // and a digit they draw
    await drawOne(page);
    await answer(page, 1);
  }, TIMEOUT);
});
