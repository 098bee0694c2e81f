// The messages between the exercise page and its Run worker (components/workbench/run.worker.ts).
// One worker runs one learner program: it is told its exercise once (`init`), prepares the visible
// cases and warms up, locks itself down and answers `ready`; then one `run` of code the page has
// already transpiled (grader/browser/transpile.ts), answered step by step (each step's answer is
// the page's cue that the next one started, for its time limits); then the page ends it and a
// fresh worker takes its place. Plain data only (structured clone).
import type { PreparedCase } from '../cases.ts';
import type { CaseOutcome, LoadOutcome } from '../sandbox-protocol.ts';
import type { ScratchReference } from '../scratch-reference.ts';

/** What the page judges with: the fields of an exercise a Verdict depends on. */
export interface BrowserExercise {
  id: string;
  /** The content version the verdict names ('' when unknown). */
  version: string;
  functionName: string;
  points: number;
  tolerance?: { atol: number; rtol: number };
  exact?: boolean;
  helpers: string[];
  timeLimitMs?: { perCase?: number; total?: number };
  /** Their outputs come precomputed on each case (wrongOutputs). */
  misconceptions: { id: string; title: string; hint: string }[];
}

/**
 * How the page's Run gets its cases: a built-in exercise's come from the engine in the worker; an
 * authored one's (whose reference must never reach the browser) were computed on the server when
 * the page was rendered, encoded with prepared-codec.ts.
 */
export type RunSetup =
  | { kind: 'builtin'; exerciseId: string; version: string }
  | { kind: 'prepared'; exercise: BrowserExercise; cases: string };

export type WorkerSetup =
  | { kind: 'builtin'; exerciseId: string }
  | { kind: 'prepared'; functionName: string; helpers: string[]; args: unknown[][] };

export interface RunRequest {
  /** The learner's module as transpiled by the page; null when it did not compile (only the scratch reference is wanted). */
  js: string | null;
  /** Built-in exercises only: the learner's own case. */
  scratchArgs?: unknown[];
  limits: { perCaseMs: number; totalMs: number };
}

export type ToRunWorker = { type: 'init'; setup: WorkerSetup } | { type: 'run'; request: RunRequest };

export type FromRunWorker =
  /** Warmed up and locked down; a built-in exercise's definition and visible cases come with it. */
  | { type: 'ready'; builtin?: { exercise: Omit<BrowserExercise, 'version'>; cases: PreparedCase[] } }
  /** The worker cannot run learner code safely or at all (the page runs on the server instead). */
  | { type: 'failed'; error: string }
  | { type: 'scratch-reference'; reference: ScratchReference }
  | { type: 'load'; outcome: LoadOutcome; console: string }
  | { type: 'case'; outcome: CaseOutcome; console: string }
  | { type: 'scratch-load'; outcome: LoadOutcome; console: string }
  | { type: 'scratch-case'; outcome: CaseOutcome; console: string }
  /** `ms`: the time the learner's code ran (module loads and cases). */
  | { type: 'done'; ms: number };
