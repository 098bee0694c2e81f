import type { Rng } from '../../../engine/random.ts';
import { defineQuestion, EXACT_NUMBER } from '../../question-types.ts';

/** Prompt A: `pointsWithBox` clicks and one box; prompt B: `pointsAlone` clicks and no box. */
interface Params {
  pointsWithBox: number;
  pointsAlone: number;
}

/** SAM's prompt encoder: one row per point, plus a padding point when there is no box; two corner rows per box. */
const sparseRows = (points: number, boxes: number) => points + (points > 0 && boxes === 0 ? 1 : 0) + 2 * boxes;
/** The mask decoder prepends its output tokens: one IoU token and 4 mask tokens (3 multimask outputs + 1). */
const OUTPUT_TOKENS = 1 + 4;

function draw(rng: Rng): Params {
  return { pointsWithBox: rng.int(1, 6), pointsAlone: rng.int(1, 6) };
}

export default defineQuestion<Params>({
  id: 'sam/prompt-tokens',
  title: 'How many prompt tokens SAM makes',
  order: 1,
  exercises: ['sam/point-prompts', 'sam/box-prompts'],
  parts: [
    { name: 'withBox', kind: 'number', label: 'sparse embedding rows of prompt A ({{pointsWithBox}} points and a box)', points: 4, tolerance: EXACT_NUMBER },
    { name: 'pointsOnly', kind: 'number', label: 'sparse embedding rows of prompt B ({{pointsAlone}} points, no box)', points: 3, tolerance: EXACT_NUMBER },
    { name: 'decoderTokens', kind: 'number', label: 'tokens entering the two-way transformer for prompt A', points: 3, tolerance: EXACT_NUMBER },
  ],
  generate: draw,
  answer: (p) => ({
    withBox: sparseRows(p.pointsWithBox, 1),
    pointsOnly: sparseRows(p.pointsAlone, 0),
    decoderTokens: OUTPUT_TOKENS + sparseRows(p.pointsWithBox, 1),
  }),
  misconceptions: [
    {
      id: 'pad-always',
      part: 'withBox',
      title: 'a padding point added although there is a box',
      hint: 'SAM pads the points only when there is no box (boxes is None): with a box, the box corners follow the points.',
      compute: (p) => p.pointsWithBox + 1 + 2,
    },
    {
      id: 'one-row-per-box',
      part: 'withBox',
      title: 'one row per box',
      hint: 'A box is encoded as its two corners, (x0, y0) with the top-left embedding and (x1, y1) with the bottom-right one: two rows.',
      compute: (p) => p.pointsWithBox + 1,
    },
    {
      id: 'no-padding-point',
      part: 'pointsOnly',
      title: 'the padding point forgotten',
      hint: 'Without a box, SAM appends one padding point (label -1, the not-a-point embedding) after the clicks.',
      compute: (p) => p.pointsAlone,
    },
    {
      id: 'output-tokens-forgotten',
      part: 'decoderTokens',
      title: 'the output tokens not counted',
      hint: 'The mask decoder puts its IoU token and mask tokens in front of the sparse prompt embeddings.',
      compute: (p) => sparseRows(p.pointsWithBox, 1),
    },
    {
      id: 'three-mask-tokens',
      part: 'decoderTokens',
      title: 'three mask tokens',
      hint: 'SAM has 4 mask tokens (3 multimask outputs plus the single-mask one) besides the IoU token.',
      compute: (p) => 1 + 3 + sparseRows(p.pointsWithBox, 1),
    },
  ],
});
