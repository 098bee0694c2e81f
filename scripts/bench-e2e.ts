// Click-to-verdict latency of the exercise page, measured in real Chromium on localhost against
// the production build: from the moment the Run or Submit button is clicked to the frame that
// shows the new verdict. Run executes in the browser (a pre-warmed Web Worker): the bench also
// counts the requests that reached the server while each Run was in flight (through a counting
// proxy in front of it), which must be none. Submit
// includes the durable queue, the grading worker and the polling.
//
//   npm run bench:e2e                  # RUNS=30 SUBMITS=15 by default
//   RUNS=50 SUBMITS=20 npm run bench:e2e -- --strict   # exit 1 when a p50 misses its target
//
// It also times Run on `while (true) {}`: the page must show the timeout verdict within the time
// limit (2 s per case) plus 500 ms.
//
// Targets: Run p50 <= 30 ms with no server request, Submit p50 < 1 s (issue 6). Bounded: every
// measurement has its own timeout and the whole run a deadline, so a stuck queue cannot hang it.
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, startApp, type RunningApp } from '../test/e2e/support/app.ts';
import { openBrowser, type Browsing } from '../test/e2e/support/browser.ts';
import { newLearner, signUpThroughForm } from '../test/e2e/support/auth.ts';
import { countingProxy, type CountingProxy } from '../test/e2e/support/counting-proxy.ts';
import { clickToVerdict } from '../test/e2e/support/verdict-timing.ts';

const EXERCISE = 'attention/scaled-dot-product';
const RUNS = Number(process.env.RUNS) || 30;
const SUBMITS = Number(process.env.SUBMITS) || 15;
const WARMUP = 3;
/** Runs of `while (true) {}`: each must answer within the time limit (2 s per case) + 500 ms. */
const LOOPS = 3;
const LOOP_LIMIT_MS = 2000 + 500;
const DEADLINE_MS = Number(process.env.BENCH_DEADLINE_MS) || 10 * 60_000; // build excluded
const STRICT = process.argv.includes('--strict');
const TARGET = { run: 30, submit: 1000 };

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  // nearest rank: with few samples p99 is the slowest one, which is what we want to see
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function describe(name: string, samples: number[], target: number) {
  const s = [...samples].sort((a, b) => a - b);
  const p50 = percentile(s, 50);
  const p99 = percentile(s, 99);
  const mean = s.reduce((a, b) => a + b, 0) / s.length;
  const ok = name === 'Run' ? p50 <= target : p50 < target;
  console.log(
    `${name.padEnd(7)} n=${String(s.length).padStart(3)}  p50 ${p50.toFixed(1).padStart(7)} ms  p99 ${p99.toFixed(1).padStart(7)} ms  ` +
      `mean ${mean.toFixed(1).padStart(7)} ms  min ${s[0].toFixed(1).padStart(6)}  max ${s[s.length - 1].toFixed(1).padStart(7)}  ` +
      `target p50 ${name === 'Run' ? '<=' : '<'} ${target} ms: ${ok ? 'met' : 'MISSED'}`,
  );
  return { p50, p99, mean, ok };
}


async function main() {
  const started = Date.now();
  console.log(`bench:e2e: building if needed, then starting the app (next start + a grading worker) on a fresh database...`);
  const app: RunningApp = await startApp({ env: { RUNS_PER_MINUTE: '100000', SUBMISSIONS_PER_MINUTE: '100000' } });
  let b: Browsing | undefined;
  let proxy: CountingProxy | undefined;
  const deadline = Date.now() + DEADLINE_MS;
  try {
    proxy = await countingProxy(app.baseUrl);
    b = await openBrowser(proxy.url);
    await signUpThroughForm(b.page, newLearner('bench'));
    await b.page.goto(`/exercises/${EXERCISE}`);
    await b.page.locator('.monaco-editor').waitFor({ timeout: 60_000 });
    await b.page.waitForFunction(() => (window as unknown as { monaco?: { editor: { getEditors(): unknown[] } } }).monaco?.editor.getEditors().length === 1);
    // a correct solution, so every verdict is a full one (all cases graded, nothing short-circuited)
    const solution = fs.readFileSync(path.join(ROOT, 'exercises', EXERCISE, 'solution.ts'), 'utf8');
    await b.page.evaluate((code) => {
      const m = (window as unknown as { monaco: { editor: { getEditors(): Array<{ getModel(): { setValue(v: string): void } }> } } }).monaco;
      m.editor.getEditors()[0].getModel().setValue(code);
    }, solution);

    // the autosave settles first, so no draft save is in flight while Runs are timed
    await b.page.locator('[data-save-state="saved"]').waitFor({ timeout: 15_000 });
    const runMode = await b.page.locator('[data-run-mode]').getAttribute('data-run-mode');
    let duringRuns = 0;
    const measure = async (button: 'Run' | 'Submit', n: number, timeoutMs: number): Promise<number[]> => {
      const out: number[] = [];
      for (let i = 0; i < WARMUP + n; i++) {
        if (Date.now() > deadline) {
          console.log(`bench:e2e: deadline reached after ${out.length} ${button} samples`);
          break;
        }
        const from = Date.now();
        const r = await clickToVerdict(b!.page, button, timeoutMs);
        const to = Date.now();
        if (r.status !== 'passed') throw new Error(`${button} gave a "${r.status}" verdict; the bench expects the reference solution to pass`);
        if (i >= WARMUP) out.push(r.ms);
        if (button === 'Run') duringRuns += proxy!.since(from).filter((q) => q.at <= to).length;
        // a learner does not click faster than this; it also lets the draft save settle
        await new Promise((res) => setTimeout(res, 50));
      }
      return out;
    };

    const runs = await measure('Run', RUNS, 15_000);

    // a learner's endless loop: the page ends the worker at the time limit and shows the timeout
    const setCode = (code: string) =>
      b!.page.evaluate((c) => {
        const m = (window as unknown as { monaco: { editor: { getEditors(): Array<{ getModel(): { setValue(v: string): void } }> } } }).monaco;
        m.editor.getEditors()[0].getModel().setValue(c);
      }, code);
    await setCode('export function attention(Q: Matrix, K: Matrix, V: Matrix, mask?: Mask): Matrix {\n  while (true) {}\n}\n');
    await b.page.locator('[data-save-state="saved"]').waitFor({ timeout: 15_000 });
    const loops: number[] = [];
    for (let i = 0; i < LOOPS; i++) {
      await new Promise((res) => setTimeout(res, 300));
      const from = Date.now();
      const r = await clickToVerdict(b!.page, 'Run', 15_000);
      duringRuns += proxy.since(from).filter((q) => q.at <= Date.now()).length;
      if (r.status !== 'failed') throw new Error(`an endless loop gave a "${r.status}" verdict`);
      const timeout = await b.page.locator('[data-case]').first().textContent();
      if (!/took longer than \d+ ms/.test(timeout ?? '')) throw new Error(`an endless loop's first case says: ${timeout}`);
      loops.push(r.ms);
    }
    await setCode(solution);
    await b.page.locator('[data-save-state="saved"]').waitFor({ timeout: 15_000 });
    const submits = await measure('Submit', SUBMITS, 30_000);
    b.assertNoExternalRequests();

    console.log(`\nclick -> verdict on screen, ${EXERCISE}, localhost, Chromium headless (${WARMUP} warm-up clicks each not counted)`);
    const r = describe('Run', runs, TARGET.run);
    console.log(`Run     in the ${runMode}; requests reaching the server during the ${WARMUP + runs.length + loops.length} Runs: ${duringRuns} (target 0: ${duringRuns === 0 ? 'met' : 'MISSED'})`);
    const loopsOk = loops.every((ms) => ms <= LOOP_LIMIT_MS);
    console.log(`Run     while (true) {}: timeout verdict after ${loops.map((ms) => ms.toFixed(0)).join(', ')} ms (target <= ${LOOP_LIMIT_MS} ms: ${loopsOk ? 'met' : 'MISSED'})`);
    const s = describe('Submit', submits, TARGET.submit);
    console.log(`total ${((Date.now() - started) / 1000).toFixed(1)} s`);
    if (STRICT && !(r.ok && s.ok && duringRuns === 0 && loopsOk)) process.exitCode = 1;
  } finally {
    await b?.close();
    await proxy?.close();
    await app.stop();
  }
}

// the whole script is bounded too: a hung browser or server must not keep CI waiting
const hardStop = setTimeout(() => {
  console.error('bench:e2e: gave up after the hard time limit');
  process.exit(2);
}, DEADLINE_MS + 15 * 60_000);
hardStop.unref();

main().then(
  () => process.exit(process.exitCode ?? 0), // database pools and the browser's pipes would keep Node alive
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
