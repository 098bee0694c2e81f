// Run in the browser, the page's side: the transpiler (sucrase, grader/browser/transpile.ts, hot on
// the page's thread after a warm-up), a pre-warmed Web Worker per Run (run.worker.ts) that runs the
// module, the time limits, and the verdict (grader/browser/session.ts judges with the server's own
// judge). Nothing here talks to the server. Each worker runs one learner program, like the server's fresh isolate
// per grading: whatever a program leaves behind in its realm dies with it. The page ends a worker
// whose step overruns the exercise's limits (the only way to stop `while (true) {}` in another
// thread), answers with the server's timeout message, and a fresh worker takes its place; the
// page's own thread never runs learner code, so it stays responsive throughout.
import type { PreparedCase } from '../../grader/cases.ts';
import { decodePreparedCases } from '../../grader/browser/prepared-codec.ts';
import type { BrowserExercise, FromRunWorker, RunSetup, ToRunWorker, WorkerSetup } from '../../grader/browser/protocol.ts';
import { RunSession, type SessionOptions } from '../../grader/browser/session.ts';
import { transpileInBrowser, type BrowserTranspileResult } from '../../grader/browser/transpile.ts';
import { timeLimitsOf } from '../../grader/sandbox-protocol.ts';
import type { ScratchOutcome } from '../../grader/scratch-reference.ts';
import type { Verdict } from '../../grader/verdict.ts';

/** On top of a step's limit before the page ends the worker: the worker's own answer may be in flight. */
const GRACE_MS = 25;
/** A worker that is not ready by then will not be: Run goes to the server. */
const WARM_UP_TIMEOUT_MS = 20_000;
/**
 * Workers kept warm. One starts in well under 100 ms (its scripts come from the browser's cache;
 * the engine prepares the cases; a warm-up): with two, Runs clicked one after another as fast as a
 * verdict shows (`npm run bench:e2e` clicks again 50 ms after each) still each meet a warm worker
 * while the replacement starts. Each idle worker holds the engine and the exercise's cases.
 */
const SPARES = 2;
/** Replacements start this long after a Run answers: off the path of the verdict's first paint. */
const REFILL_DELAY_MS = 20;

export type BrowserRunResult = { verdict: Verdict; scratch?: ScratchOutcome } | { server: string };

interface Warm {
  worker: Worker;
  port: MessagePort;
  exercise: BrowserExercise;
  cases: PreparedCase[];
}

type WarmResult = { ok: true; warm: Warm } | { ok: false; error: string };

/** A worker warming up; `settled` once it is ready (or failed), so a click can use it without waiting a tick. */
interface Spare {
  promise: Promise<WarmResult>;
  settled?: WarmResult;
}

/** Whether this browser can run code in a worker at all. */
export function browserRunSupported(): boolean {
  return typeof Worker !== 'undefined' && typeof MessageChannel !== 'undefined';
}

export class BrowserRunner {
  private readonly setup: RunSetup;
  private readonly createWorker: () => Worker;
  private spares: Spare[] = [];
  private refill: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;
  /** Why this browser cannot run workers, once a worker failed to start: every Run goes to the server then. */
  private broken: string | undefined;
  /** The last source transpiled and what came of it: Run again without an edit transpiles nothing. */
  private lastCompiled: { code: string; result: BrowserTranspileResult } | undefined;
  private prepared: { exercise: BrowserExercise; cases: PreparedCase[] } | undefined;

  constructor(setup: RunSetup, createWorker: () => Worker = defaultWorker) {
    this.setup = setup;
    this.createWorker = createWorker;
    if (setup.kind === 'prepared') this.prepared = { exercise: setup.exercise, cases: decodePreparedCases(setup.cases) };
  }

  /** Starts the next Runs' workers (one, then the other once it is up), so a click meets a warm one. */
  prewarm(): Promise<WarmResult> {
    if (this.spares.length === 0) {
      this.spares.push(this.spare());
      warmTranspiler();
    }
    const first = this.spares[0].promise;
    void first.then((r) => {
      if (r.ok && !this.disposed) this.fill();
    });
    return first;
  }

  /** Whether the exercise's Run accepts a scratch case in the browser. */
  get scratchAvailable(): boolean {
    return this.setup.kind === 'builtin';
  }

  /**
   * One Run. With a warm worker at hand the code is posted to it before this returns, so the worker
   * starts while the page renders its "Running" state.
   */
  run(code: string, scratchArgs?: unknown[]): Promise<BrowserRunResult> {
    const compiled = this.compile(code);
    if (!compiled.ok && 'unsupported' in compiled) return Promise.resolve({ server: `this code needs the server's compiler (${compiled.unsupported})` });
    const forSession: SessionOptions['compiled'] = compiled.ok ? { ok: true, mappings: compiled.mappings } : { ok: false, error: compiled.error };
    const js = compiled.ok ? compiled.js : null;
    // code that does not compile needs no worker (unless the scratch case wants its reference)
    if (!js && !scratchArgs && this.prepared) {
      const result = this.session(this.prepared, code, forSession).result;
      if (result && result.kind !== 'again') return Promise.resolve(outcome(result));
    }
    const got = this.take();
    return got instanceof Promise ? got.then((g) => this.runOn(g, code, js, forSession, scratchArgs)) : this.runOn(got, code, js, forSession, scratchArgs);
  }

  private compile(code: string): BrowserTranspileResult {
    if (this.lastCompiled?.code !== code) this.lastCompiled = { code, result: transpileInBrowser(code) };
    return this.lastCompiled.result;
  }

  private session(prepared: { exercise: BrowserExercise; cases: PreparedCase[] }, code: string, compiled: SessionOptions['compiled'], scratchArgs?: unknown[]): RunSession {
    return new RunSession({ ...prepared, code, compiled, scratchArgs, limits: timeLimitsOf(prepared.exercise), now: () => performance.now() });
  }

  private async runOn(got: WarmResult, code: string, js: string | null, compiled: SessionOptions['compiled'], scratchArgs?: unknown[]): Promise<BrowserRunResult> {
    if (!got.ok) {
      this.broken = got.error;
      this.dispose();
      return { server: got.error };
    }
    const { warm } = got;
    const session = this.session(warm, code, compiled, scratchArgs);
    if (!session.needsWorker) {
      // judged already (code that does not compile): the worker stays warm for the next Run
      this.spares.unshift({ promise: Promise.resolve(got), settled: got });
      return outcome(session.result as Exclude<NonNullable<RunSession['result']>, { kind: 'again' }>);
    }
    const result = await new Promise<NonNullable<RunSession['result']>>((resolve) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const settle = () => {
        clearTimeout(timer);
        warm.port.onmessage = null;
        warm.worker.onerror = null;
        warm.worker.terminate();
        warm.port.close();
        resolve(session.result!);
      };
      const arm = () => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          warm.worker.terminate(); // first: the verdict waits for nothing the worker does
          session.stop('timeout');
          settle();
        }, session.current.remainingMs + GRACE_MS);
      };
      warm.port.onmessage = (e: MessageEvent<FromRunWorker>) => {
        session.receive(e.data);
        if (session.result) settle();
        else arm();
      };
      warm.worker.onerror = (e) => {
        e.preventDefault();
        session.stop('crash');
        settle();
      };
      warm.port.postMessage({ type: 'run', request: { js, ...(scratchArgs ? { scratchArgs } : {}), limits: timeLimitsOf(warm.exercise) } } satisfies ToRunWorker);
      arm();
    });
    this.scheduleRefill();
    if (result.kind === 'again') {
      const visible = await this.run(code);
      return 'server' in visible ? visible : { ...visible, scratch: result.scratch };
    }
    return outcome(result);
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.refill);
    for (const spare of this.spares) {
      void spare.promise.then((r) => {
        if (r.ok) r.warm.worker.terminate();
      });
    }
    this.spares = [];
  }

  /** A ready worker at once when there is one, else the oldest still warming (or a new one). */
  private take(): WarmResult | Promise<WarmResult> {
    if (this.broken) return { ok: false, error: this.broken };
    clearTimeout(this.refill);
    const ready = this.spares.findIndex((s) => s.settled);
    const spare = ready >= 0 ? this.spares.splice(ready, 1)[0] : (this.spares.shift() ?? this.spare());
    return spare.settled ?? spare.promise;
  }

  private spare(): Spare {
    const spare: Spare = { promise: this.warm() };
    void spare.promise.then((r) => (spare.settled = r));
    return spare;
  }

  private fill(): void {
    while (!this.disposed && !this.broken && this.spares.length < SPARES) this.spares.push(this.spare());
  }

  private scheduleRefill(): void {
    clearTimeout(this.refill);
    this.refill = setTimeout(() => this.fill(), REFILL_DELAY_MS);
  }

  private warm(): Promise<WarmResult> {
    return new Promise((resolve) => {
      let worker: Worker;
      try {
        worker = this.createWorker();
      } catch (err) {
        resolve({ ok: false, error: `the browser cannot start a worker (${err instanceof Error ? err.message : String(err)})` });
        return;
      }
      const channel = new MessageChannel();
      const fail = (error: string) => {
        clearTimeout(timer);
        worker.terminate();
        channel.port1.close();
        resolve({ ok: false, error });
      };
      const timer = setTimeout(() => fail('the worker did not start in time'), WARM_UP_TIMEOUT_MS);
      worker.onerror = (e) => {
        e.preventDefault();
        fail(`the worker could not start${e.message ? ` (${e.message})` : ''}`);
      };
      channel.port1.onmessage = (e: MessageEvent<FromRunWorker>) => {
        const m = e.data;
        if (m.type === 'failed') return fail(m.error);
        if (m.type !== 'ready') return;
        clearTimeout(timer);
        worker.onerror = null;
        channel.port1.onmessage = null;
        const prepared = this.prepared ?? (m.builtin && this.setup.kind === 'builtin' ? { exercise: { ...m.builtin.exercise, version: this.setup.version }, cases: m.builtin.cases } : undefined);
        if (!prepared) return fail('the worker did not prepare the exercise');
        this.prepared = prepared;
        resolve({ ok: true, warm: { worker, port: channel.port1, ...prepared } });
      };
      worker.postMessage({ type: 'init', setup: workerSetup(this.setup, this.prepared) } satisfies ToRunWorker, [channel.port2]);
    });
  }
}

function outcome(result: Exclude<NonNullable<RunSession['result']>, { kind: 'again' }>): BrowserRunResult {
  if (result.kind === 'server') return { server: result.reason };
  return result.scratch ? { verdict: result.verdict, scratch: result.scratch } : { verdict: result.verdict };
}

/** A few transpiles of a small module in idle moments after the page loads, so the learner's first Run meets a warm transpiler. */
function warmTranspiler(): void {
  const source = 'type M = number[][];\nexport function warmUp(a: M, k: number): M {\n  return a.map((row) => row.map((x) => x * k));\n}\n';
  let rounds = 6;
  const step = () => {
    transpileInBrowser(source);
    if (--rounds > 0) later(step);
  };
  later(step);
}

function later(f: () => void): void {
  const idle = (globalThis as { requestIdleCallback?: (f: () => void, o?: { timeout: number }) => void }).requestIdleCallback;
  if (idle) idle(f, { timeout: 1000 });
  else setTimeout(f, 50);
}

function workerSetup(setup: RunSetup, prepared: { exercise: BrowserExercise; cases: PreparedCase[] } | undefined): WorkerSetup {
  if (setup.kind === 'builtin') return { kind: 'builtin', exerciseId: setup.exerciseId };
  return { kind: 'prepared', functionName: setup.exercise.functionName, helpers: setup.exercise.helpers, args: prepared!.cases.map((c) => c.args) };
}

function defaultWorker(): Worker {
  // new URL(..., import.meta.url) is the pattern the bundler follows to emit the worker as its own chunk
  return new Worker(new URL('./run.worker.ts', import.meta.url), { type: 'module', name: 'run' });
}
