import { feedForward, gelu, generate, linear } from '../../../engine/index.ts';
import type { Rng } from '../../../engine/random.ts';
import type { Matrix, Vector } from '../../../engine/types.ts';
import { defineExercise, type CaseSpec } from '../../types.ts';

const { bias, matrix, weight } = generate;

function ffnCase(rng: Rng, name: string, x: Matrix, dFF: number): CaseSpec {
  const d = x[0].length;
  return { name, args: [x, weight(rng, d, dFF), bias(rng, dFF), weight(rng, dFF, d), bias(rng, d)] };
}

export default defineExercise({
  id: 'transformer/feed-forward',
  title: 'The position-wise feed-forward network',
  order: 3,
  prerequisites: ['foundations/matmul', 'transformer/gelu'],
  functionName: 'feedForward',
  reference: feedForward,
  points: 10,
  helpers: ['matmul', 'gelu'],
  hints: [
    'Three steps: x W1 + b1 (n x d_ff), then GELU on every entry, then that times W2 plus b2 (n x d).',
    'Each bias is added to every row of its product: b1 has d_ff entries, b2 has d.',
    'The nonlinearity sits between the two matrices: after the first bias, before W2.',
  ],
  visibleCases: () => [
    {
      name: 'the worked example',
      args: [[[1, -1]], [[1, 0, 0.5], [0, 1, 0.5]], [0, 0, -1], [[1, 0], [0, 1], [1, -1]], [0.1, 0.1]],
    },
    {
      name: '2 tokens, d 2, d_ff 4',
      args: [[[0.5, 2], [-1, 0]], [[1, -1, 0.5, 0], [0.5, 0.5, -1, 1]], [0.1, 0, -0.2, 0.3], [[1, 0], [0, 1], [-0.5, 0.5], [1, 1]], [0, -0.1]],
    },
  ],
  hiddenCases: (rng: Rng): CaseSpec[] => [
    ffnCase(rng, 'random', matrix(rng, 3, 4, 1.5), 16),
    ffnCase(rng, 'a single token', matrix(rng, 1, 6, 1.5), 24),
    ffnCase(rng, 'hidden width 1', matrix(rng, 3, 4, 1.5), 1),
    ffnCase(rng, 'an all-zero input', [[0, 0, 0, 0], [0, 0, 0, 0]], 8),
    ffnCase(rng, 'odd sizes', matrix(rng, 5, 3, 1.5), 7),
    ffnCase(rng, 'large inputs', matrix(rng, 3, 4, 4), 8),
  ],
  misconceptions: [
    {
      id: 'relu',
      title: 'ReLU between the layers',
      hint: 'The activation is GELU (tanh form), not max(0, x): it is smooth and lets small negative values through. Call the gelu helper on the hidden layer.',
      compute: (x: Matrix, W1: Matrix, b1: Vector, W2: Matrix, b2: Vector) => feedForward(x, W1, b1, W2, b2, { activation: 'relu' }),
    },
    {
      id: 'missing-first-bias',
      title: 'b1 left out',
      hint: 'Add b1 to every row of x W1 before the activation. Without it an all-zero token always maps to b2.',
      compute: (x: Matrix, W1: Matrix, _b1: Vector, W2: Matrix, b2: Vector) => linear(gelu(linear(x, W1)), W2, b2),
    },
    {
      id: 'missing-second-bias',
      title: 'b2 left out',
      hint: 'The second layer has its own bias: add b2 to every row of the final product.',
      compute: (x: Matrix, W1: Matrix, b1: Vector, W2: Matrix, b2: Vector) => feedForward(x, W1, b1, W2, b2, { secondBias: false }),
    },
    {
      id: 'gelu-before-w1',
      title: 'GELU applied to the input instead of the hidden layer',
      hint: 'GELU goes between the two layers, on x W1 + b1. Applied to x itself it leaves two linear maps in a row, which collapse into one.',
      compute: (x: Matrix, W1: Matrix, b1: Vector, W2: Matrix, b2: Vector) => linear(linear(gelu(x), W1, b1), W2, b2),
    },
  ],
});
