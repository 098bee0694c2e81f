// Messages between the TinyGPT page and its worker (gpt.worker.ts). The page opens a
// MessageChannel and sends `init` with one end; everything after goes over that port, which
// learner code in the worker cannot reach (the worker's own postMessage is gone after lockDown).
import type { InitMessage, SharedAnswer } from './use-learner-worker.ts';

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
  | InitMessage
  | { type: 'generate'; request: GenerateRequest };

export type FromGptWorker =
  | Exclude<SharedAnswer, { type: 'ready' }>
  /** `problems`: the components whose code did not load, which run the reference instead. */
  | { type: 'ready'; vocab: string[]; contextLength: number; problems: { exerciseId: string; message: string }[] }
  /** The characters the model sees of the prompt, and each last-block head's attention over them. */
  | { type: 'attention'; chars: string[]; heads: number[][][] }
  | { type: 'char'; char: string }
  /** The whole request was sampled: `ms` from the first character's forward pass to the last one's (the checks before it not counted). */
  | { type: 'done'; ms: number; chars: number };

/** Most characters one Generate may ask for. */
export const MAX_LENGTH = 500;
