import { attentionScores } from '../../../engine/attention.ts';
import { matrix } from '../../../engine/generate.ts';
import { transpose } from '../../../engine/linalg.ts';
import type { Matrix } from '../../../engine/types.ts';
import { shortMatrix } from '../../cases.ts';
import { defineExercise } from '../../types.ts';

export default defineExercise({
  id: 'attention/scores',
  title: 'Attention scores',
  order: 2,
  prerequisites: ['attention/qkv'],
  functionName: 'attentionScores',
  reference: attentionScores,
  points: 10,
  helpers: ['matmul', 'transpose'],
  hints: [
    'The result has one row per query and one column per key: n x m.',
    'Q K^T is (n x d_k) times (d_k x m): the right factor is K transposed, so that its column j is key j.',
    'Divide every entry by the square root of d_k, the number of columns of Q and K (not by d_k itself).',
  ],
  visibleCases: (rng) => [
    { name: 'the worked example', args: [[[1, 0], [0, 1]], [[1, 1], [2, 0], [0, 1]]] },
    { name: '2 queries, 3 keys, d_k = 4', args: [shortMatrix(rng, 2, 4), shortMatrix(rng, 3, 4)] },
  ],
  hiddenCases: (rng) => {
    const X = matrix(rng, 4, 8);
    return [
      { name: 'more keys than queries', args: [matrix(rng, 3, 4), matrix(rng, 7, 4)] },
      { name: 'more queries than keys', args: [matrix(rng, 6, 5), matrix(rng, 2, 5)] },
      { name: 'one query', args: [matrix(rng, 1, 3), matrix(rng, 5, 3)] },
      { name: 'one key', args: [matrix(rng, 4, 6), matrix(rng, 1, 6)] },
      { name: 'd_k = 1', args: [matrix(rng, 3, 1), matrix(rng, 4, 1)] },
      { name: 'wide heads (d_k = 64)', args: [matrix(rng, 3, 64), matrix(rng, 3, 64)] },
      { name: 'queries equal keys', args: [X, X] },
      { name: 'large values', args: [matrix(rng, 2, 4, 30), matrix(rng, 3, 4, 30)] },
    ];
  },
  misconceptions: [
    {
      id: 'missing-scale',
      title: 'Q K^T without the 1/sqrt(d_k) scale',
      hint: 'Your scores are the raw dot products. Divide them by sqrt(d_k), which keeps their variance near 1 whatever the width.',
      compute: (Q: Matrix, K: Matrix) => attentionScores(Q, K, { scale: false }),
    },
    {
      id: 'divides-by-dk',
      title: 'dividing by d_k instead of sqrt(d_k)',
      hint: 'Your scores are too small: the scale is 1 / sqrt(d_k), not 1 / d_k.',
      compute: (Q: Matrix, K: Matrix) => attentionScores(Q, K, { scaleDim: Q[0].length ** 2 }),
    },
    {
      id: 'transposed-scores',
      title: 'K Q^T instead of Q K^T',
      hint: 'Your table is transposed: row i must belong to query i and column j to key j, an n x m result.',
      compute: (Q: Matrix, K: Matrix) => transpose(attentionScores(Q, K)),
    },
  ],
});
