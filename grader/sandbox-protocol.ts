// What the host sends to a sandbox worker for one submission and what comes back. Plain data only:
// it crosses the worker's IPC channel (structured clone).
import type { EncodedArgs } from './args-codec.ts';

/** The server's limits on one grading; an exercise's timeLimitMs overrides the times. */
export const DEFAULT_LIMITS = { perCaseMs: 2000, totalMs: 10_000, memoryMb: 128 };

/** The time limits of an exercise's grading (or Run). */
export function timeLimitsOf(exercise: { timeLimitMs?: { perCase?: number; total?: number } }): { perCaseMs: number; totalMs: number } {
  return { perCaseMs: exercise.timeLimitMs?.perCase ?? DEFAULT_LIMITS.perCaseMs, totalMs: exercise.timeLimitMs?.total ?? DEFAULT_LIMITS.totalMs };
}

export interface SandboxJob {
  /** The learner's module, already transpiled to JavaScript (ESM, lines preserved). */
  code: string;
  functionName: string;
  /** Engine helper names granted as globals. */
  helpers: string[];
  /** Visible cases first: console output is captured only until the first hidden case. */
  cases: { args: EncodedArgs; visible: boolean }[];
  limits: { perCaseMs: number; totalMs: number; memoryMb: number };
}

export type LoadFailureKind = 'syntax' | 'import' | 'threw' | 'timeout' | 'memory' | 'missing_export' | 'internal';

export type LoadOutcome =
  | { ok: true }
  | {
      ok: false;
      kind: LoadFailureKind;
      message: string;
      /** 1-based position in the transpiled code (same line as the learner's source). */
      line?: number;
      column?: number;
      /** import: the module specifiers the code asked for. */
      specifiers?: string[];
      /** missing_export: the names the module does export. */
      exports?: string[];
    };

export type CaseOutcome =
  | { status: 'ok'; value: unknown; mutated: string | null }
  | { status: 'threw'; message: string; line?: number; column?: number }
  | { status: 'invalid'; message: string }
  | { status: 'timeout'; message: string }
  | { status: 'memory'; message: string };

export interface SandboxOutcome {
  load: LoadOutcome;
  /** One per job case when the module loaded; empty otherwise. */
  cases: CaseOutcome[];
  /** Console output of module load and visible cases. */
  console: string;
  /** CPU time of the worker thread for this submission (isolated-vm's cpuTime is wall time). */
  cpuMs: number;
  /** Wall time from isolate creation to disposal. */
  sandboxMs: number;
  /** Wall time of each case that ran (copy in, call, checks, copy out); for benchmarks, never shown. */
  caseMs: number[];
}

/** The pool's answer: a sandbox outcome, or the worker died or hung while running the job. */
export type PoolResult = { ok: true; outcome: SandboxOutcome } | { ok: false; error: string };
