import { largeLogits, matrix } from '../../../engine/generate.ts';
import { softmax } from '../../../engine/softmax.ts';
import { shortMatrix } from '../../cases.ts';
import type { Matrix } from '../../../engine/types.ts';
import { defineExercise } from '../../types.ts';

export default defineExercise({
  id: 'foundations/softmax',
  title: 'Softmax',
  order: 4,
  prerequisites: [],
  functionName: 'softmax',
  reference: softmax,
  points: 10,
  helpers: [],
  hints: [
    'Work one row at a time: the output row has the same length, and its entries add up to 1.',
    'Each output entry is exp(x) divided by the sum of exp over the same row (not over the column, not over the whole matrix).',
    'Before exponentiating, subtract the largest entry of the row from every entry: the result is the same, and exp never overflows.',
  ],
  visibleCases: (rng) => [
    { name: 'one row', args: [[[1, 2, 3]]] },
    { name: '2 x 4', args: [shortMatrix(rng, 2, 4)] },
    { name: 'large logits', args: [[[1000, 1001, 1002], [-1000, -1001, -1002]]] },
  ],
  hiddenCases: (rng) => {
    const mixed = largeLogits(rng, 3, 5);
    return [
      { name: 'random 3 x 5', args: [matrix(rng, 3, 5, 3)] },
      { name: 'logits near +1000 and -1000', args: [mixed] },
      { name: 'every logit near +1000', args: [matrix(rng, 2, 4, 3).map((r) => r.map((x) => x + 1000))] },
      { name: 'every logit near -1000', args: [matrix(rng, 2, 4, 3).map((r) => r.map((x) => x - 1000))] },
      { name: 'equal logits', args: [[new Array(6).fill(rng.uniform(-2, 2))]] },
      { name: 'a single column', args: [matrix(rng, 4, 1, 5)] },
      { name: 'one wide row', args: [matrix(rng, 1, 40, 4)] },
      { name: 'spread-out logits', args: [matrix(rng, 5, 3, 30)] },
    ];
  },
  misconceptions: [
    {
      id: 'no-max-subtraction',
      title: 'exp without subtracting the row maximum',
      hint: 'Some rows come out as NaN or Infinity: Math.exp(1000) overflows. Subtract the row maximum from every logit before exponentiating; the probabilities do not change.',
      compute: (x: Matrix) => softmax(x, { stable: false }),
    },
    {
      id: 'wrong-axis',
      title: 'normalising each column instead of each row',
      hint: 'Your columns sum to 1, but each row should: the softmax of row i uses only the entries of row i.',
      compute: (x: Matrix) => softmax(x, { axis: 'columns' }),
    },
  ],
});
