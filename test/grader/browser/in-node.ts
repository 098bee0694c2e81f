// The browser's Run driven in Node, for tests: the page's transpiler, the worker's executor in a
// node:vm context (its own realm, as the Web Worker is), its answers structured-cloned on their way (as postMessage does)
// into the page's session, in order, with the realm locked down as the worker's is. Only what a worker's termination does is left out: a case
// that never returns would block this thread (test/e2e/browser-run.test.ts covers it in Chromium).
import vm from 'node:vm';
import { RunExecutor } from '../../../grader/browser/executor.ts';
import { lockDown } from '../../../grader/browser/lockdown.ts';
import type { BrowserExercise, FromRunWorker, WorkerSetup } from '../../../grader/browser/protocol.ts';
import { RunSession, type SessionResult } from '../../../grader/browser/session.ts';
import { transpileInBrowser } from '../../../grader/browser/transpile.ts';
import type { PreparedCase } from '../../../grader/cases.ts';
import { timeLimitsOf } from '../../../grader/sandbox-protocol.ts';
import type { Realm } from '../../../grader/browser/harness.ts';
import { bundleHelpers } from '../../../grader/helpers-bundle.ts';

/** A fresh realm with the engine's helpers evaluated inside it, as the sandbox does (grader/helpers-bundle.ts). */
export async function vmRealm(): Promise<Realm> {
  const context = vm.createContext({});
  const bundle = await bundleHelpers();
  const helpers = vm.runInContext(`(function () { var __attentionLabHelpers;\n${bundle}\nreturn __attentionLabHelpers.helpers; })()`, context) as Realm['helpers'];
  return { global: vm.runInContext('globalThis', context) as object, evaluate: (source) => vm.runInContext(source, context), helpers };
}

export interface InNodeOptions {
  /** A built-in exercise's id, or an authored exercise as the page receives it. */
  setup: { kind: 'builtin'; exerciseId: string; version?: string } | { kind: 'prepared'; exercise: BrowserExercise; cases: PreparedCase[] };
  code: string;
  scratchArgs?: unknown[];
  /** Locks the realm down; default: as the worker does (lockdown.ts). */
  secure?: (realm: Realm) => void;
}

export async function runInNode(o: InNodeOptions): Promise<SessionResult> {
  const realm = await vmRealm();
  const answers: FromRunWorker[] = [];
  const executor = new RunExecutor(realm, (m) => answers.push(structuredClone(m)), () => performance.now(), o.secure ?? lockDown);
  const workerSetup: WorkerSetup =
    o.setup.kind === 'builtin'
      ? { kind: 'builtin', exerciseId: o.setup.exerciseId }
      : { kind: 'prepared', functionName: o.setup.exercise.functionName, helpers: o.setup.exercise.helpers, args: o.setup.cases.map((c) => c.args) };
  const ready = structuredClone(executor.init(workerSetup));
  if (ready.type !== 'ready') throw new Error(`the worker did not get ready: ${JSON.stringify(ready)}`);
  const { exercise, cases } =
    o.setup.kind === 'builtin' ? { exercise: { ...ready.builtin!.exercise, version: o.setup.version ?? '' }, cases: ready.builtin!.cases } : { exercise: o.setup.exercise, cases: structuredClone(o.setup.cases) };
  const limits = timeLimitsOf(exercise);
  // the page transpiles, as browser-run.ts does; code the browser cannot compile goes to the server
  const t = transpileInBrowser(o.code);
  if (!t.ok && 'unsupported' in t) return { kind: 'server', reason: t.unsupported };
  const compiled = t.ok ? { ok: true as const, mappings: t.mappings } : { ok: false as const, error: t.error };
  const session = new RunSession({ exercise, cases, code: o.code, compiled, scratchArgs: o.scratchArgs, limits, now: () => performance.now() });
  if (session.needsWorker) executor.run({ js: t.ok ? t.js : null, ...(o.scratchArgs ? { scratchArgs: o.scratchArgs } : {}), limits });
  for (const m of answers) session.receive(m);
  if (!session.result) throw new Error(`the session did not finish after ${answers.map((a) => a.type).join(', ')}`);
  return session.result;
}
