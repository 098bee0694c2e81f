import { matrix, tensor3 } from '../../../engine/generate.ts';
import type { Rng } from '../../../engine/random.ts';
import { maskLogits } from '../../../engine/sam.ts';
import type { Matrix, Tensor3 } from '../../../engine/types.ts';
import { roundAll } from '../../cases.ts';
import { defineExercise } from '../../types.ts';

function maskCase(rng: Rng, name: string, M: number, C: number, H: number, W: number) {
  const r = rng.fork(name);
  return { name, args: [matrix(r, M, C), tensor3(r, C, H, W)] };
}

export default defineExercise({
  id: 'sam/mask-logits',
  title: 'Mask logits: one dot product per pixel',
  order: 7,
  prerequisites: ['foundations/matmul'],
  functionName: 'maskLogits',
  reference: maskLogits,
  points: 10,
  helpers: [],
  hints: [
    'The output has one H x W map per row of hyperIn: M x H x W, with H = upscaled[0].length rows and W = upscaled[0][0].length columns.',
    'Pixel (y, x) of mask m is the dot product of hyperIn[m] (C numbers) with the C values upscaled[c][y][x] at that pixel.',
    'The sum runs over the channels c = 0 .. C − 1, as many as upscaled has maps (and hyperIn has columns), not over the masks.',
  ],
  visibleCases: (rng) => [
    { name: 'worked-example', args: [[[1, -1]], [[[1, 2], [3, 4]], [[0, 1], [1, 0]]]] },
    {
      name: 'two-masks-three-channels',
      args: [
        [[1, 0, -1], [0.5, 0.5, 0]],
        roundAll(tensor3(rng.fork('two-masks'), 3, 2, 3), 1),
      ],
    },
  ],
  hiddenCases: (rng) => [
    maskCase(rng, 'sam-like-four-masks', 4, 32, 8, 8),
    maskCase(rng, 'wide-map', 3, 8, 5, 7),
    maskCase(rng, 'one-mask-tall-map', 1, 6, 9, 4),
    maskCase(rng, 'two-masks-sixteen-channels', 2, 16, 6, 3),
    maskCase(rng, 'one-row-map', 4, 5, 1, 10),
    maskCase(rng, 'as-many-masks-as-channels', 3, 3, 4, 4),
  ],
  misconceptions: [
    {
      id: 'rows-and-columns-swapped',
      title: 'each mask transposed (x used as rows)',
      hint: 'Keep the image layout: out[m][y][x], row y of the mask is row y of the feature maps.',
      compute: (hyperIn: Matrix, up: Tensor3) => maskLogits(hyperIn, up).map((mask) => mask[0].map((_, x) => mask.map((row) => row[x]))),
    },
    {
      id: 'sum-over-mask-count',
      title: 'channel sum cut short at the number of masks',
      hint: 'The dot product runs over all C channels (the length of upscaled and of each hyperIn row), not over as many as there are masks.',
      compute: (hyperIn: Matrix, up: Tensor3) => {
        const n = Math.min(hyperIn.length, up.length);
        return maskLogits(hyperIn.map((row) => row.slice(0, n)), up.slice(0, n));
      },
    },
    {
      id: 'sigmoid-applied',
      title: 'probabilities instead of logits',
      hint: 'Return the raw dot products (logits); the sigmoid, and the threshold at 0, come later.',
      compute: (hyperIn: Matrix, up: Tensor3) => maskLogits(hyperIn, up, { sigmoid: true }),
    },
  ],
});
