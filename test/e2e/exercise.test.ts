// The exercise page in real Chromium against the production build: a learner signs up with the
// demo join code, opens attention/scaled-dot-product, types into Monaco, runs, submits, meets the
// missing-scale misconception and a syntax error, reloads onto their draft, and does it all by
// keyboard too. axe-core checks the page; no request may leave localhost.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, startApp, type RunningApp } from './support/app.ts';
import { chromiumAvailable, openBrowser, type Browsing } from './support/browser.ts';
import { newLearner, signUpThroughForm } from './support/auth.ts';
import { DEMO } from '../../lib/seed.ts';

const EXERCISE = 'attention/scaled-dot-product';
const TIMEOUT = 90_000;
const read = (file: string) => fs.readFileSync(path.join(ROOT, 'exercises', EXERCISE, file), 'utf8');
const SOLUTION = read('solution.ts');
const STARTER = read('starter.ts');
// the classic mistake: softmax of the raw scores
const NO_SCALE = SOLUTION.replace('s / Math.sqrt(dk)', 's');

type MonacoWindow = {
  monaco: {
    editor: {
      getEditors(): Array<{ updateOptions(o: object): void; getModel(): { getValue(): string; getLineCount(): number } | null }>;
      getModelMarkers(filter: { owner?: string }): Array<{ owner: string; startLineNumber: number; message: string; severity: number }>;
    };
  };
};

/** Waits until Monaco has mounted with the learner's model (the workbench exposes window.monaco). */
async function editorReady(page: Page): Promise<void> {
  await page.locator('.monaco-editor').waitFor();
  await page.waitForFunction(() => (window as unknown as MonacoWindow).monaco?.editor.getEditors()[0]?.getModel() != null);
}

async function editorValue(page: Page): Promise<string> {
  return page.evaluate(() => (window as unknown as MonacoWindow).monaco.editor.getEditors()[0].getModel()!.getValue());
}

/**
 * Replaces the code the way a learner would: focus the editor, select all, type. Auto-indent and
 * bracket auto-closing are switched off first so the typed text lands exactly as written.
 */
async function typeCode(page: Page, code: string): Promise<void> {
  await page.evaluate(() => (window as unknown as MonacoWindow).monaco.editor.getEditors()[0].updateOptions({
    autoIndent: 'none', autoClosingBrackets: 'never', autoClosingQuotes: 'never', autoClosingOvertype: 'never', autoSurround: 'never', formatOnType: false,
  }));
  await page.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.insertText(code);
  expect(await editorValue(page)).toBe(code);
}

/** Does `action` and waits for the next verdict on screen (the results panel counts them). */
async function nextVerdict(page: Page, action: () => Promise<void>, timeout = 30_000): Promise<void> {
  const results = page.locator('[data-seq]');
  const before = Number(await results.getAttribute('data-seq'));
  await action();
  await page.waitForFunction((n) => Number(document.querySelector('[data-seq]')?.getAttribute('data-seq')) > n, before, { timeout });
}

async function summary(page: Page): Promise<string> {
  return (await page.locator('[data-seq] [data-status] p').first().textContent()) ?? '';
}

describe.skipIf(!chromiumAvailable())('the exercise page in the browser', () => {
  let app: RunningApp;
  let b: Browsing;
  let visibleCount = 0;
  const learner = newLearner('workbench');

  beforeAll(async () => {
    app = await startApp();
    b = await openBrowser(app.baseUrl);
    await signUpThroughForm(b.page, learner, DEMO.joinCode);
  }, 600_000);

  afterAll(async () => {
    await b?.close();
    await app?.stop();
  }, 60_000);

  it('opens with the prompt typeset by KaTeX, the starter in Monaco and the exercise types known to TypeScript', async () => {
    const { page } = b;
    await page.goto(`/exercises/${EXERCISE}`);
    await page.getByRole('heading', { level: 1, name: 'Scaled dot-product attention' }).first().waitFor();
    expect(await page.locator('.katex').count()).toBeGreaterThan(5);
    await editorReady(page);
    expect(await editorValue(page)).toBe(STARTER);
    await b.screenshot('exercise-page');
    visibleCount = await page.getByLabel('Start from').locator('option').count();
    expect(visibleCount).toBeGreaterThanOrEqual(2);

    // the declarations reach the TypeScript worker: Matrix is a known type, so misusing it is an error
    await typeCode(page, `${STARTER}\nconst wrong: Matrix = 5;\n`);
    const line = STARTER.split('\n').length + 1;
    await page.waitForFunction((l) => (window as unknown as MonacoWindow).monaco.editor.getModelMarkers({ owner: 'typescript' })
      .some((m) => m.startLineNumber === l && /not assignable/.test(m.message)), line, { timeout: 30_000 });
    // and the granted helpers complete: "matm" offers matmul
    await typeCode(page, `${STARTER}\nmatm`);
    await page.keyboard.press('Control+Space');
    await page.locator('.suggest-widget').getByText('matmul', { exact: true }).first().waitFor({ timeout: 30_000 });
    await page.keyboard.press('Escape');
    await typeCode(page, STARTER);
  }, TIMEOUT);

  it('Run: a correct solution passes every visible case', async () => {
    const { page } = b;
    await typeCode(page, SOLUTION);
    await nextVerdict(page, () => page.keyboard.press('ControlOrMeta+Enter')); // focus is in the editor
    const cases = page.locator('[data-case]');
    expect(await cases.count()).toBe(visibleCount);
    expect(await page.locator('[data-case][data-passed="false"]').count()).toBe(0);
    expect(await summary(page)).toContain(`${visibleCount} of ${visibleCount} visible cases passed`);
    await page.getByRole('status').filter({ hasText: 'Run finished' }).waitFor({ state: 'attached' });
  }, TIMEOUT);

  it('Submit: full marks, and the course map shows the exercise solved', async () => {
    const { page } = b;
    await nextVerdict(page, () => page.keyboard.press('ControlOrMeta+Shift+Enter'));
    expect(await page.locator('[data-source]').getAttribute('data-source')).toBe('submit');
    expect(await page.locator('[data-seq] [data-status]').getAttribute('data-status')).toBe('passed');
    expect(await summary(page)).toMatch(/Score 10 \/ 10/);
    await page.getByText('Full marks: exercise solved.').waitFor();
    const sub = await app.db.submission.findFirstOrThrow({ where: { exerciseId: EXERCISE, kind: 'submit' }, orderBy: { createdAt: 'desc' } });
    expect(sub.code).toBe(SOLUTION);
    expect(sub.score).toBe(10);

    await page.getByRole('link', { name: 'Back to the course map' }).click();
    await page.waitForURL((u) => u.pathname === '/');
    expect(await page.locator(`[data-exercise="${EXERCISE}"]`).getAttribute('data-status')).toBe('solved');
  }, TIMEOUT);

  it('names the missing 1/sqrt(d_k) scale, with the worst element and a heatmap of what is off', async () => {
    const { page } = b;
    await page.goto(`/exercises/${EXERCISE}`);
    await editorReady(page);
    await typeCode(page, NO_SCALE);
    await nextVerdict(page, () => page.getByRole('button', { name: /^Run/ }).click());
    expect(await page.locator('[data-seq] [data-status]').getAttribute('data-status')).toBe('failed');
    const hint = page.getByRole('note', { name: 'Likely mistake' }).first();
    await hint.waitFor();
    expect(await hint.textContent()).toContain('attention without the 1/sqrt(d_k) scale');
    expect(await hint.textContent()).toContain('divided by sqrt(d_k) before the softmax');
    await page.getByText('Worst element:').first().waitFor();
    // expected, yours and |difference| for the failing case's output
    const maps = page.locator('[data-case][data-passed="false"]').first().getByRole('img');
    expect(await maps.count()).toBe(3);
    expect(await maps.nth(2).getAttribute('aria-label')).toMatch(/^\|difference\|: largest difference/);
    await b.screenshot('failing-verdict');
  }, TIMEOUT);

  it('marks a syntax error on its line in the editor', async () => {
    const { page } = b;
    const lines = SOLUTION.split('\n');
    const broken = [...lines.slice(0, 2), '  const = 3;', ...lines.slice(2)].join('\n');
    await typeCode(page, broken);
    await nextVerdict(page, () => page.keyboard.press('ControlOrMeta+Enter'));
    expect(await page.locator('[data-seq] [data-status]').getAttribute('data-status')).toBe('compile_error');
    const markers = await page.evaluate(() => (window as unknown as MonacoWindow).monaco.editor.getModelMarkers({ owner: 'grader' }));
    expect(markers.map((m) => m.startLineNumber)).toEqual([3]);
    await page.getByText(/^Line 3, column \d+:/).waitFor();
    // the underline is drawn (Monaco renders markers as squiggly decorations)
    await page.locator('.monaco-editor .squiggly-error').first().waitFor();
  }, TIMEOUT);

  it('shows a refused Run as a message, and the code stays', async () => {
    const { page } = b;
    await typeCode(page, '   \n');
    await page.keyboard.press('ControlOrMeta+Enter');
    await page.getByRole('alert').filter({ hasText: 'Your code is empty.' }).waitFor();
    expect(await editorValue(page)).toBe('   \n');
    await page.getByRole('button', { name: 'Dismiss' }).click();
    expect(await page.getByRole('alert').filter({ hasText: 'Your code is empty.' }).count()).toBe(0);
  }, TIMEOUT);

  it('marks the line a visible case threw on, and shows what the code printed', async () => {
    const { page } = b;
    const throwing = [
      'export function attention(Q: Matrix, K: Matrix, V: Matrix, mask?: Mask): Matrix {',
      "  console.log('rows of Q:', Q.length);",
      "  if (Q.length > 0) throw new Error('not written yet');",
      '  return Q;',
      '}',
      '',
    ].join('\n');
    await typeCode(page, throwing);
    await nextVerdict(page, () => page.keyboard.press('ControlOrMeta+Enter'));
    expect(await page.locator('[data-case][data-passed="false"]').count()).toBe(visibleCount);
    const markers = await page.evaluate(() => (window as unknown as MonacoWindow).monaco.editor.getModelMarkers({ owner: 'grader' }));
    expect(markers.map((m) => m.startLineNumber)).toEqual([3]);
    expect(markers[0].message).toContain('not written yet');
    expect(await page.locator('pre', { hasText: 'rows of Q:' }).count()).toBe(1);
  }, TIMEOUT);

  it('runs a scratch case: JSON errors are pointed at, and the output shows beside the reference', async () => {
    const { page } = b;
    await typeCode(page, SOLUTION);
    await page.getByText('Scratch case: try your own inputs').click();
    const input = page.getByLabel('Inputs (JSON)');
    await input.fill('[[[1, 0]], [[1, 1], [2, 0]] [[1, 0], [0, 1]]]');
    await page.getByRole('alert').filter({ hasText: "Invalid inputs: expected ',' or ']', found '[' (line 1, column 29)" }).waitFor();
    await input.fill('[[[1, 0]], [[1, 1], [2, 0]], [[1, 0], [0, 1]]]');
    expect(await page.getByRole('alert').filter({ hasText: 'Invalid inputs' }).count()).toBe(0);
    await nextVerdict(page, () => page.getByRole('button', { name: 'Run with scratch case' }).click());
    const result = page.getByRole('region', { name: 'Scratch case result' });
    await result.getByText('Your output matches the reference.').waitFor();
    // softmax([1, 2] / sqrt(2)) . V: the reference's row, printed beside the learner's
    const w = 1 / (1 + Math.exp(1 / Math.SQRT2));
    const first = (Math.round(w * 1e4) / 1e4).toString();
    expect(await result.locator('pre').first().textContent()).toContain(first);
    expect(await result.locator('pre').nth(1).textContent()).toContain(first);
  }, TIMEOUT);

  it('resets to the starter only after confirmation, and deletes the saved draft', async () => {
    const { page } = b;
    await page.getByRole('button', { name: 'Reset', exact: true }).click();
    await page.getByRole('dialog', { name: 'Reset to the starter code?' }).getByRole('button', { name: 'Reset my code' }).click();
    expect(await editorValue(page)).toBe(STARTER);
    const user = await app.db.user.findUniqueOrThrow({ where: { email: learner.email } });
    const until = Date.now() + 5_000;
    const draft = () => app.db.draft.findFirst({ where: { userId: user.id, exerciseId: EXERCISE } });
    while ((await draft()) && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    expect(await draft()).toBeNull();
  }, TIMEOUT);

  it('keeps the draft across a reload', async () => {
    const { page } = b;
    const draft = `${NO_SCALE}\n// draft ${Date.now()}\n`;
    await typeCode(page, draft);
    // saved as the learner types (debounced): the database has it, and the indicator says so
    const user = await app.db.user.findUniqueOrThrow({ where: { email: learner.email } });
    const until = Date.now() + 10_000;
    const stored = async () => (await app.db.draft.findFirst({ where: { userId: user.id, exerciseId: EXERCISE } }))?.code;
    while ((await stored()) !== draft && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    expect(await stored()).toBe(draft);
    await page.locator('[data-save-state="saved"]').waitFor({ timeout: 5_000 });
    await page.reload();
    await editorReady(page);
    expect(await editorValue(page)).toBe(draft);
  }, TIMEOUT);

  it('works with the keyboard alone: Tab to Run, shortcuts outside the editor, Escape out of the editor, the reset dialog', async () => {
    const { page } = b;
    await page.goto(`/exercises/${EXERCISE}`);
    await editorReady(page);
    const focused = () => page.evaluate(() => {
      const a = document.activeElement;
      return a ? `${a.tagName.toLowerCase()}:${(a.getAttribute('aria-label') ?? a.textContent ?? '').trim().slice(0, 40)}` : '';
    });
    // Tab from the top of the page until Run has the focus
    await page.locator('body').focus();
    let tabs = 0;
    while (!(await focused()).startsWith('button:Run') && tabs < 40) {
      await page.keyboard.press('Tab');
      tabs++;
    }
    expect(await focused()).toMatch(/^button:Run/);
    await nextVerdict(page, () => page.keyboard.press('Enter'));
    expect(await page.locator('[data-source]').getAttribute('data-source')).toBe('run');

    // the shortcut works with the focus outside the editor
    await nextVerdict(page, () => page.keyboard.press('ControlOrMeta+Enter'));

    // Tab reaches the editor (after Submit); typing goes in; Escape hands the focus back to Run
    await page.keyboard.press('Tab');
    expect(await focused()).toMatch(/^button:Submit/);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => !!document.activeElement?.closest('.monaco-editor'))).toBe(true);
    await page.keyboard.press('ControlOrMeta+End');
    await page.keyboard.type('// by keyboard');
    expect(await editorValue(page)).toContain('// by keyboard');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape'); // the first may only close a suggestion widget
    expect(await focused()).toMatch(/^button:Run/);

    // Reset asks first; Escape cancels and gives the focus back; the code is untouched
    await page.keyboard.press('Shift+Tab');
    expect(await focused()).toBe('button:Reset');
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Reset to the starter code?' });
    await dialog.waitFor();
    expect(await focused()).toBe('button:Cancel');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await focused()).toBe('button:Reset');
    expect(await editorValue(page)).toContain('// by keyboard');
  }, TIMEOUT);

  it('has no serious or critical accessibility violations (axe-core), with a failing verdict on screen', async () => {
    const { page } = b;
    await typeCode(page, NO_SCALE);
    // with the scratch case in the run, so its output is checked too
    await page.getByText('Scratch case: try your own inputs').click();
    await page.getByLabel('Include in Run').check();
    await nextVerdict(page, () => page.keyboard.press('ControlOrMeta+Enter'));
    await page.getByRole('region', { name: 'Scratch case result' }).waitFor();
    // open every disclosure so the inputs, outputs and scratch panel are checked too
    await page.evaluate(() => document.querySelectorAll('details').forEach((d) => { d.open = true; }));
    await page.addScriptTag({ content: fs.readFileSync(path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8') });
    const violations = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: Array<{ id: string; impact: string; help: string; nodes: Array<{ target: string[] }> }> }> } }).axe;
      const r = await axe.run(document, { resultTypes: ['violations'] });
      return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
    });
    expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
  }, TIMEOUT);

  it('stacks the prompt above the editor on a narrow screen', async () => {
    const { page } = b;
    await page.setViewportSize({ width: 600, height: 900 });
    try {
      const prompt = await page.getByRole('region', { name: 'Exercise: Scaled dot-product attention' }).boundingBox();
      const editor = await page.locator('.monaco-editor').boundingBox();
      expect(prompt && editor && prompt.y + prompt.height <= editor.y).toBe(true);
      expect(editor!.width).toBeGreaterThan(500); // the editor takes the full width
      await b.screenshot('exercise-page-narrow');
    } finally {
      await page.setViewportSize({ width: 1400, height: 900 });
    }
  }, TIMEOUT);

  it('never reached a host other than localhost, and broke no Content Security Policy rule', () => {
    b.assertNoExternalRequests();
    expect(b.pageErrors.filter((e) => /Content Security Policy|Refused to/i.test(e))).toEqual([]);
  });
});
