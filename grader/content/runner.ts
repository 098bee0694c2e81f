// Runs one ContentJob: a fresh isolate with the content runtime and the SDK, then the author's
// bundle, then each step, every call under its own timeout and the job's total budget. Runs inside a
// sandbox worker process (sandbox-worker.ts), in an isolate apart from any learner's; the host only
// ever receives strings and flags the runtime built itself.
import ivm from 'isolated-vm';
import { DEFAULT_SANDBOX_LIMITS, REMOVED_GLOBALS } from '../sandbox-bootstrap.ts';
import { CONTENT_RUNTIME_SOURCE } from './runtime-source.ts';
import type { CallResult, CaseAnswer, ContentFailure, ContentJob, ContentOutcome, StepResult, VariantAnswer } from './protocol.ts';

type Ref = ivm.Reference<unknown>;
interface RuntimeApi { load: Ref; describe: Ref; caseList: Ref; call: Ref; figureNames: Ref; figure: Ref; variant: Ref }
type Guarded<T> = { ok: true; value: T } | ContentFailure;

export class ContentRunner {
  private readonly preludeSource: string;
  private preludeCache: ivm.ExternalCopy<ArrayBuffer> | undefined;

  /** `sdkSource`: exercises/sdk.ts bundled as an IIFE assigning `__attentionLabSdk` (bundle.ts). */
  private readonly onCatastrophicError: (message: string) => void;

  constructor(sdkSource: string, onCatastrophicError: (message: string) => void = () => {}) {
    this.onCatastrophicError = onCatastrophicError;
    const sdkFactory = `function () { var __attentionLabSdk;\n${sdkSource}\nreturn __attentionLabSdk; }`;
    this.preludeSource = `(${CONTENT_RUNTIME_SOURCE})(globalThis, ${JSON.stringify(REMOVED_GLOBALS)}, ${JSON.stringify(DEFAULT_SANDBOX_LIMITS)}, ${sdkFactory})`;
  }

  run(job: ContentJob): ContentOutcome {
    const cpuStart = process.threadCpuUsage();
    const deadline = performance.now() + job.limits.totalMs;
    const budget = () => Math.max(1, Math.min(job.limits.perCallMs, Math.floor(deadline - performance.now())));
    const isolate = new ivm.Isolate({ memoryLimit: job.limits.memoryMb, onCatastrophicError: this.onCatastrophicError });
    const steps: StepResult[] = [];
    const finish = (load: ContentOutcome['load']): ContentOutcome => {
      const cpu = process.threadCpuUsage(cpuStart);
      return { load, steps, cpuMs: (cpu.user + cpu.system) / 1000 };
    };
    // every call into the isolate goes through here: a timeout or an exhausted heap becomes a failure
    const invoke = <T>(ref: Ref, args: unknown[], what: string): Guarded<T> => {
      if (performance.now() >= deadline) return { ok: false, kind: 'timeout', message: `${what}: not run, the exercise used its whole ${job.limits.totalMs} ms budget` };
      const timeout = budget();
      try {
        return ref.applySync(undefined, args, { arguments: { copy: true }, result: { copy: true }, timeout }) as Guarded<T>;
      } catch (err) {
        return this.failure(isolate, err, what, timeout, job);
      }
    };
    try {
      const context = isolate.createContextSync();
      const api = this.prelude(isolate, context);

      let factory: Ref;
      try {
        const script = isolate.compileScriptSync(job.bundle, { filename: 'file:///exercise.js' });
        factory = script.runSync(context, { reference: true, timeout: budget() }) as Ref;
      } catch (err) {
        return finish(this.failure(isolate, err, 'loading the exercise', job.limits.perCallMs, job));
      }
      const timeout = budget();
      let loaded: Guarded<true>;
      try {
        loaded = api.load.applySync(undefined, [factory.derefInto()], { result: { copy: true }, timeout }) as Guarded<true>;
      } catch (err) {
        loaded = this.failure(isolate, err, 'loading the exercise', timeout, job);
      }
      if (!loaded.ok) return finish(loaded.kind === 'threw' ? { ...loaded, message: `loading the exercise: ${loaded.message}` } : loaded);

      for (const step of job.steps) {
        if (isolate.isDisposed) break;
        if (step.op === 'describe') {
          const r = invoke<string>(api.describe, [], 'describing the definition');
          steps.push({ op: 'describe', result: r.ok ? { ok: true, value: r.value } : r });
        } else if (step.op === 'cases') {
          const generator = step.which === 'visible' ? 'visibleCases' : 'hiddenCases';
          const list = invoke<{ name: string; args: string }[]>(api.caseList, [step.which, step.seed], generator);
          if (!list.ok) {
            steps.push({ op: 'cases', which: step.which, seed: step.seed, result: list });
            continue;
          }
          const cases: CaseAnswer[] = list.value.map((c, index) => ({
            name: c.name,
            args: c.args,
            outputs: step.calls.map((key) => invoke<string>(api.call, [key, index], `${key} on case "${c.name}"`) as unknown as CallResult),
          }));
          steps.push({ op: 'cases', which: step.which, seed: step.seed, result: { ok: true, cases } });
        } else if (step.op === 'variant') {
          const r = invoke<VariantAnswer>(api.variant, [step.seed], `the variant of seed "${step.seed}"`);
          steps.push({ op: 'variant', seed: step.seed, result: r.ok ? { ok: true, variant: r.value } : r });
        } else {
          const names = invoke<string[]>(api.figureNames, [], 'figures');
          if (!names.ok) {
            steps.push({ op: 'figures', result: names });
            continue;
          }
          const figures = names.value.map((name) => ({ name, figure: invoke<string>(api.figure, [name], `figure "${name}"`) as unknown as CallResult }));
          steps.push({ op: 'figures', result: { ok: true, figures } });
        }
      }
      return finish({ ok: true });
    } finally {
      if (!isolate.isDisposed) isolate.dispose();
    }
  }

  /** The runtime and the SDK, compiled once per process and reused through V8's code cache. */
  private prelude(isolate: ivm.Isolate, context: ivm.Context): RuntimeApi {
    const script = this.preludeCache
      ? isolate.compileScriptSync(this.preludeSource, { filename: 'file:///attention-lab.js', cachedData: this.preludeCache })
      : isolate.compileScriptSync(this.preludeSource, { filename: 'file:///attention-lab.js', produceCachedData: true });
    const produced = (script as unknown as { cachedData?: ivm.ExternalCopy<ArrayBuffer> }).cachedData;
    if (!this.preludeCache && produced) this.preludeCache = produced;
    const api = script.runSync(context, { reference: true, release: true, timeout: 10_000 }) as ivm.Reference<Record<string, unknown>>;
    const get = (name: string) => api.getSync(name, { reference: true }) as Ref;
    return { load: get('load'), describe: get('describe'), caseList: get('caseList'), call: get('call'), figureNames: get('figureNames'), figure: get('figure'), variant: get('variant') };
  }

  private failure(isolate: ivm.Isolate, err: unknown, what: string, timeoutMs: number, job: ContentJob): ContentFailure {
    const message = err instanceof Error ? err.message : String(err);
    if (isolate.isDisposed || /memory limit/i.test(message)) {
      return { ok: false, kind: 'memory', message: `${what}: ran out of memory (the limit is ${job.limits.memoryMb} MB)` };
    }
    if (/timed out/i.test(message)) return { ok: false, kind: 'timeout', message: `${what}: took longer than ${timeoutMs} ms` };
    return { ok: false, kind: 'threw', message: `${what}: ${message.slice(0, 500)}` };
  }
}
