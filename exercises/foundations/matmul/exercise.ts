import { matmul, transpose } from '../../../engine/linalg.ts';
import { intMatrix, matrix } from '../../../engine/generate.ts';
import { shortMatrix } from '../../cases.ts';
import type { Matrix } from '../../../engine/types.ts';
import { defineExercise } from '../../types.ts';

export default defineExercise({
  id: 'foundations/matmul',
  title: 'Matrix multiplication',
  order: 3,
  prerequisites: ['foundations/dot-product'],
  functionName: 'matmul',
  reference: matmul,
  points: 10,
  helpers: [],
  hints: [
    'The result has A.length rows and B[0].length columns.',
    'Entry (i, j) is the dot product of row i of A with column j of B: sum over t of A[i][t] * B[t][j].',
    'The sum over t runs over all A[0].length (= B.length) terms, the size the two matrices share.',
  ],
  visibleCases: (rng) => [
    { name: '2 x 2 times 2 x 3', args: [[[1, 2], [3, 4]], [[1, 0, 2], [0, 1, -1]]] },
    { name: '2 x 3 times 3 x 2', args: [shortMatrix(rng, 2, 3), shortMatrix(rng, 3, 2)] },
    { name: 'row times column', args: [[[1, 2, 3]], [[4], [5], [6]]] },
  ],
  hiddenCases: (rng) => {
    const square = matrix(rng, 4, 4);
    const identity = square.map((row, i) => row.map((_, j) => (i === j ? 1 : 0)));
    return [
      { name: '1 x 1', args: [matrix(rng, 1, 1, 3), matrix(rng, 1, 1, 3)] },
      { name: 'outer product (4 x 1 times 1 x 5)', args: [matrix(rng, 4, 1), matrix(rng, 1, 5)] },
      { name: 'inner product (1 x 6 times 6 x 1)', args: [matrix(rng, 1, 6), matrix(rng, 6, 1)] },
      { name: 'tall times wide (5 x 2 times 2 x 7)', args: [matrix(rng, 5, 2), matrix(rng, 2, 7)] },
      { name: 'odd sizes (3 x 7 times 7 x 2)', args: [intMatrix(rng, 3, 7), intMatrix(rng, 7, 2)] },
      { name: 'identity on the right', args: [square, identity] },
      { name: 'square 9 x 9', args: [matrix(rng, 9, 9), matrix(rng, 9, 9)] },
      { name: 'wide inner size (2 x 33 times 33 x 3)', args: [matrix(rng, 2, 33), matrix(rng, 33, 3)] },
    ];
  },
  misconceptions: [
    {
      id: 'transposed-result',
      title: 'rows and columns of the result swapped',
      hint: 'Your result looks like the transpose of A B: it should have one row per row of A and one column per column of B, with C[i][j] built from row i of A and column j of B.',
      compute: (A: Matrix, B: Matrix) => transpose(matmul(A, B)),
    },
    {
      id: 'inner-loop-off-by-one',
      title: 'the inner sum stops one term early',
      hint: 'Your entries seem to miss one product. The sum over t must include every index from 0 to A[0].length - 1.',
      compute: (A: Matrix, B: Matrix) =>
        A[0].length === 1
          ? A.map(() => B[0].map(() => 0))
          : matmul(
              A.map((row) => row.slice(0, -1)),
              B.slice(0, -1),
            ),
    },
  ],
});
