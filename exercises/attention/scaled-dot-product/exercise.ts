import { attention, attentionMask } from '../../../engine/attention.ts';
import { causalMask, matrix, paddingMask, randomMask } from '../../../engine/generate.ts';
import type { Mask, Matrix } from '../../../engine/types.ts';
import { shortMatrix } from '../../cases.ts';
import { defineExercise } from '../../types.ts';

export default defineExercise({
  id: 'attention/scaled-dot-product',
  title: 'Scaled dot-product attention',
  order: 3,
  prerequisites: ['attention/scores', 'foundations/softmax'],
  functionName: 'attention',
  reference: attention,
  points: 10,
  helpers: ['matmul', 'transpose', 'softmax'],
  hints: [
    'Three steps: scores = Q K^T / sqrt(d_k) (n x m), weights = softmax of each row of scores, output = weights V (n x d_v).',
    'Each row of the weights belongs to one query and must sum to 1 over the keys: use softmax on the n x m scores as they are, not on their transpose.',
    'Apply the mask to the scores before the softmax: a forbidden score becomes -Infinity, so its weight is exactly 0 and the rest still sum to 1.',
  ],
  visibleCases: (rng) => [
    { name: 'the worked example', args: [[[1, 0], [0, 1]], [[1, 1], [2, 0], [0, 1]], [[1, 0], [0, 1], [1, 1]]] },
    {
      name: 'the worked example with a mask',
      args: [[[1, 0], [0, 1]], [[1, 1], [2, 0], [0, 1]], [[1, 0], [0, 1], [1, 1]], [[true, true, false], [true, false, false]]],
    },
    { name: 'causal, 3 tokens, d = 2', args: [shortMatrix(rng, 3, 2), shortMatrix(rng, 3, 2), shortMatrix(rng, 3, 2), causalMask(3)] },
  ],
  hiddenCases: (rng) => [
    { name: 'self-attention, no mask', args: [matrix(rng, 5, 4), matrix(rng, 5, 4), matrix(rng, 5, 4)] },
    { name: 'causal mask', args: [matrix(rng, 6, 8), matrix(rng, 6, 8), matrix(rng, 6, 8), causalMask(6)] },
    { name: 'padding mask', args: [matrix(rng, 5, 4), matrix(rng, 5, 4), matrix(rng, 5, 4), paddingMask(5, 5, 3)] },
    { name: 'padding and causal', args: [matrix(rng, 6, 4), matrix(rng, 6, 4), matrix(rng, 6, 4), attentionMask(6, 4, true)] },
    {
      name: 'cross-attention, d_v != d_k, random mask',
      args: [matrix(rng, 3, 4), matrix(rng, 7, 4), matrix(rng, 7, 5), randomMask(rng, 3, 7)],
    },
    // scores near +-1000: only a softmax that subtracts the row max stays finite
    { name: 'large scores', args: [matrix(rng, 4, 4, 25), matrix(rng, 5, 4, 25), matrix(rng, 5, 3)] },
    { name: 'one key', args: [matrix(rng, 4, 3), matrix(rng, 1, 3), matrix(rng, 1, 2)] },
    { name: 'one query, wide head', args: [matrix(rng, 1, 16), matrix(rng, 6, 16), matrix(rng, 6, 4), randomMask(rng, 1, 6)] },
    { name: 'd_k = 1', args: [matrix(rng, 4, 1, 3), matrix(rng, 4, 1, 3), matrix(rng, 4, 2), causalMask(4)] },
  ],
  misconceptions: [
    {
      id: 'missing-scale',
      title: 'attention without the 1/sqrt(d_k) scale',
      hint: 'Your weights are too peaked: the scores must be divided by sqrt(d_k) before the softmax, or wide heads saturate.',
      compute: (Q: Matrix, K: Matrix, V: Matrix, mask?: Mask) => attention(Q, K, V, mask, { scale: false }),
    },
    {
      id: 'softmax-over-queries',
      title: 'softmax over the wrong axis (over the queries)',
      hint: 'Your weights sum to 1 down each column. Each query distributes its attention over the keys: normalise each row of the n x m scores.',
      compute: (Q: Matrix, K: Matrix, V: Matrix, mask?: Mask) => attention(Q, K, V, mask, { softmaxAxis: 'queries' }),
    },
    {
      id: 'mask-after-softmax',
      title: 'mask applied after the softmax',
      hint: 'Masked keys must be removed before the softmax (score = -Infinity). Zeroing weights afterwards leaves rows that no longer sum to 1.',
      compute: (Q: Matrix, K: Matrix, V: Matrix, mask?: Mask) => attention(Q, K, V, mask, { maskAfterSoftmax: true }),
    },
  ],
});
