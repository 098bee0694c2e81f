// The scratch case's reference side, pure: learner-edited arguments checked, then the reference's
// output and each misconception's output on them. The server computes it in a worker thread
// (lib/scratch-worker.ts), the browser's Run in its Web Worker (grader/browser/executor.ts), both
// before any learner code runs there, so the same arguments get the same answer and messages.
import { validateArgs } from '../engine/validate.ts';
import type { CaseFunction } from '../exercises/types.ts';

export type WrongOutput = { ok: true; value: unknown } | { ok: false };
export type ScratchReference = { ok: true; expected: unknown; wrong: Record<string, WrongOutput> } | { ok: false; referenceError: string };

/** How long the reference may take on learner-chosen arguments before it is stopped. */
export const SCRATCH_REFERENCE_TIMEOUT_MS = 3000;

export const REFERENCE_TIMEOUT_MESSAGE = `the reference took longer than ${SCRATCH_REFERENCE_TIMEOUT_MS / 1000} s on these arguments; use smaller inputs`;

/** Outputs larger than this many entries are not worth showing (and too large to send back). */
const MAX_OUTPUT_ENTRIES = 200_000;

/** Deepest nesting a scratch case may have. */
const MAX_DEPTH = 8;

/**
 * Learner-edited arguments as Run accepts them: an array of plain data (numbers, strings, booleans,
 * null, arrays, plain objects), at most `maxBytes` as JSON, nested at most 8 deep. Returns a
 * message when they are not acceptable.
 */
export function scratchArgsProblem(args: unknown, maxBytes: number): string | null {
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
