// The scratch case's reference side, pure: learner-edited arguments checked, then the reference's
// output and each misconception's output on them. The server computes it in a worker thread
// (lib/scratch-worker.ts), the browser's Run in its Web Worker (grader/browser/executor.ts), both
// before any learner code runs there, so the same arguments get the same answer and messages.
import { validateArgs } from '../engine/validate.ts';
import type { CaseFunction } from '../exercises/types.ts';
import type { PreparedCase } from './cases.ts';
import type { CaseVerdict, Verdict } from './verdict.ts';

export type WrongOutput = { ok: true; value: unknown } | { ok: false };
export type ScratchReference = { ok: true; expected: unknown; wrong: Record<string, WrongOutput> } | { ok: false; referenceError: string };

/** How long the reference may take on learner-chosen arguments before it is stopped. */
export const SCRATCH_REFERENCE_TIMEOUT_MS = 3000;

export const REFERENCE_TIMEOUT_MESSAGE = `the reference took longer than ${SCRATCH_REFERENCE_TIMEOUT_MS / 1000} s on these arguments; use smaller inputs`;

/** Authored exercises run their reference only on the server, and only on their own cases. */
export const SCRATCH_UNAVAILABLE_MESSAGE = 'Your own case is not available on this exercise yet: Run checks the visible cases.';

/** Outputs larger than this many entries are not worth showing (and too large to send back). */
const MAX_OUTPUT_ENTRIES = 200_000;

/** The largest scratch case Run takes, as JSON. */
export const MAX_SCRATCH_BYTES = 32 * 1024;

/** Deepest nesting a scratch case may have. */
const MAX_DEPTH = 8;

/**
 * Learner-edited arguments as Run accepts them: an array of plain data (numbers, strings, booleans,
 * null, arrays, plain objects), at most `maxBytes` as JSON, nested at most 8 deep. Returns a
 * message when they are not acceptable.
 */
export function scratchArgsProblem(args: unknown, maxBytes = MAX_SCRATCH_BYTES): string | null {
  if (!Array.isArray(args)) return 'The scratch case must be a list of arguments.';
  const check = (v: unknown, depth: number): string | null => {
    if (depth > MAX_DEPTH) return 'The scratch case is nested too deeply.';
    if (v === null || typeof v === 'boolean' || typeof v === 'string') return null;
    if (typeof v === 'number') return Number.isFinite(v) ? null : 'Use finite numbers in the scratch case.';
    if (Array.isArray(v)) {
      for (const x of v) {
        const p = check(x, depth + 1);
        if (p) return p;
      }
      return null;
    }
    if (typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
      for (const x of Object.values(v as object)) {
        const p = check(x, depth + 1);
        if (p) return p;
      }
      return null;
    }
    return 'The scratch case may hold only numbers, strings, booleans, arrays and objects.';
  };
  const problem = check(args, 0);
  if (problem) return problem;
  if (new TextEncoder().encode(JSON.stringify(args)).length > maxBytes) return `The scratch case is larger than ${maxBytes / 1024} KB; use smaller inputs.`;
  return null;
}

export interface ScratchSource {
  id: string;
  reference: CaseFunction;
  misconceptions: readonly { id: string; compute: CaseFunction }[];
}

/** The reference and every misconception on `args`; never throws. */
export function scratchReference(exercise: ScratchSource, args: unknown[]): ScratchReference {
  const problem = validateArgs(exercise.id, args);
  if (problem) return { ok: false, referenceError: problem.message };
  let expected: unknown;
  try {
    expected = exercise.reference(...structuredClone(args));
  } catch (e) {
    return { ok: false, referenceError: e instanceof Error ? e.message : String(e) };
  }
  if (tooLarge(expected)) return { ok: false, referenceError: 'the output for these arguments is too large to show; use smaller inputs' };
  const wrong: Record<string, WrongOutput> = {};
  for (const m of exercise.misconceptions) {
    try {
      const value = m.compute(...structuredClone(args));
      wrong[m.id] = tooLarge(value) ? { ok: false } : { ok: true, value };
    } catch {
      wrong[m.id] = { ok: false };
    }
  }
  return { ok: true, expected, wrong };
}

function entries(v: unknown, budget: { left: number }): void {
  if (budget.left < 0) return;
  if (Array.isArray(v)) {
    budget.left -= v.length;
    for (const x of v) entries(x, budget);
  } else if (v && typeof v === 'object') {
    const vals = Object.values(v);
    budget.left -= vals.length;
    for (const x of vals) entries(x, budget);
  }
}

function tooLarge(v: unknown): boolean {
  const budget = { left: MAX_OUTPUT_ENTRIES };
  entries(v, budget);
  return budget.left < 0;
}

/** The learner's function on edited inputs, beside the reference engine's output (what Run shows). */
export interface ScratchOutcome {
  args: unknown[];
  /** The reference's output; absent when the reference rejects the inputs (see referenceError). */
  expected?: unknown;
  referenceError?: string;
  /** The learner's output when it returned plain data. */
  actual?: unknown;
  /** The comparison of the two (pass/fail, message, worst element, misconception). */
  verdict?: CaseVerdict;
  console?: string;
}

/** The scratch case as a visible case named "Your case", with the misconceptions' outputs on it. */
export function scratchCase(args: unknown[], reference: Extract<ScratchReference, { ok: true }>): PreparedCase {
  return { name: 'Your case', visible: true, args, expected: reference.expected, wrongOutputs: new Map(Object.entries(reference.wrong)) };
}

/** What Run shows for the scratch case, from the verdict of grading the exercise on that case alone. */
export function scratchOutcome(args: unknown[], reference: ScratchReference, verdict?: Verdict): ScratchOutcome {
  if (!reference.ok) return { args, referenceError: reference.referenceError };
  const c = verdict?.cases[0];
  return {
    args,
    expected: reference.expected,
    ...(c && 'actual' in c ? { actual: c.actual } : {}),
    ...(c ? { verdict: c } : {}),
    ...(verdict?.console ? { console: verdict.console } : {}),
  };
}
