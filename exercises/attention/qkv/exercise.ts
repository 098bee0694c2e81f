import { projectQKV } from '../../../engine/attention.ts';
import { matrix, weight } from '../../../engine/generate.ts';
import type { Matrix } from '../../../engine/types.ts';
import { shortMatrix } from '../../cases.ts';
import { defineExercise } from '../../types.ts';

export default defineExercise({
  id: 'attention/qkv',
  title: 'Queries, keys and values',
  order: 1,
  prerequisites: ['foundations/matmul'],
  functionName: 'projectQKV',
  reference: projectQKV,
  points: 10,
  helpers: ['matmul'],
  hints: [
    'Three independent matrix products, one per role, all starting from the same X.',
    'Weights act on the right: Q = X Wq is (n x d_model) times (d_model x d_k), X on the left and Wq on the right, giving n x d_k.',
    'Return an object with exactly the keys Q, K and V; V uses Wv and may be wider or narrower than Q and K.',
  ],
  visibleCases: (rng) => [
    {
      name: 'the worked example',
      args: [[[1, 0], [0, 2]], [[1, 1], [0, 1]], [[0, 1], [1, 0]], [[2, 0], [0, 0.5]]],
    },
    {
      name: 'n = 3, d_model = 4, d_k = 2, d_v = 3',
      args: [shortMatrix(rng, 3, 4), shortMatrix(rng, 4, 2, 1), shortMatrix(rng, 4, 2, 1), shortMatrix(rng, 4, 3, 1)],
    },
  ],
  hiddenCases: (rng) => {
    const qkv = (n: number, d: number, dk: number, dv: number) => [matrix(rng, n, d), weight(rng, d, dk), weight(rng, d, dk), weight(rng, d, dv)];
    return [
      { name: 'one token', args: qkv(1, 4, 3, 2) },
      { name: 'd_model = 1', args: qkv(5, 1, 2, 2) },
      { name: 'square weights', args: qkv(4, 5, 5, 5) },
      { name: 'd_v wider than d_k', args: qkv(3, 6, 2, 7) },
      { name: 'a longer sequence', args: qkv(9, 16, 4, 4) },
      { name: 'large inputs', args: [matrix(rng, 3, 4, 100), weight(rng, 4, 3), weight(rng, 4, 3), weight(rng, 4, 3)] },
    ];
  },
  misconceptions: [
    {
      id: 'keys-from-query-weights',
      title: 'K computed with Wq',
      hint: 'Your keys equal your queries. Each role has its own weights: K = X Wk.',
      compute: (X: Matrix, Wq: Matrix, Wk: Matrix, Wv: Matrix) => ({ ...projectQKV(X, Wq, Wk, Wv), K: projectQKV(X, Wq, Wq, Wv).Q }),
    },
    {
      id: 'values-unprojected',
      title: 'the values are the inputs themselves',
      hint: 'Your V is X unchanged. Values get their own learned projection, V = X Wv, like queries and keys.',
      compute: (X: Matrix, Wq: Matrix, Wk: Matrix, Wv: Matrix) => ({ ...projectQKV(X, Wq, Wk, Wv), V: X.map((row) => row.slice()) }),
    },
  ],
});
