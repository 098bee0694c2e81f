import { dot } from '../../../engine/linalg.ts';
import { intMatrix, vector } from '../../../engine/generate.ts';
import { shortVector } from '../../cases.ts';
import { defineExercise } from '../../types.ts';

export default defineExercise({
  id: 'foundations/dot-product',
  title: 'The dot product',
  order: 1,
  prerequisites: [],
  functionName: 'dot',
  reference: dot,
  points: 10,
  helpers: [],
  hints: [
    'The answer is one number: start a running total at 0.',
    'Visit every index i from 0 to a.length - 1 once, adding a[i] times b[i] to the total.',
    'Check the first and the last index: an off-by-one loop bound silently drops a product.',
  ],
  visibleCases: (rng) => [
    { name: 'length 3', args: [[1, 2, 3], [4, -5, 6]] },
    { name: 'orthogonal', args: [[1, 0], [0, 1]] },
    { name: 'length 4, decimals', args: [shortVector(rng, 4), shortVector(rng, 4)] },
  ],
  hiddenCases: (rng) => {
    const [a7, b7] = intMatrix(rng, 2, 7, -9, 9);
    const long = rng.int(40, 80);
    const big = vector(rng, 5, 1e6);
    return [
      { name: 'length 1', args: [vector(rng, 1, 3), vector(rng, 1, 3)] },
      { name: 'length 2', args: [vector(rng, 2), vector(rng, 2)] },
      { name: 'odd length, integers', args: [a7, b7] },
      { name: 'zero vector', args: [new Array(6).fill(0), vector(rng, 6, 5)] },
      { name: 'long vectors', args: [vector(rng, long), vector(rng, long)] },
      { name: 'large entries', args: [big, vector(rng, 5, 10)] },
      // a and -a: the products are all negative and do not cancel
      { name: 'opposite directions', args: ((a: number[]) => [a, a.map((x) => -x)])(vector(rng, 9, 2)) },
      { name: 'small entries', args: [vector(rng, 12, 1e-2), vector(rng, 12, 1e2)] },
    ];
  },
  misconceptions: [
    {
      id: 'skips-last-element',
      title: 'the loop stops one element early',
      hint: 'Your loop seems to miss the last pair of entries. With i < a.length the last index visited is a.length - 1: check your loop bound.',
      compute: (a: number[], b: number[]) => dot(a.slice(0, -1), b.slice(0, -1)),
    },
    {
      id: 'skips-first-element',
      title: 'the loop starts at index 1',
      hint: 'Your sum seems to leave out the first pair of entries. Arrays in TypeScript are 0-based: the first entry is a[0].',
      compute: (a: number[], b: number[]) => dot(a.slice(1), b.slice(1)),
    },
  ],
});
