import { gelu, generate } from '../../../engine/index.ts';
import type { Rng } from '../../../engine/random.ts';
import type { Matrix } from '../../../engine/types.ts';
import { defineExercise, type CaseSpec } from '../../types.ts';

const { gaussianMatrix, matrix } = generate;

/** Entries with |x| in [lo, hi] and random signs. */
function magnitudes(rng: Rng, rows: number, cols: number, lo: number, hi: number): Matrix {
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => rng.uniform(lo, hi) * (rng.bool() ? 1 : -1)));
}

export default defineExercise({
  id: 'transformer/gelu',
  title: 'GELU, the tanh form',
  order: 2,
  prerequisites: ['transformer/layer-norm'],
  functionName: 'gelu',
  reference: gelu,
  points: 10,
  helpers: [],
  hints: [
    'GELU acts on each entry on its own: map every row, and every value in it, through the same scalar function.',
    'The formula is 0.5 x (1 + tanh(sqrt(2 / pi) (x + 0.044715 x^3))). Check GELU(1) = 0.841192 (the erf form would give 0.841345).',
  ],
  visibleCases: () => [
    { name: 'the worked example', args: [[[-3, -1, 0, 1, 2]]] },
    { name: '2 x 2', args: [[[0.5, -0.5], [1.5, -2.5]]] },
  ],
  hiddenCases: (rng: Rng): CaseSpec[] => [
    { name: 'random', args: [matrix(rng, 3, 4, 3)] },
    { name: 'where the erf and tanh forms differ most', args: [magnitudes(rng, 2, 5, 2, 3.5)] },
    { name: 'large magnitudes', args: [[[...magnitudes(rng, 1, 4, 8, 40)[0], 1000, -1000]]] },
    { name: 'all zeros', args: [[[0, 0, 0], [0, 0, 0]]] },
    { name: 'a single entry', args: [[[rng.uniform(-4, 4)]]] },
    { name: 'small values', args: [matrix(rng, 2, 4, 1e-3)] },
    { name: 'odd shape', args: [gaussianMatrix(rng, 5, 7, 2)] },
  ],
  misconceptions: [
    {
      id: 'erf-form',
      title: 'the exact (erf) GELU instead of the tanh form',
      hint: 'This exercise asks for the tanh approximation, 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))). The erf form x Phi(x) is a different function; the two differ by up to about 5e-4, far beyond the tolerance.',
      compute: (x: Matrix) => gelu(x, { form: 'erf' }),
    },
    {
      id: 'relu',
      title: 'ReLU instead of GELU',
      hint: 'GELU is not max(0, x): it is smooth at 0 and lets a little negative signal through (GELU(-1) is about -0.159).',
      compute: (x: Matrix) => gelu(x, { form: 'relu' }),
    },
    {
      id: 'sigmoid-approximation',
      title: 'the sigmoid approximation x sigmoid(1.702 x)',
      hint: 'x sigmoid(1.702 x) is another approximation of GELU, coarser than the tanh form. Use the tanh formula with the 0.044715 x^3 term.',
      compute: (x: Matrix) => gelu(x, { form: 'sigmoid' }),
    },
  ],
});
