// The TinyGPT capstone page in real Chromium against the production build: a learner reaches it
// from the course map's language-model module, generates text that streams in from a Web Worker
// (the weights fetched once by the page, verified and run in the worker), sees each last-block
// head's attention over the prompt as a heatmap, gets the same text again for the same seed, is
// told which characters the model does not know, and can stop a long generation while the page
// stays responsive. The page says plainly that every component is the reference engine for now, and lists each
// component as "reference (not solved yet)" for a learner who has passed none of them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startApp, type RunningApp } from './support/app.ts';
import { chromiumAvailable, openBrowser, type Browsing } from './support/browser.ts';
import { newLearner, signUpThroughForm } from './support/auth.ts';
import { DEMO } from '../../lib/seed.ts';
import { readWeights } from '../../exercises/capstone/files.ts';

const TIMEOUT = 120_000;
const VOCAB = new Set(readWeights('tiny-gpt').manifest.vocab);

describe.skipIf(!chromiumAvailable())('the TinyGPT capstone page', () => {
  let app: RunningApp;
  let b: Browsing;

  const status = (page: Page) => page.getByTestId('gpt-status');
  const generated = (page: Page) => page.getByTestId('gpt-generated').textContent().then((t) => t ?? '');

  async function generate(page: Page, opts: { prompt: string; length: number; seed?: string }): Promise<void> {
    await page.getByRole('textbox', { name: 'Prompt', exact: true }).fill(opts.prompt);
    await page.getByRole('spinbutton', { name: 'Characters', exact: true }).fill(String(opts.length));
    await page.getByRole('textbox', { name: 'Seed (optional)', exact: true }).fill(opts.seed ?? '');
    await page.getByRole('button', { name: 'Generate' }).click();
  }

  beforeAll(async () => {
    app = await startApp();
    b = await openBrowser(app.baseUrl);
    await signUpThroughForm(b.page, newLearner('capstone'), DEMO.joinCode);
  }, 600_000);

  afterAll(async () => {
    await b?.close();
    await app?.stop();
  }, 60_000);

  it('is linked from the course map and says every component is the reference for now', async () => {
    const { page } = b;
    await page.getByRole('link', { name: /Capstone: generate text with TinyGPT/ }).click();
    await page.waitForURL((u) => u.pathname === '/capstone/gpt');
    await expect.poll(() => page.getByTestId('components-note').textContent()).toMatch(/Every component of this model is the reference engine for now/);
    // a new learner has solved nothing: every component is the reference, and says so
    const rows = page.locator('tr[data-component]');
    expect(await rows.count()).toBe(7);
    expect(await page.locator('tr[data-component][data-solved="no"]').filter({ hasText: 'reference (not solved yet)' }).count()).toBe(7);
    await expect.poll(() => status(page).textContent(), { timeout: 20_000 }).toBe('Ready');
  }, TIMEOUT);

  it('streams generated characters from the model and draws each head\'s attention over the prompt', async () => {
    const { page } = b;
    const failed: string[] = [];
    page.on('response', (r) => { if (r.status() >= 400) failed.push(r.url()); });
    await generate(page, { prompt: 'the attention ', length: 80, seed: 'e2e' });
    await expect.poll(() => status(page).textContent(), { timeout: 30_000 }).toBe('Ready');
    const text = await generated(page);
    expect(text).toHaveLength(80);
    expect([...text].every((c) => VOCAB.has(c)), text).toBe(true);
    expect(text).toMatch(/[a-z]{2,}/); // words, not noise
    expect(page.workers().length, 'the model runs in a worker (this page starts no other)').toBe(1);
    // four heads, each a 14 x 14 map (the prompt's characters)
    const heads = page.getByRole('img', { name: /^Head \d: attention weights of head \d over 14 characters$/ });
    await expect.poll(() => heads.count()).toBe(4);
    // the same seed draws the same text
    await generate(page, { prompt: 'the attention ', length: 80, seed: 'e2e' });
    await expect.poll(() => status(page).textContent(), { timeout: 30_000 }).toBe('Ready');
    expect(await generated(page)).toBe(text);
    await b.screenshot('capstone-gpt');
    expect(b.pageErrors.filter((e) => /Content Security Policy|Refused to/i.test(e))).toEqual([]);
    expect(failed.filter((u) => u.includes('/api/capstone/')), 'weights requests that failed').toEqual([]);
    b.assertNoExternalRequests();
  }, TIMEOUT);

  it('names the characters the model does not know, and generates nothing', async () => {
    const { page } = b;
    await generate(page, { prompt: 'Hello, World', length: 20 });
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'does not know' }).textContent()).toMatch(/The model does not know "H", "W"/);
    expect(await generated(page)).toBe('');
    expect(await status(page).textContent()).toBe('Ready');
  }, TIMEOUT);

  it('stops a long generation at once, keeping what was streamed, and is ready again', async () => {
    const { page } = b;
    await generate(page, { prompt: 'a softmax over the scores of every key ', length: 500 });
    await expect.poll(async () => (await generated(page)).length, { timeout: 20_000 }).toBeGreaterThan(3);
    // the page's own thread answers while the worker samples
    const t0 = Date.now();
    await page.evaluate(() => 1 + 1);
    expect(Date.now() - t0).toBeLessThan(500);
    await page.getByRole('button', { name: 'Stop' }).click();
    const kept = (await generated(page)).length;
    expect(kept).toBeLessThan(500);
    await expect.poll(() => status(page).textContent(), { timeout: 20_000 }).toBe('Ready');
    await page.waitForTimeout(500);
    expect((await generated(page)).length).toBeLessThanOrEqual(kept + 2); // nothing more arrives after Stop
    // and a new generation works in the fresh worker
    await generate(page, { prompt: 'the ', length: 10, seed: 'again' });
    await expect.poll(async () => (await generated(page)).length, { timeout: 30_000 }).toBe(10);
  }, TIMEOUT);
});
