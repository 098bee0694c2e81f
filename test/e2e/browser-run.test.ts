// Run in the browser, in real Chromium against the production build: the visible cases and the
// scratch case run in a Web Worker on the learner's machine with the engine computing the expected
// outputs there, and no request reaches the server during a Run (a proxy in front of the server
// counts them); `while (true) {}` is answered with the server's timeout message within the time
// limit plus 500 ms while the page stays responsive, and the next Run works; learner code finds no network and no way to the page; a
// browser without Web Workers runs on the server and says so.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, startApp, type RunningApp } from './support/app.ts';
import { chromiumAvailable, openBrowser, type Browsing } from './support/browser.ts';
import { newLearner, signUpThroughForm } from './support/auth.ts';
import { typeIntoEditor } from './support/monaco.ts';
import { countingProxy, type CountingProxy } from './support/counting-proxy.ts';
import { clickToVerdict } from './support/verdict-timing.ts';
import { DEMO } from '../../lib/seed.ts';
import { DEFAULT_LIMITS } from '../../grader/sandbox-protocol.ts';
import { STOPPED_AFTER_TIMEOUT } from '../../grader/browser/session.ts';
import { WORKER_CSP } from '../../lib/security-headers.ts';

const EXERCISE = 'attention/scaled-dot-product';
const TIMEOUT = 120_000;
const SOLUTION = fs.readFileSync(path.join(ROOT, 'exercises', EXERCISE, 'solution.ts'), 'utf8');
const LOOP = 'export function attention(Q: Matrix, K: Matrix, V: Matrix, mask?: Mask): Matrix {\n  while (true) {}\n}\n';

type MonacoWindow = { monaco: { editor: { getEditors(): Array<{ getModel(): { getValue(): string } | null }> } } };

describe.skipIf(!chromiumAvailable())('Run in the browser', () => {
  let app: RunningApp;
  let b: Browsing;
  let proxy: CountingProxy;
  const learner = newLearner('browser-run');
  /** Every request the browser made (pages, workers, subresources, its cache's answers too), with when Node saw it. */
  const requests: { url: string; at: number }[] = [];

  /** `action` with the requests that reached the server while it ran (from just before it to just after). */
  async function requestsDuring<T>(action: () => Promise<T>): Promise<{ value: T; made: string[] }> {
    const from = Date.now();
    const value = await action();
    const to = Date.now();
    return { value, made: proxy.since(from).filter((r) => r.at <= to).map((r) => `${r.method} ${r.path}`) };
  }

  async function openExercise(page: Page): Promise<void> {
    await page.goto(`/exercises/${EXERCISE}`);
    await page.locator('[data-run-mode="browser"]').waitFor();
    await page.waitForFunction(() => (window as unknown as MonacoWindow).monaco?.editor.getEditors()[0]?.getModel() != null);
  }

  /** The code typed, saved by the autosave (so no save is in flight during the Run that follows). */
  async function setCode(page: Page, code: string): Promise<void> {
    await typeIntoEditor(page, code);
    await page.locator('[data-save-state="saved"]').waitFor({ timeout: 10_000 });
  }

  beforeAll(async () => {
    app = await startApp();
    proxy = await countingProxy(app.baseUrl);
    b = await openBrowser(proxy.url);
    b.context.on('request', (r) => requests.push({ url: r.url(), at: Date.now() }));
    await signUpThroughForm(b.page, learner, DEMO.joinCode);
  }, 600_000);

  afterAll(async () => {
    await b?.close();
    await proxy?.close();
    await app?.stop();
  }, 60_000);

  it('shows the verdict with no request to the server during the Run, and the autosave keeps the draft', async () => {
    const { page } = b;
    await openExercise(page);
    await setCode(page, SOLUTION);
    await page.waitForTimeout(300); // the pre-warmed worker is up
    const { value, made } = await requestsDuring(() => clickToVerdict(page, 'Run'));
    expect(value.status, value.failures.join('\n')).toBe('passed');
    expect(made).toEqual([]);
    // the recorder does see workers' own requests: the Run worker's loader and the chunks it imports
    const workerAt = requests.findIndex((r) => /\/turbopack-worker-[^/]*\.js/.test(r.url));
    expect(workerAt).toBeGreaterThanOrEqual(0);
    expect(requests.slice(workerAt + 1).some((r) => /\/_next\/static\/chunks\/.*\.js/.test(r.url))).toBe(true);
    expect(await page.locator('[data-case][data-passed="true"]').count()).toBeGreaterThanOrEqual(2);
    expect(await page.locator('[data-source]').getAttribute('data-source')).toBe('run');
    // the draft Run used to save reached the database through the autosave
    const user = await app.db.user.findUniqueOrThrow({ where: { email: learner.email } });
    expect((await app.db.draft.findFirstOrThrow({ where: { userId: user.id, exerciseId: EXERCISE } })).code).toBe(SOLUTION);
    // nothing was graded or recorded on the server
    expect(await app.db.submission.count({ where: { userId: user.id } })).toBe(0);

    // and again, several times: each Run on a fresh worker, none reaching the server
    for (let i = 0; i < 3; i++) {
      await page.waitForTimeout(300);
      const again = await requestsDuring(() => clickToVerdict(page, 'Run'));
      expect(again.value.status).toBe('passed');
      expect(again.made).toEqual([]);
    }
  }, TIMEOUT);

  it('stops `while (true) {}` at the time limit with the server timeout message; the page stays responsive; the next Run works', async () => {
    const { page } = b;
    await setCode(page, LOOP);
    await page.waitForTimeout(300);
    await page.locator('.monaco-editor .view-lines').click();
    await page.keyboard.press('ControlOrMeta+End');
    const running = requestsDuring(() => clickToVerdict(page, 'Run'));
    // while the learner's loop spins in the worker, the page answers and the editor takes typing
    await page.locator('[aria-busy="true"][data-seq]').waitFor();
    const t0 = Date.now();
    await page.evaluate(() => 1);
    expect(Date.now() - t0).toBeLessThan(500);
    await page.keyboard.type('// typed during the loop');
    const typedWhileBusy = await page.evaluate(() => ({
      busy: document.querySelector('[data-seq]')?.getAttribute('aria-busy'),
      code: (window as unknown as MonacoWindow).monaco.editor.getEditors()[0].getModel()!.getValue(),
    }));
    expect(typedWhileBusy).toEqual({ busy: 'true', code: `${LOOP}// typed during the loop` });

    const { value, made } = await running;
    expect(value.status).toBe('failed');
    expect(value.ms).toBeLessThan(DEFAULT_LIMITS.perCaseMs + 500);
    // the only request: the autosave of what was typed (the Run made none)
    expect(made.filter((m) => m !== `POST /exercises/${EXERCISE}`)).toEqual([]);
    expect(made.length).toBeLessThanOrEqual(1);
    await page.locator('[data-save-state="saved"]').waitFor({ timeout: 10_000 });
    const user = await app.db.user.findUniqueOrThrow({ where: { email: learner.email } });
    expect((await app.db.draft.findFirstOrThrow({ where: { userId: user.id, exerciseId: EXERCISE } })).code).toBe(`${LOOP}// typed during the loop`);
    const first = page.locator('[data-case]').first();
    expect(await first.getAttribute('data-passed')).toBe('false');
    await first.getByText(`took longer than ${DEFAULT_LIMITS.perCaseMs} ms`).waitFor();
    await page.getByText(STOPPED_AFTER_TIMEOUT).first().waitFor();

    // a fresh worker took the stopped one's place: the next Run is answered at once
    await setCode(page, SOLUTION);
    await page.waitForTimeout(300);
    const next = await requestsDuring(() => clickToVerdict(page, 'Run'));
    expect(next.value.status).toBe('passed');
    expect(next.value.ms).toBeLessThan(1000);
    expect(next.made).toEqual([]);
  }, TIMEOUT);

  it('runs the scratch case in the browser: the reference computed there, beside the learner output', async () => {
    const { page } = b;
    await page.getByText('Scratch case: try your own inputs').click();
    await page.getByLabel('Inputs (JSON)').fill('[[[1, 0]], [[1, 1], [2, 0]], [[1, 0], [0, 1]]]');
    await page.waitForTimeout(300);
    const { value, made } = await requestsDuring(() => clickToVerdict(page, 'Run with scratch case'));
    expect(value.status).toBe('passed');
    expect(made).toEqual([]);
    const result = page.getByRole('region', { name: 'Scratch case result' });
    await result.getByText('Your output matches the reference.').waitFor();
    const w = 1 / (1 + Math.exp(1 / Math.SQRT2));
    expect(await result.locator('pre').first().textContent()).toContain((Math.round(w * 1e4) / 1e4).toString());
    // inputs the reference refuses: its own message, in the browser too
    await page.getByLabel('Inputs (JSON)').fill('[[[1, 0]], [[1, 1, 1]], [[1, 0]]]');
    await page.waitForTimeout(300);
    const refused = await requestsDuring(() => clickToVerdict(page, 'Run with scratch case'));
    expect(refused.made).toEqual([]);
    await result.getByText(/The reference rejects these inputs/).waitFor();
  }, TIMEOUT);

  it('gives learner code no network, no way to the page and no code from strings', async () => {
    const { page } = b;
    const probe = [
      'export function attention(Q: Matrix, K: Matrix, V: Matrix, mask?: Mask): Matrix {',
      '  const g = globalThis as any;',
      "  const names = ['fetch', 'XMLHttpRequest', 'WebSocket', 'EventSource', 'importScripts', 'indexedDB', 'caches', 'BroadcastChannel', 'Worker', 'navigator', 'postMessage', 'setTimeout', 'eval'];",
      "  const left = names.filter((n) => typeof g[n] !== 'undefined');",
      "  let compiled = 'blocked';",
      "  try { (function () {}).constructor('return import(\"/api/health\")')(); compiled = 'compiled'; } catch {}",
      "  console.log('left:' + left.join(',') + ' code-from-strings:' + compiled);",
      "  try { g.fetch('/api/health'); } catch {}",
      '  return Q;',
      '}',
      '',
    ].join('\n');
    await setCode(page, probe);
    await page.waitForTimeout(300);
    const { made } = await requestsDuring(async () => {
      const r = await clickToVerdict(page, 'Run');
      await page.waitForTimeout(500); // anything the code left behind has had its chance
      return r;
    });
    expect(made).toEqual([]);
    await page.locator('pre', { hasText: 'left: code-from-strings:blocked' }).first().waitFor();
  }, TIMEOUT);

  it('without Web Workers, Run goes to the server and the page says so', async () => {
    const page = await b.context.newPage();
    try {
      await page.addInitScript(() => {
        delete (globalThis as { Worker?: unknown }).Worker;
      });
      await page.goto(`/exercises/${EXERCISE}`);
      await page.getByTestId('run-mode').filter({ hasText: 'Run uses the server: this browser cannot run code in a Web Worker.' }).waitFor();
      await page.waitForFunction(() => (window as unknown as MonacoWindow).monaco?.editor.getEditors()[0]?.getModel() != null, undefined, { timeout: 60_000 });
      await setCode(page, SOLUTION);
      const { value, made } = await requestsDuring(() => clickToVerdict(page, 'Run'));
      expect(value.status).toBe('passed');
      expect(made).toContain(`POST /exercises/${EXERCISE}`); // the server action
    } finally {
      await page.close();
    }
  }, TIMEOUT);

  it("serves a worker's script with the worker policy: no connections, scripts from our origin only", async () => {
    const worker = requests.find((r) => /\/turbopack-worker-[^/]*\.js/.test(r.url))!.url;
    const asWorker = await fetch(worker, { headers: { 'sec-fetch-dest': 'worker' } });
    expect(asWorker.headers.get('content-security-policy')).toBe(WORKER_CSP);
    const asScript = await fetch(worker, { headers: { 'sec-fetch-dest': 'script' } });
    expect(asScript.headers.get('content-security-policy')).toBeNull();
  });

  it('never reached a host other than localhost, and broke no Content Security Policy rule', () => {
    b.assertNoExternalRequests();
    expect(b.pageErrors.filter((e) => /Content Security Policy|Refused to/i.test(e))).toEqual([]);
  });
});
