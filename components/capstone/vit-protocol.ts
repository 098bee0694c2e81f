// Messages between the TinyViT page and its worker (vit.worker.ts), and the worker's check of a
// request (it trusts nothing the page sends).
import type { Matrix, Tensor3, Vector } from '../../engine/types.ts';
import type { InitMessage, SharedAnswer } from './use-learner-worker.ts';

export interface ClassifyRequest {
  /** The page's counter: it shows only the answer to its latest request. */
  id: number;
  /** Ink 0 .. 1, (1, 28, 28). */
  image: Tensor3;
}

export type ToVitWorker =
  | InitMessage
  | { type: 'classify'; request: ClassifyRequest }
  /** Check the learner's components against the reference on this digit (also done before the first answer). */
  | { type: 'check'; request: ClassifyRequest };

export type FromVitWorker =
  | SharedAnswer
  /** Per class the probability; per head the CLS token's attention over the 16 patches; the time of the forward pass. */
  | { type: 'classified'; id: number; probabilities: Vector; clsAttention: Matrix; ms: number };

/** Why the request cannot run, or null. */
export function checkClassifyRequest(r: ClassifyRequest, size: number): string | null {
  const image = r?.image;
  const ok = Array.isArray(image) && image.length === 1 && Array.isArray(image[0]) && image[0].length === size
    && image[0].every((row) => Array.isArray(row) && row.length === size && row.every((v) => typeof v === 'number' && v >= 0 && v <= 1));
  return ok ? null : `The digit must be 1 x ${size} x ${size} ink levels from 0 to 1.`;
}
