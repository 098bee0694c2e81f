import { generate, layerNorm } from '../../../engine/index.ts';
import type { Rng } from '../../../engine/random.ts';
import type { Matrix, Vector } from '../../../engine/types.ts';
import { defineExercise, type CaseSpec } from '../../types.ts';

const { layerNormParams, matrix } = generate;

function lnCase(rng: Rng, name: string, x: Matrix, eps: number): CaseSpec {
  const { gamma, beta } = layerNormParams(rng, x[0].length);
  return { name, args: [x, gamma, beta, eps] };
}

/** Rows of n x d values around `center` with spread `spread`. */
function rowsAround(rng: Rng, n: number, d: number, center: number, spread: number): Matrix {
  return matrix(rng, n, d, spread).map((row) => row.map((v) => center + v));
}

export default defineExercise({
  id: 'transformer/layer-norm',
  title: 'Layer normalisation',
  order: 1,
  prerequisites: ['attention/multi-head'],
  functionName: 'layerNorm',
  reference: layerNorm,
  points: 10,
  helpers: [],
  hints: [
    'Work one row at a time: the mean and the variance are taken over the d features of a single token, never down a column.',
    'The variance divides the summed squared deviations by d (the biased variance), not by d - 1.',
    'eps goes inside the square root: divide by sqrt(variance + eps). Then multiply feature j by gamma[j] and add beta[j].',
  ],
  visibleCases: () => [
    { name: 'the worked example', args: [[[1, 2, 3, 4]], [2, 1, 1, 1], [0, 0, 0, 0.5], 1e-5] },
    { name: '2 tokens, 3 features', args: [[[0.5, -1, 2], [3, 3.5, 1]], [1, 0.5, 2], [0.1, 0, -0.2], 1e-5] },
    { name: 'a large eps', args: [[[0.2, 0.4, -0.1, 0.3]], [1, 1, 1, 1], [0, 0, 0, 0], 0.1] },
  ],
  hiddenCases: (rng: Rng): CaseSpec[] => {
    const withConstant = matrix(rng, 3, 4, 2);
    withConstant[1] = new Array<number>(4).fill(rng.uniform(-3, 3)); // variance 0: the output is beta
    return [
      lnCase(rng, 'random rows', matrix(rng, 3, 5, 2), 1e-5),
      lnCase(rng, 'rows with a small spread', rowsAround(rng, 3, 6, rng.uniform(-1, 1), 0.02), 1e-3),
      lnCase(rng, 'a constant row', withConstant, 1e-5),
      lnCase(rng, 'a large eps', matrix(rng, 2, 6, 1), 0.5),
      lnCase(rng, 'two features per row', matrix(rng, 4, 2, 3), 1e-5),
      lnCase(rng, 'a single row', matrix(rng, 1, 8, 2), 1e-5),
      lnCase(rng, 'a large offset', rowsAround(rng, 3, 5, 100, 3), 1e-5),
      lnCase(rng, 'odd sizes', matrix(rng, 5, 7, 3), 1e-5),
    ];
  },
  misconceptions: [
    {
      id: 'unbiased-variance',
      title: 'variance divided by d - 1',
      hint: 'Layer norm uses the biased variance: the mean of the squared deviations, dividing by d. Dividing by d - 1 (the sample-variance estimate) gives a different, smaller normalisation.',
      compute: (x: Matrix, gamma: Vector, beta: Vector, eps: number) => layerNorm(x, gamma, beta, eps, { variance: 'unbiased' }),
    },
    {
      id: 'eps-outside-sqrt',
      title: 'eps added after the square root',
      hint: 'eps belongs inside the square root: divide by sqrt(variance + eps), not by sqrt(variance) + eps. The difference is largest when a row\'s variance is small or eps is large.',
      compute: (x: Matrix, gamma: Vector, beta: Vector, eps: number) => layerNorm(x, gamma, beta, eps, { epsPlacement: 'outside' }),
    },
    {
      id: 'normalised-columns',
      title: 'statistics taken down the columns',
      hint: 'Each row is one token: take the mean and variance across that row\'s features. Normalising each feature across the tokens is batch norm\'s axis, not layer norm\'s.',
      compute: (x: Matrix, gamma: Vector, beta: Vector, eps: number) => layerNorm(x, gamma, beta, eps, { axis: 'columns' }),
    },
  ],
});
