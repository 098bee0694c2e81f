import type { Rng } from '../../../engine/random.ts';
import { defineQuestion, EXACT_NUMBER, texNumber } from '../../question-types.ts';

interface Params {
  size: number;
  channels: number;
  kernelSize: number;
  stride: number;
  padding: number;
  outChannels: number;
}

const outSize = (p: Params, padding = p.padding) => Math.floor((p.size + 2 * padding - p.kernelSize) / p.stride) + 1;

function draw(rng: Rng): Params {
  for (;;) {
    const p = {
      size: rng.int(8, 64),
      channels: rng.pick([1, 3, 8, 16]),
      kernelSize: rng.pick([3, 5, 7]),
      stride: rng.pick([1, 2, 2, 3]),
      padding: rng.int(1, 3),
      outChannels: rng.pick([8, 16, 32, 64]),
    };
    // the classic mistakes must give different sizes: no padding, no +1, and the input side
    if (p.size >= p.kernelSize && outSize(p) !== p.size && outSize(p, 0) !== outSize(p) - 1) return p;
  }
}

const params = (p: Params) => p.outChannels * p.channels * p.kernelSize ** 2 + p.outChannels;
const flops = (p: Params, side = outSize(p), perMultiplyAdd = 2) => perMultiplyAdd * p.channels * p.kernelSize ** 2 * p.outChannels * side * side;

export default defineQuestion<Params>({
  id: 'vision/conv-output',
  title: 'Output size, parameters and FLOPs of a convolution',
  order: 3,
  exercises: ['vision/conv2d', 'vision/cost-model'],
  parts: [
    { name: 'outSize', kind: 'number', label: 'the side of the output feature map', points: 4, tolerance: EXACT_NUMBER },
    { name: 'params', kind: 'number', label: 'the parameters of the layer, weights and biases', points: 3, tolerance: EXACT_NUMBER },
    { name: 'flops', kind: 'number', label: 'the FLOPs of the layer on one image', points: 3, tolerance: EXACT_NUMBER },
  ],
  generate: draw,
  answer: (p) => ({ outSize: outSize(p), params: params(p), flops: flops(p) }),
  worked: (p) => ({ numerator: p.size + 2 * p.padding - p.kernelSize, paramsTex: texNumber(params(p)), flopsTex: texNumber(flops(p)), k2: p.kernelSize ** 2 }),
  misconceptions: [
    {
      id: 'padding-forgotten',
      part: 'outSize',
      title: 'the padding not counted',
      hint: 'Padding adds p rows and columns on each side: the padded side is H + 2p.',
      compute: (p) => outSize(p, 0),
    },
    {
      id: 'no-plus-one',
      part: 'outSize',
      title: 'the +1 forgotten',
      hint: 'Count the kernel positions: the first sits at 0, then one every stride while the kernel fits, floor((H + 2p − k) / s) + 1 in all.',
      compute: (p) => outSize(p) - 1,
    },
    {
      id: 'bias-forgotten',
      part: 'params',
      title: 'the biases not counted',
      hint: 'Each output channel has one bias besides its C k² weights.',
      compute: (p) => params(p) - p.outChannels,
    },
    {
      id: 'multiply-adds-as-flops',
      part: 'flops',
      title: 'a multiply-add counted as one FLOP',
      hint: 'Each output value takes C k² multiply-adds, and a multiply-add is 2 FLOPs.',
      compute: (p) => flops(p, outSize(p), 1),
    },
    {
      id: 'input-size',
      part: 'flops',
      title: 'the input side used for the output',
      hint: 'The cost is per output value: use the output side, which the stride and padding change.',
      compute: (p) => flops(p, p.size),
    },
  ],
});
