// One submission in one fresh isolate: bootstrap, granted helpers, the learner's module, then every
// case under its own timeout and the submission's total budget. Runs inside a pool worker process
// (sandbox-worker.ts); nothing here touches the network, the file system or the database.
import ivm from 'isolated-vm';
import { BOOTSTRAP_SOURCE, DEFAULT_SANDBOX_LIMITS, REMOVED_GLOBALS, type SandboxLimits } from './sandbox-bootstrap.ts';
import type { EncodedArgs } from './args-codec.ts';
import type { CaseOutcome, LoadOutcome, SandboxJob, SandboxOutcome } from './sandbox-protocol.ts';
import { budgetSpentMessage, caseOutcomeOf, loadOutcomeOf, stepBudget, timeoutMessage, type LoadResult, type RunResult } from './sandbox-results.ts';

const LEARNER_FILE = 'file:///solution.js';

export interface SandboxOptions {
  /** engine/helpers.ts bundled as an IIFE assigning `__attentionLabHelpers`; '' when there is none. */
  helpersSource: string;
  limits?: SandboxLimits;
  /** Called when V8 loses control of an isolate; the process must end (see sandbox-worker.ts). */
  onCatastrophicError?: (message: string) => void;
}

type Ref = ivm.Reference<unknown>;
interface BootstrapApi { load: Ref; runCase: Ref; takeConsole: Ref }

export class Sandbox {
  private readonly bootstrapSource: string;
  private readonly helpersWrapper: string;
  private bootstrapCache: ivm.ExternalCopy<ArrayBuffer> | undefined;
  private helpersCache: ivm.ExternalCopy<ArrayBuffer> | undefined;
  private readonly onCatastrophicError: (message: string) => void;

  constructor(options: SandboxOptions) {
    const limits = options.limits ?? DEFAULT_SANDBOX_LIMITS;
    this.bootstrapSource = `${BOOTSTRAP_SOURCE}(globalThis, ${JSON.stringify(limits)}, ${JSON.stringify(REMOVED_GLOBALS)})`;
    this.helpersWrapper = helpersWrapper(options.helpersSource);
    this.onCatastrophicError = options.onCatastrophicError ?? (() => {});
  }

  run(job: SandboxJob): SandboxOutcome {
    const cpuStart = process.threadCpuUsage();
    const started = performance.now();
    const deadline = started + job.limits.totalMs;
    const budget = () => stepBudget(job.limits, deadline, performance.now());
    const isolate = new ivm.Isolate({ memoryLimit: job.limits.memoryMb, onCatastrophicError: this.onCatastrophicError });
    let consoleText = '';
    const caseMs: number[] = [];
    const finish = (load: LoadOutcome, cases: CaseOutcome[]): SandboxOutcome => {
      const cpu = process.threadCpuUsage(cpuStart);
      return { load, cases, console: consoleText, cpuMs: (cpu.user + cpu.system) / 1000, sandboxMs: performance.now() - started, caseMs };
    };
    try {
      const context = isolate.createContextSync();
      const api = this.bootstrap(isolate, context);
      const takeConsole = () => {
        if (!isolate.isDisposed) consoleText += api.takeConsole.applySync(undefined, [], { result: { copy: true } }) as string;
      };

      if (job.helpers.length > 0) {
        const missing = this.grantHelpers(isolate, context, job.helpers);
        if (missing.length > 0) {
          return finish({ ok: false, kind: 'internal', message: `engine helpers not available: ${missing.join(', ')}` }, []);
        }
      }

      const load = this.load(isolate, api, job, budget());
      takeConsole();
      if (!load.ok) return finish(load, []);

      const cases: CaseOutcome[] = [];
      let seenHidden = false;
      for (const c of job.cases) {
        // a visible case reports its output, thrown message and console in full; had a hidden case
        // run before it, the learner could have stashed hidden inputs where that report carries them

        if (c.visible && seenHidden) throw new Error('visible cases must come before hidden cases');
        seenHidden ||= !c.visible;
        if (isolate.isDisposed) {
          cases.push({ status: 'memory', message: 'not run: the sandbox ran out of memory in an earlier case' });
          continue;
        }
        const timeout = budget();
        if (timeout <= 0) {
          cases.push({ status: 'timeout', message: budgetSpentMessage(job.limits) });
          continue;
        }
        const caseStart = performance.now();
        cases.push(this.runCase(isolate, api, c.args, c.visible, timeout, job));
        caseMs.push(performance.now() - caseStart);
        if (c.visible) takeConsole();
      }
      return finish({ ok: true }, cases);
    } finally {
      if (!isolate.isDisposed) isolate.dispose();
    }
  }

  private bootstrap(isolate: ivm.Isolate, context: ivm.Context): BootstrapApi {
    const script = this.compile(isolate, this.bootstrapSource, 'file:///grader-bootstrap.js', 'bootstrap');
    const api = script.runSync(context, { reference: true, release: true }) as ivm.Reference<Record<string, unknown>>;
    const get = (name: string) => api.getSync(name, { reference: true }) as Ref;
    return { load: get('load'), runCase: get('runCase'), takeConsole: get('takeConsole') };
  }

  /** Evaluates the helpers bundle and defines the granted names as globals; returns the missing ones. */
  private grantHelpers(isolate: ivm.Isolate, context: ivm.Context, names: string[]): string[] {
    const script = this.compile(isolate, this.helpersWrapper, 'file:///engine-helpers.js', 'helpers');
    const grant = script.runSync(context, { reference: true, release: true }) as Ref;
    return grant.applySync(undefined, [names], { arguments: { copy: true }, result: { copy: true }, timeout: 5000 }) as string[];
  }

  /** Compiles trusted code, reusing V8's code cache across isolates. */
  private compile(isolate: ivm.Isolate, code: string, filename: string, which: 'bootstrap' | 'helpers'): ivm.Script {
    const cachedData = which === 'bootstrap' ? this.bootstrapCache : this.helpersCache;
    const script = cachedData
      ? isolate.compileScriptSync(code, { filename, cachedData })
      : isolate.compileScriptSync(code, { filename, produceCachedData: true });
    const produced = (script as unknown as { cachedData?: ivm.ExternalCopy<ArrayBuffer> }).cachedData;
    if (!cachedData && produced) {
      if (which === 'bootstrap') this.bootstrapCache = produced;
      else this.helpersCache = produced;
    }
    return script;
  }

  private load(isolate: ivm.Isolate, api: BootstrapApi, job: SandboxJob, timeout: number): LoadOutcome {
    let result: LoadResult;
    try {
      result = api.load.applySync(undefined, [job.code, job.functionName], {
        arguments: { copy: true },
        result: { copy: true },
        timeout: Math.max(1, timeout),
      }) as LoadResult;
    } catch (err) {
      const failure = classifyFailure(isolate, err, job, timeout);
      const message = failure.status === 'timeout' ? `loading the module ${failure.message}` : failure.message;
      return { ok: false, kind: failure.status, message };
    }
    return loadOutcomeOf(result, job.functionName, () => this.syntaxPosition(isolate, job.code));
  }

  /** V8 found a syntax error that esbuild accepted: compile (never run) the body to locate it. */
  private syntaxPosition(isolate: ivm.Isolate, code: string): { line?: number; column?: number } {
    try {
      isolate.compileScriptSync(`(function (exports, module, require) {"use strict";\n${code}\n})`, { filename: LEARNER_FILE });
    } catch (err) {
      const m = /:(\d+):(\d+)\]$/.exec(err instanceof Error ? err.message : '');
      if (m) return { line: Number(m[1]) - 1, column: Number(m[2]) };
    }
    return {};
  }

  private runCase(isolate: ivm.Isolate, api: BootstrapApi, args: EncodedArgs, visible: boolean, timeout: number, job: SandboxJob): CaseOutcome {
    let result: RunResult;
    try {
      // a message port hands over typed arrays as views into the whole message; give the isolate
      // only this case's bytes
      const own = args.numbers.byteOffset === 0 && args.numbers.byteLength === args.numbers.buffer.byteLength;
      const numbers = own ? args.numbers : args.numbers.slice();
      result = api.runCase.applySync(undefined, [args.structure, numbers, visible], {
        arguments: { copy: true },
        result: { copy: true },
        timeout,
      }) as RunResult;
    } catch (err) {
      return classifyFailure(isolate, err, job, timeout);
    }
    return caseOutcomeOf(result);
  }
}

/** An error raised by isolated-vm itself (never a learner value: those are caught in the isolate). */
function classifyFailure(isolate: ivm.Isolate, err: unknown, job: SandboxJob, timeoutMs: number): Extract<CaseOutcome, { status: 'timeout' | 'memory' | 'threw' }> {
  const message = err instanceof Error ? err.message : String(err);
  if (isolate.isDisposed || /memory limit/i.test(message)) {
    return { status: 'memory', message: `ran out of memory (the limit is ${job.limits.memoryMb} MB)` };
  }
  if (/timed out/i.test(message)) return { status: 'timeout', message: timeoutMessage(timeoutMs, job.limits) };
  return { status: 'threw', message };
}

function helpersWrapper(bundle: string): string {
  // the bundle's `var __attentionLabHelpers` stays local to this function, off the global object
  return `(function (names) {
var __attentionLabHelpers;
${bundle}
var table = (__attentionLabHelpers && __attentionLabHelpers.helpers) || {};
var missing = [];
for (var i = 0; i < names.length; i++) {
  var f = table[names[i]];
  if (typeof f !== 'function') { missing.push(names[i]); continue; }
  Object.defineProperty(globalThis, names[i], { value: f, writable: true, configurable: true, enumerable: false });
}
return missing;
})`;
}
