// A worker thread that computes what the scratch case needs on learner-chosen arguments: the
// reference output and each misconception's output. Learner-chosen sizes can ask for any amount of
// work ("attentionMask(100000, ...)"), so this runs off the web server's main thread, under a
// memory limit, and lib/scratch.ts ends it when it runs too long.
// Loaded by Node directly (type stripping), never bundled: see lib/scratch.ts.
import { parentPort } from 'node:worker_threads';
import { getExercise } from '../exercises/catalog.ts';
import { validateArgs } from '../engine/validate.ts';

export interface ScratchRequest {
  id: number;
  exerciseId: string;
  args: unknown[];
}

export type WrongOutput = { ok: true; value: unknown } | { ok: false };

export type ScratchReply =
  | { id: number; ok: true; expected: unknown; wrong: Record<string, WrongOutput> }
  | { id: number; ok: false; referenceError: string };

/** Outputs larger than this many entries are not worth showing (and too large to send back). */
const MAX_OUTPUT_ENTRIES = 200_000;

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

function answer(req: ScratchRequest): ScratchReply {
  const exercise = getExercise(req.exerciseId);
  if (!exercise) return { id: req.id, ok: false, referenceError: 'unknown exercise' };
  const problem = validateArgs(req.exerciseId, req.args);
  if (problem) return { id: req.id, ok: false, referenceError: problem.message };
  let expected: unknown;
  try {
    expected = exercise.reference(...structuredClone(req.args));
  } catch (e) {
    return { id: req.id, ok: false, referenceError: e instanceof Error ? e.message : String(e) };
  }
  if (tooLarge(expected)) return { id: req.id, ok: false, referenceError: 'the output for these arguments is too large to show; use smaller inputs' };
  const wrong: Record<string, WrongOutput> = {};
  for (const m of exercise.misconceptions) {
    try {
      const value = m.compute(...structuredClone(req.args));
      wrong[m.id] = tooLarge(value) ? { ok: false } : { ok: true, value };
    } catch {
      wrong[m.id] = { ok: false };
    }
  }
  return { id: req.id, ok: true, expected, wrong };
}

parentPort?.on('message', (req: ScratchRequest) => {
  let reply: ScratchReply;
  try {
    reply = answer(req);
  } catch (e) {
    reply = { id: req.id, ok: false, referenceError: e instanceof Error ? e.message : String(e) };
  }
  parentPort!.postMessage(reply);
});
