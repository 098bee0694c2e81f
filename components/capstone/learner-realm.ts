// The learner's own functions inside a capstone model's worker. Each component the learner chose
// to run ("mine") is their module, transpiled by the page, loaded in one realm that is then locked
// down (grader/browser/lockdown.ts) before any of it runs, so a pasted program reaches neither the
// network nor the page. Each module is loaded through one Harness (the browser Run's,
// grader/browser/harness.ts), for its diagnostics (a syntax error, no such export), and compiled
// once more with the realm's own Function, kept from before the lockdown, to be called.
//
// Composition goes both ways. The model (host code in the worker) calls a learner function
// through `functions`. A learner function calls the other components by the global names the
// exercise granted (`attention`, `layerNorm`, ...); those globals are installed here and look up,
// on every call, whatever composition the worker has active (mine or the reference, part by part),
// so their encoder block runs their own attention when it is theirs and the reference's when not.
//
// The calls are direct, as in any JavaScript program: running each call as a graded case (its
// arguments encoded and rebuilt, its result walked) cost more than the model itself (100 TinyGPT
// characters took 3.5x the reference's time). What grading's copies protected, the model's weights,
// the worker freezes instead (learner-worker.ts), so code that writes into its inputs fails, named.
//
// A failure is pinned on the component whose code failed: when a learner's multi-head attention
// fails because their attention (called inside it) threw, the report names attention, not the
// multi-head attention that merely passed the exception on.
import { Harness, type Realm } from '../../grader/browser/harness.ts';

/** One component as the page sends it: the learner's transpiled module and what its exercise grants. */
export interface LearnerModule {
  exerciseId: string;
  /** The component's name on the page ("Layer norm"). */
  name: string;
  functionName: string;
  helpers: readonly string[];
  js: string;
}

/** A learner component that threw, or never loaded. */
export class ComponentError extends Error {
  readonly exerciseId: string;
  readonly component: string;

  constructor(exerciseId: string, component: string, message: string) {
    super(message);
    this.exerciseId = exerciseId;
    this.component = component;
  }
}

export type LearnerFunction = (...args: unknown[]) => unknown;

export interface LearnerRealm {
  /** The learner's loaded functions, by function name: a call that fails throws a ComponentError naming the innermost learner function that threw. */
  functions: Record<string, LearnerFunction>;
  /** Modules that did not load (a syntax error, no such export): these components run the reference. */
  problems: ComponentError[];
  /**
   * Points the granted globals at `parts()`: each call of a learner's `attention(...)` runs
   * `parts().attention(...)`, its result copied into the learner's realm.
   */
  install(names: readonly string[], parts: () => Record<string, LearnerFunction>): void;
}

/** Copies a result into the realm, so learner code gets arrays of its own realm (a node:vm context in tests; the same realm in a worker). */
// (built from literals: v.map would make arrays of v's realm)
const COPY_SOURCE = '(function copy(v) { var o, i, k; if (Array.isArray(v)) { o = []; for (i = 0; i < v.length; i++) o.push(copy(v[i])); return o; } if (v !== null && typeof v === "object") { o = {}; for (k of Object.keys(v)) o[k] = copy(v[k]); return o; } return v; })';

/** Freezes every array and object reachable from `x` (a model's weights, before learner code can write into them). */
export function freezeDeep<T>(x: T): T {
  if (x !== null && typeof x === 'object' && !Object.isFrozen(x)) {
    Object.freeze(x);
    for (const v of Object.values(x)) freezeDeep(v);
  }
  return x;
}

/** What a learner function threw, as the harness describes it ("Error: not yet"); reading it can run their getters, which is theirs to do. */
function thrownText(e: unknown): string {
  try {
    if (e !== null && typeof e === 'object' && 'message' in e) return `${String((e as Error).name ?? 'Error')}: ${String((e as Error).message)}`;
    return String(e);
  } catch {
    return 'a value that cannot be described';
  }
}

/**
 * Loads `modules` into `realm`, secures it (lockDown in the worker) before any of them runs, and
 * grants every engine helper their exercises grant. Throws only when securing fails.
 */
export function openLearnerRealm(realm: Realm, modules: readonly LearnerModule[], secure: (realm: Realm) => void): LearnerRealm {
  // in the worker the realm is this very scope and results need no copy; a test's node:vm context is another realm
  const copy = realm.global === globalThis ? (v: unknown) => v : (realm.evaluate(COPY_SOURCE) as (v: unknown) => unknown);
  // the realm's own Function, kept before secure() blocks code from strings: it compiles the modules called directly
  const compile = realm.evaluate('(function (F) { return function (js) { return new F("exports", "module", "require", \'"use strict";\' + js); }; })(Function)') as (js: string) => (exports: object, module: { exports: object }, require: () => never) => void;
  // one harness serves every module's load (only its diagnostics are used), set up before the lockdown
  const harness = modules.length > 0 ? new Harness(realm) : null;
  secure(realm);
  const helpers = [...new Set(modules.flatMap((m) => m.helpers))];
  if (harness && helpers.length > 0) harness.grant(helpers);

  const functions: Record<string, LearnerFunction> = {};
  const problems: ComponentError[] = [];
  // the failure of the innermost learner call, while an outer one is still running
  let failure: ComponentError | null = null;
  let depth = 0; // learner calls under way, nested
  for (const m of modules) {
    const load = harness!.load(m.js, m.functionName);
    harness!.takeConsole();
    if (!load.ok) {
      problems.push(new ComponentError(m.exerciseId, m.name, `your ${m.name} did not load: ${load.message}`));
      continue;
    }
    const raw = rawFunction(compile, m);
    if (!raw) {
      problems.push(new ComponentError(m.exerciseId, m.name, `your ${m.name} did not load`));
      continue;
    }
    functions[m.functionName] = (...args: unknown[]) => {
      const outermost = depth === 0;
      if (outermost) failure = null;
      depth++;
      try {
        return raw(...args);
      } catch (e) {
        failure ??= new ComponentError(m.exerciseId, m.name, `your ${m.name} threw ${thrownText(e)}`);
        throw outermost ? failure : e; // inside their own code, their own error, which they may catch
      } finally {
        depth--;
      }
    };
  }

  return {
    functions,
    problems,
    install(names, parts) {
      for (const name of names) {
        const call = (...args: unknown[]) => {
          const part = parts()[name];
          // the learner's own function, called by another of theirs, needs no copy
          return part === functions[name] ? part(...args) : copy(part(...args));
        };
        Object.defineProperty(realm.global, name, { value: call, writable: true, configurable: true, enumerable: false });
      }
    },
  };
}

/** The module's function compiled again outside the harness, for direct calls; null when that fails (the component then did not load). */
function rawFunction(compile: (js: string) => (exports: object, module: { exports: object }, require: () => never) => void, m: LearnerModule): LearnerFunction | null {
  try {
    const module = { exports: {} as Record<string, unknown> };
    compile(m.js)(module.exports, module, () => {
      throw new Error('imports are not available');
    });
    const f = module.exports[m.functionName];
    return typeof f === 'function' ? (f as LearnerFunction) : null;
  } catch {
    return null;
  }
}
