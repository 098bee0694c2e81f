// A worker thread that computes what the scratch case needs on learner-chosen arguments: the
// reference output and each misconception's output (grader/scratch-reference.ts). Learner-chosen
// sizes can ask for any amount of work ("attentionMask(100000, ...)"), so this runs off the web
// server's main thread, under a memory limit, and lib/scratch.ts ends it when it runs too long.
// Loaded by Node directly (type stripping), never bundled: see lib/scratch.ts.
import { parentPort } from 'node:worker_threads';
import { getExercise } from '../exercises/catalog.ts';
import { scratchReference, type WrongOutput } from '../grader/scratch-reference.ts';

export interface ScratchRequest {
  id: number;
  exerciseId: string;
  args: unknown[];
}

export type { WrongOutput };

export type ScratchReply =
  | { id: number; ok: true; expected: unknown; wrong: Record<string, WrongOutput> }
  | { id: number; ok: false; referenceError: string };

function answer(req: ScratchRequest): ScratchReply {
  const exercise = getExercise(req.exerciseId);
  if (!exercise) return { id: req.id, ok: false, referenceError: 'unknown exercise' };
  return { id: req.id, ...scratchReference(exercise, req.args) };
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
