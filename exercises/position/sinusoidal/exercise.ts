import { sinusoidalEncoding } from '../../../engine/index.ts';
import type { Rng } from '../../../engine/random.ts';
import type { Matrix } from '../../../engine/types.ts';
import { defineExercise, type CaseSpec } from '../../types.ts';

/** The encoding with each (sin, cos) pair swapped: cos in column 2i, sin in 2i + 1. */
function swappedSinCos(seqLen: number, dModel: number): Matrix {
  return sinusoidalEncoding(seqLen, dModel).map((row) => row.map((_, j) => row[j % 2 === 0 ? j + 1 : j - 1]));
}

const even = (rng: Rng, lo: number, hi: number) => 2 * rng.int(lo / 2, hi / 2);

export default defineExercise({
  id: 'position/sinusoidal',
  title: 'Sinusoidal positional encoding',
  order: 1,
  prerequisites: ['attention/scaled-dot-product'],
  functionName: 'sinusoidalEncoding',
  reference: sinusoidalEncoding,
  points: 10,
  helpers: [],
  hints: [
    'Loop over the pairs i = 0 .. dModel/2 - 1, not over the columns: each pair owns one frequency and fills two columns.',
    'The exponent of 10000 is 2i / dModel, where 2i is the index of the pair\'s first column; the cosine column 2i + 1 uses the same angle as its sine.',
    'Check position 0 (it must be 1 in every odd column and 0 in every even one) and the first pair of position 1, which is [sin 1, cos 1].',
  ],
  visibleCases: () => [
    { name: '3 positions, dModel 4', args: [3, 4] },
    { name: '4 positions, dModel 2', args: [4, 2] },
    { name: '2 positions, dModel 6', args: [2, 6] },
  ],
  hiddenCases: (rng: Rng): CaseSpec[] => [
    { name: 'a single position', args: [1, even(rng, 4, 10)] },
    { name: 'dModel 2, odd length', args: [2 * rng.int(2, 5) + 1, 2] },
    { name: 'odd length', args: [2 * rng.int(3, 8) + 1, even(rng, 6, 16)] },
    { name: 'random size', args: [rng.int(2, 20), even(rng, 4, 32)] },
    { name: 'wide model', args: [rng.int(5, 12), even(rng, 64, 128)] },
    { name: 'long sequence', args: [rng.int(80, 160), even(rng, 8, 16)] },
    { name: '32 positions, dModel 64', args: [32, 64] },
  ],
  misconceptions: [
    {
      id: 'concatenated-layout',
      title: 'all sines first, then all cosines',
      hint: 'The layout is interleaved: column 2i holds the sine of pair i and column 2i + 1 its cosine, so the row reads sin, cos, sin, cos. Putting every sine in the first half and every cosine in the second is a different (also used) layout, but not this one.',
      compute: (seqLen: number, dModel: number) => sinusoidalEncoding(seqLen, dModel, { layout: 'concatenated' }),
    },
    {
      id: 'exponent-without-2',
      title: 'exponent i / dModel instead of 2i / dModel',
      hint: 'With i the pair index, the exponent of 10000 is 2i / dModel, so it runs from 0 up to nearly 1 across the row. Dividing only i by dModel makes the slowest pair turn 10000^(1/2 - 1/dModel) times too fast: 10 times at dModel 4, about 87 at dModel 64.',
      compute: (seqLen: number, dModel: number) => sinusoidalEncoding(seqLen, dModel, { exponent: 'i' }),
    },
    {
      id: 'exponent-of-column',
      title: 'each column uses its own index in the exponent',
      hint: 'The sine and the cosine of one pair share a single angle. If the cosine column 2i + 1 puts (2i + 1) / dModel in the exponent, it turns at a different speed from its sine, and the shift-as-rotation property breaks.',
      compute: (seqLen: number, dModel: number) => sinusoidalEncoding(seqLen, dModel, { exponent: 'column' }),
    },
    {
      id: 'sin-cos-swapped',
      title: 'cosine in the even columns, sine in the odd ones',
      hint: 'Even columns (0, 2, 4, ...) hold the sine and odd columns the cosine. A quick check: the row of position 0 must be 0, 1, 0, 1, ...',
      compute: swappedSinCos,
    },
  ],
});
