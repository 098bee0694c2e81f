// The learner's module and cases in the browser's Run: the server sandbox's own bootstrap
// (sandbox-bootstrap.ts: plain-data results, getters reported and never run, mutation checks,
// bounded console, thrown values described without trusting them), evaluated in the realm that
// runs the learner's code, the Web Worker's global scope (or a node:vm context in tests). What it
// answers is read by sandbox-results.ts, as on the server, so the same code gives the same
// outcomes. There is no timeout here: nothing inside a thread can stop a loop in that thread, so
// whoever owns the thread (the page, which terminates the worker) enforces the time limits.
import type { EncodedArgs } from '../args-codec.ts';
import { BOOTSTRAP_SOURCE, DEFAULT_SANDBOX_LIMITS, REMOVED_GLOBALS, type SandboxLimits } from '../sandbox-bootstrap.ts';
import type { CaseOutcome, LoadOutcome } from '../sandbox-protocol.ts';
import { caseOutcomeOf, loadOutcomeOf, type LoadResult, type RunResult } from '../sandbox-results.ts';
import { TOP_LEVEL_AWAIT_MESSAGE } from '../source-map.ts';

/**
 * Where learner code runs: a global object, a way to evaluate trusted script text in it, and the
 * engine's helpers (engine/helpers.ts) as functions of that realm, so what they return is plain
 * data there (an array of another realm is not a plain array to the bootstrap).
 */
export interface Realm {
  global: object;
  evaluate(source: string): unknown;
  helpers: Readonly<Record<string, (...args: any[]) => unknown>>;
}

interface BootstrapApi {
  load(code: string, functionName: string): LoadResult;
  runCase(structure: string, numbers: Float64Array, capture: boolean): RunResult;
  takeConsole(): string;
}

type BootstrapFunction = (global: object, limits: SandboxLimits, removed: string[]) => BootstrapApi;

export class Harness {
  private readonly api: BootstrapApi;

  private readonly realm: Realm;

  /** Runs the bootstrap in `realm`. */
  constructor(realm: Realm, limits: SandboxLimits = DEFAULT_SANDBOX_LIMITS) {
    this.realm = realm;
    const bootstrap = realm.evaluate(BOOTSTRAP_SOURCE) as BootstrapFunction;
    this.api = bootstrap(realm.global, limits, REMOVED_GLOBALS);
  }

  /** Grants engine helpers as globals (after any lockdown, which keeps nothing it does not know); throws naming one the engine lacks. */
  grant(helperNames: readonly string[]): void {
    const realm = this.realm;
    const engineHelpers = realm.helpers;
    const missing = helperNames.filter((name) => typeof engineHelpers[name] !== 'function');
    if (missing.length > 0) throw new Error(`engine helpers not available: ${missing.join(', ')}`);
    for (const name of helperNames) {
      Object.defineProperty(realm.global, name, { value: engineHelpers[name], writable: true, configurable: true, enumerable: false });
    }
  }

  /** Evaluates the transpiled module and finds its exported function. */
  load(js: string, functionName: string): LoadOutcome {
    const outcome = loadOutcomeOf(this.api.load(js, functionName), functionName, () => ({}));
    // top-level await nested in a block passes the transpiler's check; V8 refuses it
    if (!outcome.ok && outcome.kind === 'syntax' && /await is only valid/.test(outcome.message)) return { ...outcome, message: TOP_LEVEL_AWAIT_MESSAGE };
    return outcome;
  }

  /** One case with the module loaded; `visible` cases capture console output. */
  runCase(args: EncodedArgs, visible: boolean): CaseOutcome {
    return caseOutcomeOf(this.api.runCase(args.structure, args.numbers, visible));
  }

  /** The console output since the last call. */
  takeConsole(): string {
    return this.api.takeConsole();
  }
}
