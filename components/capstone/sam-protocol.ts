// Messages between the TinySAM page and its worker (sam.worker.ts), and the worker's check of a
// request (it trusts nothing the page sends: a message could come from anything on the page).
import type { SamPrompt } from '../../engine/tiny-sam.ts';
import type { Matrix, Tensor3 } from '../../engine/types.ts';
import type { SharedAnswer, InitMessage } from './use-learner-worker.ts';

export interface SegmentRequest {
  /** The page's counter: it shows only the answer to its latest request. */
  id: number;
  /** Grey levels, (1, size, size). */
  image: Tensor3;
  /** Points (x, y) and boxes [x0, y0, x1, y1] in pixel indices, 0 .. size - 1 (the engine moves them to pixel centres). */
  prompt: SamPrompt;
}

export type ToSamWorker =
  | InitMessage
  | { type: 'segment'; request: SegmentRequest }
  /** Check the learner's components against the reference on this image and prompt (also done before the first mask). */
  | { type: 'check'; request: SegmentRequest };

export type FromSamWorker =
  | SharedAnswer
  /** The mask logits (size, size) and how long the forward pass took in the worker. */
  | { type: 'mask'; id: number; logits: Matrix; ms: number };

/** Most points one prompt may carry (the model was trained on two: more add nothing it knows). */
export const MAX_POINTS = 16;

const isPixel = (v: unknown, size: number) => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < size;

/** Why the request cannot run, or null. */
export function checkSegmentRequest(r: SegmentRequest, size: number): string | null {
  const image = r.image;
  const square = Array.isArray(image) && image.length === 1 && Array.isArray(image[0]) && image[0].length === size
    && image[0].every((row) => Array.isArray(row) && row.length === size && row.every((v) => typeof v === 'number' && Number.isFinite(v)));
  if (!square) return `The image must be 1 x ${size} x ${size} finite grey levels.`;
  const p = r.prompt;
  if ('box' in p) {
    const ok = Array.isArray(p.box) && p.box.length === 4 && p.box.every((v) => isPixel(v, size)) && p.box[0] <= p.box[2] && p.box[1] <= p.box[3];
    return ok ? null : `A box is [x0, y0, x1, y1], whole pixels from 0 to ${size - 1}, with x0 <= x1 and y0 <= y1.`;
  }
  if (!Array.isArray(p.points) || !Array.isArray(p.labels) || p.points.length === 0 || p.points.length > MAX_POINTS || p.labels.length !== p.points.length) {
    return `Give 1 to ${MAX_POINTS} points, each with a label.`;
  }
  if (!p.points.every((pt) => Array.isArray(pt) && pt.length === 2 && pt.every((v) => isPixel(v, size)))) return `Points are (x, y) in whole pixels from 0 to ${size - 1}.`;
  if (!p.labels.every((l) => l === 0 || l === 1)) return 'A label is 1 (on the object) or 0 (not on it).';
  return null;
}
