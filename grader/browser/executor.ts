// The Run worker's side of a run, apart from the worker itself so tests can drive it in Node: it
// prepares the exercise, warms up, and runs the learner's module (transpiled by the page) on the
// visible cases (and the scratch case), answering each step as soon as it ends. It enforces the submission's time budget
// the way the server's sandbox does (a case that starts with nothing left is not run), but it
// cannot stop a case that never returns: the page ends the worker for that (browser-run.ts).
import { encodeArgs, type EncodedArgs } from '../args-codec.ts';
import type { CaseOutcome, LoadOutcome } from '../sandbox-protocol.ts';
import { budgetSpentMessage, stepBudget, type TimeLimits } from '../sandbox-results.ts';
import { scratchReference } from '../scratch-reference.ts';
import type { ExerciseDefinition } from '../../exercises/types.ts';
import { builtinDefinition, prepareBuiltin } from './builtin.ts';
import { Harness, type Realm } from './harness.ts';
import type { FromRunWorker, RunRequest, WorkerSetup } from './protocol.ts';

/**
 * Our own module (as the transpiler makes one) loaded and run a few times while the worker warms
 * up, before any learner code, so the learner's Run meets a bootstrap the JIT has seen.
 */
const WARM_UP_JS = [
  '"use strict";Object.defineProperty(exports, "__esModule", {value: true});',
  'const scale = (x, k) => x * k;',
  ' function warmUp(a, k) {',
  '  const out = [];',
  '  for (const row of a) out.push(row.map((x) => scale(x, k)));',
  '  return out;',
  '} exports.warmUp = warmUp;',
].join('\n');
const WARM_UP_ROUNDS = 4;

export class RunExecutor {
  private readonly realm: Realm;
  private readonly post: (message: FromRunWorker) => void;
  private readonly now: () => number;
  private definition: ExerciseDefinition | undefined;
  private functionName = '';
  private cases: EncodedArgs[] = [];
  private harness: Harness | undefined;
  private used = false;
  private readonly secure: (realm: Realm) => void;

  /** `secure` locks the realm down (lockdown.ts) once the bootstrap has run, before any learner code can. */
  constructor(realm: Realm, post: (message: FromRunWorker) => void, now: () => number, secure: (realm: Realm) => void = () => {}) {
    this.realm = realm;
    this.post = post;
    this.now = now;
    this.secure = secure;
  }

  /** Prepares, warms up and locks the realm down; returns the `ready` answer or `failed`. */
  init(setup: WorkerSetup): FromRunWorker {
    try {
      let ready: FromRunWorker & { type: 'ready' } = { type: 'ready' };
      let helpers: string[];
      if (setup.kind === 'builtin') {
        this.definition = builtinDefinition(setup.exerciseId);
        if (!this.definition) return { type: 'failed', error: `unknown exercise "${setup.exerciseId}"` };
        const prepared = prepareBuiltin(this.definition);
        ready = { type: 'ready', builtin: prepared };
        this.functionName = this.definition.functionName;
        this.cases = prepared.cases.map((c) => encodeArgs(c.args));
        helpers = this.definition.helpers;
      } else {
        this.functionName = setup.functionName;
        this.cases = setup.args.map((a) => encodeArgs(a));
        helpers = setup.helpers;
      }
      const harness = new Harness(this.realm);
      warmUp(harness);
      this.secure(this.realm);
      harness.grant(helpers);
      this.harness = harness;
      return ready;
    } catch (err) {
      return { type: 'failed', error: err instanceof Error ? err.message : String(err) };
    }
  }

  /** One run; every step is posted as it ends, `done` last. */
  run(request: RunRequest): void {
    const harness = this.harness;
    if (!harness) return this.post({ type: 'failed', error: 'the worker was not initialised' });
    // one learner program per worker: whatever the first one left in this realm stays there
    if (this.used) return this.post({ type: 'failed', error: 'this worker has already run code' });
    this.used = true;

    // before any learner code runs here, so nothing it does can change the reference's answer
    let scratch: { args: EncodedArgs } | undefined;
    if (request.scratchArgs) {
      if (!this.definition) return this.post({ type: 'failed', error: 'the scratch case needs a built-in exercise' });
      const reference = scratchReference(this.definition, request.scratchArgs);
      this.post({ type: 'scratch-reference', reference });
      if (reference.ok) scratch = { args: encodeArgs(request.scratchArgs) };
    }

    const js = request.js;
    if (js === null) return this.post({ type: 'done', ms: 0 });
    let ms = 0;
    const visible = this.program(harness, js, this.cases, request.limits, 'load', 'case');
    ms += visible.ms;
    if (visible.loaded && scratch) {
      // the server grades the scratch case apart, in a fresh sandbox with its own budget: here the
      // module is loaded afresh
      ms += this.program(harness, js, [scratch.args], request.limits, 'scratch-load', 'scratch-case').ms;
    }
    this.post({ type: 'done', ms });
  }

  /** The module, then each case while the budget lasts (sandbox.ts Sandbox.run's order and rules). */
  private program(harness: Harness, js: string, cases: EncodedArgs[], limits: TimeLimits, loadStep: 'load' | 'scratch-load', caseStep: 'case' | 'scratch-case'): { loaded: boolean; ms: number } {
    const started = this.now();
    const deadline = started + limits.totalMs;
    const load: LoadOutcome = harness.load(js, this.functionName);
    this.post({ type: loadStep, outcome: load, console: harness.takeConsole() });
    if (!load.ok) return { loaded: false, ms: this.now() - started };
    for (const args of cases) {
      const outcome: CaseOutcome =
        stepBudget(limits, deadline, this.now()) <= 0 ? { status: 'timeout', message: budgetSpentMessage(limits) } : harness.runCase(args, true);
      this.post({ type: caseStep, outcome, console: harness.takeConsole() });
    }
    return { loaded: true, ms: this.now() - started };
  }
}

function warmUp(harness: Harness): void {
  const args = encodeArgs([[[1, 2], [3, 4]], 2]);
  for (let i = 0; i < WARM_UP_ROUNDS; i++) {
    if (!harness.load(WARM_UP_JS, 'warmUp').ok) throw new Error('the warm-up module did not load');
    harness.runCase(args, true);
  }
  harness.takeConsole();
}
