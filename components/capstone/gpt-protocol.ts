// Messages between the TinyGPT page and its worker (gpt.worker.ts).
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

export type ToGptWorker = { type: 'load'; files: ModelFiles } | { type: 'generate'; request: GenerateRequest };

export type FromGptWorker =
  | { type: 'ready'; vocab: string[]; contextLength: number }
  | { type: 'failed'; message: string }
  /** The request was not run: an unknown character, a control out of range. */
  | { type: 'refused'; message: string }
  /** The characters the model sees of the prompt, and each last-block head's attention over them. */
  | { type: 'attention'; chars: string[]; heads: number[][][] }
  | { type: 'char'; char: string }
  | { type: 'done' };

/** Most characters one Generate may ask for. */
export const MAX_LENGTH = 500;
