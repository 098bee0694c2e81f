import { frequency, shiftMatrix } from '../../../engine/index.ts';
import type { Rng } from '../../../engine/random.ts';
import type { Matrix } from '../../../engine/types.ts';
import { defineExercise, type CaseSpec } from '../../types.ts';

/**
 * The right block structure with block i turning at `freq(i)` instead of w_i = 10000^(-2i/d).
 * (The engine's shiftMatrix has no frequency option.)
 */
function shiftWithFrequency(k: number, dModel: number, freq: (i: number) => number): Matrix {
  const M: Matrix = Array.from({ length: dModel }, () => new Array<number>(dModel).fill(0));
  for (let i = 0; i < dModel / 2; i++) {
    const c = Math.cos(k * freq(i));
    const s = Math.sin(k * freq(i));
    M[2 * i][2 * i] = c;
    M[2 * i][2 * i + 1] = s;
    M[2 * i + 1][2 * i] = -s;
    M[2 * i + 1][2 * i + 1] = c;
  }
  return M;
}

const even = (rng: Rng, lo: number, hi: number) => 2 * rng.int(lo / 2, hi / 2);

export default defineExercise({
  id: 'position/relative-shift',
  title: 'Relative positions are rotations',
  order: 2,
  prerequisites: ['position/sinusoidal', 'foundations/matmul'],
  functionName: 'shiftMatrix',
  reference: shiftMatrix,
  points: 10,
  helpers: [],
  hints: [
    'Start from a dModel x dModel matrix of zeros and fill only the 2 x 2 blocks on the diagonal: rows and columns 2i and 2i + 1.',
    'Block i rotates by the angle k w_i with the same w_i = 10000^(-2i/dModel) as the encoding. Write out sin(a + b) and cos(a + b) to see which entry gets +sin and which gets -sin.',
    'Test your matrix: multiplying it by the encoding of position 1 (as a column vector) must give the encoding of position 1 + k, and k = 0 must give the identity.',
  ],
  visibleCases: () => [
    { name: 'k = 1, dModel 4', args: [1, 4] },
    { name: 'k = 3, dModel 2', args: [3, 2] },
    { name: 'k = -2, dModel 4', args: [-2, 4] },
  ],
  hiddenCases: (rng: Rng): CaseSpec[] => [
    { name: 'k = 0 is the identity', args: [0, even(rng, 4, 10)] },
    { name: 'negative offset', args: [-rng.int(1, 9), even(rng, 4, 12)] },
    { name: 'large negative offset', args: [-rng.int(50, 500), even(rng, 6, 16)] },
    { name: 'dModel 2', args: [rng.int(2, 40), 2] },
    { name: 'dModel 2, negative offset', args: [-rng.int(1, 40), 2] },
    { name: 'small offset, wider model', args: [rng.int(1, 4), even(rng, 8, 16)] },
    { name: 'large offset', args: [rng.int(100, 1000), even(rng, 6, 12)] },
    { name: 'wide model', args: [rng.int(5, 60) * rng.pick([1, -1]), even(rng, 32, 64)] },
  ],
  misconceptions: [
    {
      id: 'transposed-rotation',
      title: 'the -sin in the wrong row (rotates by -k)',
      hint: 'The pair is ordered (sin, cos). From sin(a + b) = sin a cos b + cos a sin b, the first row of each block is [cos, +sin] and the second [-sin, cos]. With the signs the other way round the matrix shifts by -k instead of +k.',
      compute: (k: number, dModel: number) => shiftMatrix(k, dModel, { transposed: true }),
    },
    {
      id: 'frequency-without-2',
      title: 'block i uses 10000^(-i/dModel)',
      hint: 'Block i must turn at exactly the frequency of the columns it acts on, w_i = 10000^(-2i/dModel), the same as in the encoding. Check the exponent: with i the block (pair) index, it needs the factor 2.',
      compute: (k: number, dModel: number) => shiftWithFrequency(k, dModel, (i) => frequency(i, dModel, 'i')),
    },
    {
      id: 'frequency-of-column-doubled',
      title: 'block starting at column j uses 10000^(-2j/dModel)',
      hint: 'If you loop over the first column j = 2i of each block, the exponent is j / dModel, not 2j / dModel: the 2 is already in j. Each block must turn at the frequency of the columns it acts on.',
      compute: (k: number, dModel: number) => shiftWithFrequency(k, dModel, (i) => frequency(i, dModel, 'column', 4 * i)),
    },
  ],
});
