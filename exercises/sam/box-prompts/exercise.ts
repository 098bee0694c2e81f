import { boxEmbeddings, boxes, gaussianMatrix } from '../../../engine/generate.ts';
import type { Rng } from '../../../engine/random.ts';
import { encodeBoxes } from '../../../engine/sam.ts';
import type { BoxEmbeddings, Matrix } from '../../../engine/types.ts';
import { roundAll } from '../../cases.ts';
import { defineExercise } from '../../types.ts';

type Size = [number, number];

function boxCase(rng: Rng, name: string, B: number, imageSize: Size, F: number, fixed?: Matrix) {
  const r = rng.fork(name);
  return { name, args: [fixed ?? boxes(r, B, imageSize), imageSize, gaussianMatrix(r, 2, F), boxEmbeddings(r, 2 * F)] };
}

export default defineExercise({
  id: 'sam/box-prompts',
  title: 'Box prompts: two corners, two tokens',
  order: 3,
  prerequisites: ['sam/point-prompts'],
  functionName: 'encodeBoxes',
  reference: encodeBoxes,
  points: 10,
  helpers: ['fourierFeatures'],
  hints: [
    'Box [x0, y0, x1, y1] is two points: (x0, y0) and (x1, y1). List them box by box, top-left first.',
    'Each corner is normalised like a click: (x + 0.5) / imageSize[1] and (y + 0.5) / imageSize[0], then fourierFeatures.',
    'Even rows (top-left corners) get emb.topLeft added, odd rows (bottom-right corners) emb.bottomRight.',
  ],
  visibleCases: (rng) => {
    const r = rng.fork('two-boxes');
    const emb: BoxEmbeddings = { topLeft: [1, 0, 0, 0], bottomRight: [0, 0, 0, 1] };
    return [
      { name: 'worked-example', args: [[[0, 0, 3, 1]], [2, 4], [[1, 0], [0, 0.5]], emb] },
      { name: 'two-boxes', args: [[[1, 2, 5, 7], [0, 0, 2, 2]], [8, 6], roundAll(gaussianMatrix(r, 2, 2), 1), emb] },
    ];
  },
  hiddenCases: (rng) => [
    boxCase(rng, 'one-box-landscape', 1, [48, 64], 4),
    boxCase(rng, 'three-boxes-portrait', 3, [64, 48], 3),
    boxCase(rng, 'two-boxes-square', 2, [32, 32], 8),
    boxCase(rng, 'four-boxes-wide-strip', 4, [20, 100], 2),
    boxCase(rng, 'whole-image-box', 1, [40, 60], 4, [[0, 0, 59, 39]]),
    // Renamed: SAM itself always normalises by its padded (1024, 1024) input. The old name stays
    // the rng fork label, so the case's inputs do not change.
    { ...boxCase(rng, 'sam-sized-image', 2, [768, 1024], 6), name: 'large-landscape-image' },
  ],
  misconceptions: [
    {
      id: 'no-pixel-centre',
      title: '+0.5 pixel-centre shift missing',
      hint: 'Each corner is a pixel coordinate; shift it by 0.5 to the pixel centre before dividing by the image side, as for clicks.',
      compute: (b: Matrix, size: Size, G: Matrix, emb: BoxEmbeddings) => encodeBoxes(b, size, G, emb, { shift: false }),
    },
    {
      id: 'corner-embeddings-swapped',
      title: 'corner embeddings swapped',
      hint: 'The first corner of a box, (x0, y0), gets emb.topLeft; the second, (x1, y1), gets emb.bottomRight.',
      compute: (b: Matrix, size: Size, G: Matrix, emb: BoxEmbeddings) => encodeBoxes(b, size, G, emb, { swapCornerEmbeddings: true }),
    },
    {
      id: 'x-y-sides-swapped',
      title: 'x divided by the height, y by the width',
      hint: 'imageSize is [H, W], rows first: x coordinates divide by imageSize[1], y coordinates by imageSize[0].',
      compute: (b: Matrix, size: Size, G: Matrix, emb: BoxEmbeddings) => encodeBoxes(b, size, G, emb, { normalizeBy: 'wh' }),
    },
  ],
});
