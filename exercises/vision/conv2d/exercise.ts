import { kernel, tensor3, vector } from '../../../engine/generate.ts';
import { conv2d } from '../../../engine/vision.ts';
import type { Kernel, Tensor3, Vector } from '../../../engine/types.ts';
import type { Rng } from '../../../engine/random.ts';
import { roundAll } from '../../cases.ts';
import { defineExercise } from '../../types.ts';

/** One case: a C x H x W image, O filters of k x k, a bias per filter. */
function convCase(rng: Rng, name: string, C: number, H: number, W: number, O: number, k: number, stride: number, padding: number) {
  const r = rng.fork(name);
  return { name, args: [tensor3(r, C, H, W), kernel(r, O, C, k), vector(r, O, 0.5), stride, padding] };
}

export default defineExercise({
  id: 'vision/conv2d',
  title: 'Convolution: the local view of an image',
  order: 1,
  prerequisites: ['foundations/dot-product'],
  functionName: 'conv2d',
  reference: conv2d,
  points: 10,
  helpers: [],
  hints: [
    'Compute the output size first: floor((H + 2·padding − k) / stride) + 1 rows, and the same with W for the columns.',
    'The window of output (oy, ox) starts at row oy·stride − padding and column ox·stride − padding of the unpadded image; a tap that lands outside the image reads 0.',
    'Slide the kernel as it is: tap [ky][kx] multiplies the pixel ky rows below and kx columns right of the window corner, summed over every input channel, plus the filter\'s bias.',
  ],
  visibleCases: (rng) => {
    const image: Tensor3 = [[[1, 2, 0], [0, 1, 3], [2, 1, 1]]];
    const k: Kernel = [[[[1, 2], [0, -1]]]];
    const b: Vector = [0.5];
    const r = rng.fork('two-channels');
    return [
      { name: 'worked-example', args: [image, k, b, 1, 0] },
      { name: 'worked-example-stride-2-padding-1', args: [image, k, b, 2, 1] },
      {
        name: 'two-channels-padding-1',
        args: [roundAll(tensor3(r, 2, 3, 4, 3), 0), roundAll(kernel(r, 2, 2, 3, 1), 1), [0.1, -0.2], 1, 1],
      },
    ];
  },
  hiddenCases: (rng) => [
    convCase(rng, 'three-channels-same-padding', 3, 6, 6, 2, 3, 1, 1),
    convCase(rng, 'stride-2-padding-1', 2, 7, 7, 3, 3, 2, 1),
    convCase(rng, 'one-by-one-kernel-non-square', 4, 5, 3, 2, 1, 1, 0),
    convCase(rng, 'non-square-stride-2', 1, 5, 8, 2, 2, 2, 0),
    convCase(rng, 'non-square-padding-2', 2, 4, 7, 1, 3, 1, 2),
    convCase(rng, 'stride-3-uneven-fit', 3, 8, 10, 2, 3, 3, 1),
    convCase(rng, 'one-by-one-kernel-padding-1-stride-2', 2, 4, 5, 3, 1, 2, 1),
    convCase(rng, 'kernel-covers-image', 2, 3, 3, 2, 3, 1, 0),
  ],
  misconceptions: [
    {
      id: 'flipped-kernel',
      title: 'the kernel flipped (a textbook convolution)',
      hint: 'Deep-learning convolution is cross-correlation: tap [0][0] of the kernel meets the top-left pixel of the window. Do not reverse the kernel rows or columns.',
      compute: (image: Tensor3, k: Kernel, b: Vector, stride: number, padding: number) => conv2d(image, k, b, stride, padding, { flipKernel: true }),
    },
    {
      id: 'padding-ignored',
      title: 'padding ignored',
      hint: 'Your output matches a convolution without padding. Padding adds `padding` rings of zeros around the image: it enlarges the output and moves every window up and left by `padding`.',
      compute: (image: Tensor3, k: Kernel, b: Vector, stride: number) => conv2d(image, k, b, stride, 0),
    },
    {
      id: 'stride-ignored',
      title: 'stride ignored',
      hint: 'Your output matches a convolution with stride 1. With stride s, neighbouring outputs are s pixels apart: window (oy, ox) starts at row oy·s − padding.',
      compute: (image: Tensor3, k: Kernel, b: Vector, _stride: number, padding: number) => conv2d(image, k, b, 1, padding),
    },
  ],
});
