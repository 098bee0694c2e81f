import { tensor3, vector, weight } from '../../../engine/generate.ts';
import type { Rng } from '../../../engine/random.ts';
import type { Matrix, Tensor3, Vector } from '../../../engine/types.ts';
import { patchEmbed } from '../../../engine/vision.ts';
import { shortMatrix } from '../../cases.ts';
import { defineExercise } from '../../types.ts';

function embedCase(rng: Rng, name: string, C: number, H: number, W: number, p: number, D: number) {
  const r = rng.fork(name);
  return { name, args: [tensor3(r, C, H, W), weight(r, C * p * p, D), vector(r, D, 0.5), p] };
}

export default defineExercise({
  id: 'vision/patch-embedding',
  title: 'Patch embedding: from pixels to tokens',
  order: 3,
  prerequisites: ['vision/patchify', 'foundations/matmul'],
  functionName: 'patchEmbed',
  reference: patchEmbed,
  points: 10,
  helpers: ['patchify', 'matmul'],
  hints: [
    'First build the N x (C·p·p) matrix of flattened patches (raster order, (channel, y, x) inside each patch); `patchify` does exactly that.',
    'Then one matrix product with W gives N x D, and b is added to every row.',
    'Row i of W must meet entry i of the flattened patch: the (channel, y, x) order of patchify is the order W was built for.',
  ],
  visibleCases: (rng) => {
    const r = rng.fork('two-channels');
    return [
      {
        name: 'worked-example',
        args: [[[[0, 1, 2, 3], [4, 5, 6, 7]]], [[0.25, 1], [0.25, -1], [0.25, 0], [0.25, 0]], [0, 1], 2],
      },
      {
        name: 'two-channels',
        args: [
          [[[1, 0, 2, 1], [0, 1, 1, 0]], [[2, 2, 0, 1], [1, 0, 0, 3]]],
          shortMatrix(r, 8, 3, 1),
          [0.1, 0, -0.1],
          2,
        ],
      },
    ];
  },
  hiddenCases: (rng) => [
    embedCase(rng, 'rgb-2x2-grid', 3, 4, 4, 2, 6),
    embedCase(rng, 'rgb-non-square-grid', 3, 6, 9, 3, 4),
    embedCase(rng, 'grey-tall-image', 1, 8, 4, 2, 5),
    embedCase(rng, 'single-patch-wide-token', 2, 4, 4, 4, 8),
    embedCase(rng, 'pixel-patches', 3, 3, 2, 1, 2),
    embedCase(rng, 'four-channels', 4, 4, 6, 2, 3),
  ],
  misconceptions: [
    {
      id: 'channels-last-flattening',
      title: 'patches flattened in (y, x, c) order',
      hint: 'Row i of W belongs to entry i of a patch flattened channel by channel, (channel, y, x), the order of a flattened Conv2d weight. Interleaving the channels pixel by pixel sends each weight to the wrong pixel.',
      compute: (image: Tensor3, W: Matrix, b: Vector, p: number) => patchEmbed(image, W, b, p, { order: 'yxc' }),
    },
    {
      id: 'missing-bias',
      title: 'bias not added',
      hint: 'Every token is patch · W plus the bias b; check that b is added to every row.',
      compute: (image: Tensor3, W: Matrix, b: Vector, p: number) => patchEmbed(image, W, b.map(() => 0), p),
    },
    {
      id: 'column-major-patch-order',
      title: 'patches listed column by column',
      hint: 'Tokens come in raster order over the patch grid: the top row of patches from left to right, then the next row.',
      compute: (image: Tensor3, W: Matrix, b: Vector, p: number) => patchEmbed(image, W, b, p, { grid: 'column' }),
    },
  ],
});
