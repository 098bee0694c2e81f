// The TinyGPT capstone page in real Chromium against the production build: a learner reaches it
// from the course map's language-model module, generates text that streams in from a Web Worker
// (the weights fetched once by the page, verified and run in the worker), sees each last-block
// head's attention over the prompt as a heatmap, gets the same text again for the same seed, is
// told which characters the model does not know, and can stop a long generation while the page
// stays responsive. A learner who has passed none of the components runs the reference and is told so.
// A learner with passing solutions runs the model on their own code, each component checked against
// the reference; one who switches in their latest attention, written without the 1/sqrt(d_k) scale,
// is told that their attention differs and by how much, layer by layer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startApp, type RunningApp } from './support/app.ts';
import { chromiumAvailable, openBrowser, type Browsing } from './support/browser.ts';
import { newLearner, signInThroughForm, signOutThroughHeader, signUpThroughForm } from './support/auth.ts';
import { createSolver, solutionOf } from './support/capstone.ts';
import { GPT_COMPONENTS } from '../../components/capstone/gpt-components.ts';
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

  it('is linked from the course map and says every component is the reference until solved', async () => {
    const { page } = b;
    await page.getByRole('link', { name: /Capstone: generate text with TinyGPT/ }).click();
    await page.waitForURL((u) => u.pathname === '/capstone/gpt');
    await expect.poll(() => page.getByTestId('components-note').textContent()).toMatch(/^Every component runs the reference engine/);
    // a new learner has solved nothing: every component is the reference, and says so
    const rows = page.locator('tr[data-component]');
    expect(await rows.count()).toBe(GPT_COMPONENTS.length);
    expect(await page.locator('tr[data-component][data-solved="no"][data-runs="reference"]').filter({ hasText: 'not solved yet' }).count()).toBe(GPT_COMPONENTS.length);
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

  describe("with the learner's own components", () => {
    const ATTENTION = 'attention/scaled-dot-product';
    const LAYER_NORM = 'transformer/layer-norm';
    const solution = solutionOf;
    const note = (page: Page, id: string) => page.getByTestId(`note-${id}`);

    beforeAll(async () => {
      // a learner of the demo cohort who has passed every component's exercise, with the course's
      // solutions, and has since rewritten their attention without the scale (in the editor's draft)
      const solver = await createSolver(app, GPT_COMPONENTS.map((c) => c.exerciseId));
      const unscaled = solution(ATTENTION).replace('s / Math.sqrt(dk)', 's');
      expect(unscaled).not.toBe(solution(ATTENTION));
      await app.db.draft.create({ data: { userId: solver.id, cohortId: solver.cohortId, scope: solver.cohortId, exerciseId: ATTENTION, code: unscaled } });
      // and is halfway through a layer norm that never returns
      await app.db.draft.create({ data: { userId: solver.id, cohortId: solver.cohortId, scope: solver.cohortId, exerciseId: LAYER_NORM, code: 'export function layerNorm(x: number[][]): number[][] { while (true) {} }' } });
      await signOutThroughHeader(b.page);
      await signInThroughForm(b.page, solver.email, solver.password);
    }, TIMEOUT);

    it('runs the model on their passing code, every component matching the reference, and generates', async () => {
      const { page } = b;
      await page.goto(`${app.baseUrl}/capstone/gpt`);
      await expect.poll(() => page.locator('tr[data-component][data-solved="yes"][data-runs="passing"]').count()).toBe(GPT_COMPONENTS.length);
      await expect.poll(() => page.getByTestId('components-note').textContent()).toMatch(/^Every component runs your own code\. Each of yours is checked/);
      await expect.poll(() => status(page).textContent(), { timeout: 20_000 }).toBe('Ready');
      await generate(page, { prompt: 'the attention ', length: 100, seed: 'mine' });
      await expect.poll(() => status(page).textContent(), { timeout: 30_000 }).toBe('Ready');
      expect(await page.getByRole('alert').filter({ hasText: /stopped|could not|threw/ }).count()).toBe(0);
      const text = await generated(page);
      expect(text).toHaveLength(100);
      expect(text).toMatch(/[a-z]{2,}/);
      for (const c of GPT_COMPONENTS) {
        await expect.poll(() => note(page, c.exerciseId).getAttribute('data-state')).toBe('matches');
      }
      expect(await note(page, 'transformer/encoder-block').textContent()).toMatch(/^matches the reference \(largest \|difference\| \d/);
      expect(await page.getByTestId('combined-note').textContent()).toMatch(/^All your components together, against the reference: largest \|difference\| embeddings [\d.e+-]+, block 1 [\d.e+-]+, block 2 [\d.e+-]+, logits [\d.e+-]+\.$/);
      expect(b.pageErrors.filter((e) => /Content Security Policy|Refused to/i.test(e))).toEqual([]);
    }, TIMEOUT);

    it('says that an attention without the 1/sqrt(d_k) scale differs, and by how much', async () => {
      const { page } = b;
      await page.getByRole('combobox', { name: 'Whose Scaled dot-product attention runs' }).selectOption('latest');
      await expect.poll(() => status(page).textContent(), { timeout: 20_000 }).toBe('Ready');
      await generate(page, { prompt: 'the attention ', length: 20, seed: 'mine' });
      await expect.poll(() => note(page, ATTENTION).getAttribute('data-state'), { timeout: 30_000 }).toBe('differs');
      const said = (await note(page, ATTENTION).textContent()) ?? '';
      const m = /^differs from the reference: largest \|difference\| embeddings 0\.00e\+0, block 1 ([\d.e+-]+), block 2 ([\d.e+-]+), logits ([\d.e+-]+)$/.exec(said);
      expect(m, said).not.toBeNull();
      expect(Number(m![3])).toBeGreaterThan(1e-3);
      // the rest of their components still match, and the model still generates with the mix
      await expect.poll(() => note(page, 'attention/multi-head').getAttribute('data-state')).toBe('matches');
      await expect.poll(() => status(page).textContent(), { timeout: 30_000 }).toBe('Ready');
      expect(await generated(page)).toHaveLength(20);
      await b.screenshot('capstone-gpt-unscaled');
    }, TIMEOUT);

    it('ends a layer norm that never returns after 10 s, names it, and runs again once it is the reference', async () => {
      const { page } = b;
      await page.getByRole('combobox', { name: 'Whose Scaled dot-product attention runs' }).selectOption('passing');
      await page.getByRole('combobox', { name: 'Whose Layer norm runs' }).selectOption('latest');
      await expect.poll(() => status(page).textContent(), { timeout: 20_000 }).toBe('Ready');
      await generate(page, { prompt: 'the ', length: 10, seed: 'loop' });
      await expect.poll(() => page.getByRole('alert').filter({ hasText: 'was stopped' }).textContent(), { timeout: 25_000 })
        .toMatch(/^The model was stopped: your Layer norm ran for 10 s without an answer \(an endless loop\?\)/);
      expect(await note(page, LAYER_NORM).textContent()).toBe('did not return within 10 s (an endless loop?)');
      await expect.poll(() => status(page).textContent(), { timeout: 20_000 }).toBe('Ready'); // a fresh worker
      await page.getByRole('combobox', { name: 'Whose Layer norm runs' }).selectOption('reference');
      await expect.poll(() => status(page).textContent(), { timeout: 20_000 }).toBe('Ready');
      await generate(page, { prompt: 'the ', length: 10, seed: 'loop' });
      await expect.poll(() => status(page).textContent(), { timeout: 30_000 }).toBe('Ready');
      expect(await generated(page)).toHaveLength(10);
    }, TIMEOUT);
  });
});
