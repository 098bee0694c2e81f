import { tensor3 } from '../../../engine/generate.ts';
import type { Rng } from '../../../engine/random.ts';
import type { Tensor3 } from '../../../engine/types.ts';
import { patchify } from '../../../engine/vision.ts';
import { roundAll } from '../../cases.ts';
import { defineExercise } from '../../types.ts';

function patchCase(rng: Rng, name: string, C: number, H: number, W: number, p: number) {
  return { name, args: [tensor3(rng.fork(name), C, H, W), p] };
}

/** Pixel (c, y, x) holds 10 c + y W + x, so any wrong order is easy to read off the output. */
function labelled(C: number, H: number, W: number): Tensor3 {
  return Array.from({ length: C }, (_, c) => Array.from({ length: H }, (_, y) => Array.from({ length: W }, (_, x) => 10 * c + y * W + x)));
}

export default defineExercise({
  id: 'vision/patchify',
  title: 'Patchify: an image as a sequence of words',
  order: 2,
  prerequisites: ['vision/conv2d'],
  functionName: 'patchify',
  reference: patchify,
  points: 10,
  helpers: [],
  hints: [
    'The grid of patches has H / p rows and W / p columns; visit it row by row, left to right, so the patch in grid row r and column q is token r·(W / p) + q.',
    'Inside a patch, loop channel outermost, then y, then x: all p·p values of channel 0 come before any value of channel 1.',
    'Pixel (y, x) of the patch in grid row r, column q is image[c][r·p + y][q·p + x].',
  ],
  visibleCases: (rng) => [
    { name: 'worked-example', args: [labelled(2, 2, 4), 2] },
    { name: 'one-channel-4x4', args: [labelled(1, 4, 4), 2] },
    { name: 'three-channels', args: [roundAll(tensor3(rng.fork('three-channels'), 3, 2, 4), 1), 2] },
  ],
  hiddenCases: (rng) => [
    patchCase(rng, 'rgb-4x4-grid', 3, 8, 8, 2),
    patchCase(rng, 'grey-tall-grid', 1, 6, 4, 2),
    patchCase(rng, 'one-row-of-patches', 2, 4, 8, 4),
    patchCase(rng, 'rgb-3x2-grid', 3, 9, 6, 3),
    patchCase(rng, 'single-patch', 2, 3, 3, 3),
    patchCase(rng, 'pixel-patches', 4, 4, 4, 1),
    patchCase(rng, 'wide-rgb-p5', 3, 10, 15, 5),
  ],
  misconceptions: [
    {
      id: 'channels-last-flattening',
      title: 'patches flattened in (y, x, c) order',
      hint: 'Flatten each patch channel by channel: all p·p values of channel 0 (row by row), then channel 1. Interleaving the channels pixel by pixel is the layout of an image stored height x width x colour, not of a Conv2d weight.',
      compute: (image: Tensor3, p: number) => patchify(image, p, { order: 'yxc' }),
    },
    {
      id: 'column-major-patch-order',
      title: 'patches listed column by column',
      hint: 'List the patches in raster order, like reading a page: the whole top row of patches from left to right, then the next row.',
      compute: (image: Tensor3, p: number) => patchify(image, p, { grid: 'column' }),
    },
  ],
});
