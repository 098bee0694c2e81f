// The page's side of one Run in the browser: it reads the worker's answers in order, knows which
// step runs now and how long that step may take (the server sandbox's limits: per case, and the
// total budget), and turns it all into the same Verdict the server would give, with the shared
// judge (grader/judge.ts). When a step overruns, the page ends the worker and tells the session,
// which answers the step as the server would have (its timeout message) and the cases after it as
// not run. No timers and no worker here: browser-run.ts owns both, tests drive this directly.
import type { PreparedCase } from '../cases.ts';
import { compileErrorVerdict, judgeOutcome, round, type JudgedExercise, type VerdictHead } from '../judge.ts';
import type { CaseOutcome, LoadOutcome } from '../sandbox-protocol.ts';
import { stepBudget, timeoutMessage, type TimeLimits } from '../sandbox-results.ts';
import { REFERENCE_TIMEOUT_MESSAGE, SCRATCH_REFERENCE_TIMEOUT_MS, scratchCase, scratchOutcome, type ScratchOutcome, type ScratchReference } from '../scratch-reference.ts';
import { originalPosition } from '../source-map.ts';
import type { CompileError, Verdict } from '../verdict.ts';
import type { BrowserExercise, FromRunWorker } from './protocol.ts';

/** A worker that ran out of memory, or that the browser ended for any other reason. */
export const CRASH_MESSAGE = 'ran out of memory (the browser ended the run)';
/** Cases after one the page had to stop: the worker that would run them is gone. */
export const STOPPED_AFTER_TIMEOUT = 'not run: an earlier case took longer than its time limit, which ends a Run in the browser';
export const STOPPED_AFTER_CRASH = 'not run: the browser ended the run in an earlier case';
/** The server's words when the reference runs out of memory on scratch arguments (lib/scratch.ts). */
const REFERENCE_MEMORY_MESSAGE = 'these arguments need more memory than the reference may use; use smaller inputs';

export type Step = 'reference' | 'load' | 'case' | 'scratch-load' | 'scratch-case' | 'done';

export type SessionResult =
  | { kind: 'verdict'; verdict: Verdict; scratch?: ScratchOutcome }
  /** The browser cannot run this (the page asks the server's Run instead). */
  | { kind: 'server'; reason: string }
  /** The scratch reference was stopped before the visible cases ran: run them again without it, on a fresh worker. */
  | { kind: 'again'; scratch: ScratchOutcome };

interface Program {
  load?: LoadOutcome;
  cases: CaseOutcome[];
  console: string;
  deadline: number;
}

export interface SessionOptions {
  exercise: BrowserExercise;
  /** The visible cases with expected outputs and misconception outputs (wrongOutputs). */
  cases: PreparedCase[];
  /** The learner's source. */
  code: string;
  /** What the page's transpiler made of it (the source map, or the compile error). */
  compiled: { ok: true; mappings: string } | { ok: false; error: CompileError };
  scratchArgs?: unknown[];
  limits: TimeLimits;
  now: () => number;
}

export class RunSession {
  private readonly o: SessionOptions;
  private readonly started: number;
  private step: Step;
  private stepStarted: number;
  /** What the current step may take, by the server's rules (no grace). */
  private stepLimit: number;
  private reference: ScratchReference | undefined;
  private readonly compiled: SessionOptions['compiled'];
  private readonly visible: Program = { cases: [], console: '', deadline: 0 };
  private readonly scratch: Program = { cases: [], console: '', deadline: 0 };
  private ranMs = 0;
  private ended: SessionResult | undefined;
  private stopped: 'timeout' | 'crash' | undefined;

  constructor(options: SessionOptions) {
    this.o = options;
    this.compiled = options.compiled;
    this.started = options.now();
    this.step = 'reference';
    this.stepStarted = this.started;
    this.stepLimit = SCRATCH_REFERENCE_TIMEOUT_MS;
    if (!options.scratchArgs) this.afterReference();
  }

  /** Whether the Run needs a worker at all: code that does not compile needs one only for the scratch reference. */
  get needsWorker(): boolean {
    return this.ended === undefined;
  }

  /** The step running now, and how long it may still take before the page must stop the worker. */
  get current(): { step: Step; remainingMs: number } {
    return { step: this.step, remainingMs: Math.max(0, this.stepStarted + this.stepLimit - this.o.now()) };
  }

  get result(): SessionResult | undefined {
    return this.ended;
  }

  /** One answer of the worker, in the order it sends them. */
  receive(m: FromRunWorker): void {
    if (this.ended) return;
    switch (m.type) {
      case 'ready':
        return;
      case 'failed':
        return this.end({ kind: 'server', reason: m.error });
      case 'scratch-reference':
        this.reference = m.reference;
        return this.afterReference();
      case 'load':
        this.visible.load = m.outcome;
        this.visible.console += m.console;
        return m.outcome.ok ? this.enter('case') : this.enter('done');
      case 'case':
        this.visible.cases.push(m.outcome);
        this.visible.console += m.console;
        if (this.visible.cases.length < this.o.cases.length) return this.enter('case');
        return this.enter(this.scratchRuns() ? 'scratch-load' : 'done');
      case 'scratch-load':
        this.scratch.load = m.outcome;
        this.scratch.console += m.console;
        return this.enter(m.outcome.ok ? 'scratch-case' : 'done');
      case 'scratch-case':
        this.scratch.cases.push(m.outcome);
        this.scratch.console += m.console;
        return this.enter('done');
      case 'done':
        this.ranMs = m.ms;
        return this.finish();
    }
  }

  /** The page ended the worker: the current step overran its time (`timeout`) or the worker died (`crash`). */
  stop(why: 'timeout' | 'crash'): void {
    if (this.ended) return;
    this.stopped = why;
    this.ranMs = this.o.now() - this.stepStarted;
    const limit = this.stepLimit;
    const timedOut = (): CaseOutcome => ({ status: 'timeout', message: timeoutMessage(limit, this.o.limits) });
    const crashed = (): CaseOutcome => ({ status: 'memory', message: CRASH_MESSAGE });
    switch (this.step) {
      case 'reference': {
        const referenceError = why === 'timeout' ? REFERENCE_TIMEOUT_MESSAGE : REFERENCE_MEMORY_MESSAGE;
        return this.end({ kind: 'again', scratch: { args: this.o.scratchArgs!, referenceError } });
      }
      case 'load':
      case 'scratch-load': {
        const program = this.step === 'load' ? this.visible : this.scratch;
        program.load = why === 'timeout' ? { ok: false, kind: 'timeout', message: `loading the module ${timeoutMessage(limit, this.o.limits)}` } : { ok: false, kind: 'memory', message: CRASH_MESSAGE };
        return this.finish();
      }
      case 'case':
      case 'scratch-case': {
        const program = this.step === 'case' ? this.visible : this.scratch;
        program.cases.push(why === 'timeout' ? timedOut() : crashed());
        return this.finish();
      }
      case 'done':
        // every answer came but the last one: judge what came
        return this.finish();
    }
  }

  /**
   * The scratch case's program as judged. When it never started, the visible one decided: a module
   * that failed to load would fail the same way in the server's separate grading of the scratch
   * case; one stopped in a visible case leaves the scratch case not run.
   */
  private scratchProgram(): Program {
    if (this.scratch.load) return this.scratch;
    if (this.visible.load && !this.visible.load.ok) return { load: this.visible.load, cases: [], console: '', deadline: 0 };
    return { load: { ok: true }, cases: [], console: '', deadline: 0 };
  }

  private afterReference(): void {
    if (this.compiled.ok) this.enter('load');
    else this.finish();
  }

  private scratchRuns(): boolean {
    return this.reference?.ok === true;
  }

  private enter(step: Step): void {
    this.step = step;
    this.stepStarted = this.o.now();
    if (step === 'load') this.visible.deadline = this.stepStarted + this.o.limits.totalMs;
    if (step === 'scratch-load') this.scratch.deadline = this.stepStarted + this.o.limits.totalMs;
    this.stepLimit = this.limitOf(step);
  }

  private limitOf(step: Step): number {
    switch (step) {
      case 'reference':
        return SCRATCH_REFERENCE_TIMEOUT_MS;
      case 'load':
      case 'case':
        return Math.max(0, stepBudget(this.o.limits, this.visible.deadline, this.stepStarted));
      case 'scratch-load':
      case 'scratch-case':
        return Math.max(0, stepBudget(this.o.limits, this.scratch.deadline, this.stepStarted));
      case 'done':
        return 0;
    }
  }

  private end(result: SessionResult): void {
    this.ended = result;
    this.step = 'done';
  }

  private finish(): void {
    const { exercise, cases, code } = this.o;
    const head: VerdictHead = { exerciseId: exercise.id, exerciseVersion: exercise.version, maxScore: exercise.points };
    const judged: JudgedExercise = exercise;
    const wallMs = () => round(this.o.now() - this.started);
    const compiled = this.compiled;
    if (!compiled.ok) {
      const verdict = compileErrorVerdict(head, compiled.error, wallMs());
      return this.end({ kind: 'verdict', verdict, ...(this.reference ? { scratch: scratchOutcome(this.o.scratchArgs!, this.reference) } : {}) });
    }
    const position = (line?: number, column?: number) => (line === undefined || column === undefined ? undefined : originalPosition(compiled.mappings, line, column));
    const stoppedOutcome = (): CaseOutcome => ({ status: this.stopped === 'crash' ? 'memory' : 'timeout', message: this.stopped === 'crash' ? STOPPED_AFTER_CRASH : STOPPED_AFTER_TIMEOUT });
    const outcomeOf = (program: Program, count: number) => {
      const load = program.load ?? { ok: false as const, kind: 'internal' as const, message: 'the run ended before the module loaded' };
      const got = load.ok ? program.cases.slice(0, count) : [];
      while (load.ok && got.length < count) got.push(stoppedOutcome());
      return { load, cases: got, console: program.console, cpuMs: this.ranMs };
    };
    const verdict = judgeOutcome({ head, exercise: judged, code, cases, outcome: outcomeOf(this.visible, cases.length), position, wallMs });
    if (!this.reference) return this.end({ kind: 'verdict', verdict });
    const args = this.o.scratchArgs!;
    if (!this.reference.ok) return this.end({ kind: 'verdict', verdict, scratch: scratchOutcome(args, this.reference) });
    const scratchVerdict = judgeOutcome({ head, exercise: judged, code, cases: [scratchCase(args, this.reference)], outcome: outcomeOf(this.scratchProgram(), 1), position, wallMs });
    this.end({ kind: 'verdict', verdict, scratch: scratchOutcome(args, this.reference, scratchVerdict) });
  }
}
