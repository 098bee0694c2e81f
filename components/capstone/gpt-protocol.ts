// Messages between the TinyGPT page and its worker (gpt.worker.ts). The page opens a
// MessageChannel and sends `init` with one end; everything after goes over that port, which
// learner code in the worker cannot reach (the worker's own postMessage is gone after lockDown).
import type { CheckReport } from './component-check.ts';
import type { LearnerModule } from './learner-realm.ts';
import type { ModelFiles } from './load-model.ts';

export interface GenerateRequest {
  prompt: string;
  temperature: number;
  topK: number;
  /** Characters to sample. */
  length: number;
  /** A seed makes the draws u repeatable (the engine's sfc32); without one they come from crypto. */
  seed?: string;
}

export type ToGptWorker =
  /** The weights, and the learner's components chosen to run (transpiled; an empty list runs the reference). */
  | { type: 'init'; files: ModelFiles; modules: LearnerModule[] }
  | { type: 'generate'; request: GenerateRequest };

export type FromGptWorker =
  /** `problems`: the components whose code did not load, which run the reference instead. */
  | { type: 'ready'; vocab: string[]; contextLength: number; problems: { exerciseId: string; message: string }[] }
  | { type: 'failed'; message: string }
  /** The request was not run: an unknown character, a control out of range. */
  | { type: 'refused'; message: string }
  /** The characters the model sees of the prompt, and each last-block head's attention over them. */
  | { type: 'attention'; chars: string[]; heads: number[][][] }
  /** The learner component about to be checked against the reference ('combined': all of them together). */
  | { type: 'checking'; exerciseId: string }
  | { type: 'report'; report: CheckReport }
  /** A learner component failed while generating: what was streamed stays, generation stops. */
  | { type: 'component-failed'; exerciseId: string; message: string }
  | { type: 'char'; char: string }
  /** The whole request was sampled: `ms` from the first character's forward pass to the last one's (the checks before it not counted). */
  | { type: 'done'; ms: number; chars: number };

/** Most characters one Generate may ask for. */
export const MAX_LENGTH = 500;
