import { attentionMask } from '../../../engine/attention.ts';
import { defineExercise } from '../../types.ts';

export default defineExercise({
  id: 'attention/masks',
  title: 'Attention masks',
  order: 4,
  prerequisites: ['attention/scaled-dot-product'],
  functionName: 'attentionMask',
  reference: attentionMask,
  points: 10,
  exact: true,
  helpers: [],
  hints: [
    'Build n rows of n booleans; entry [i][j] answers "may query i attend to key j?".',
    'Two conditions must both hold: key j is a real token (j < validLength), and, when causal, key j is not after query i (j <= i).',
    'Padding only removes keys (columns). A padding query (row i >= validLength) still gets an ordinary row.',
  ],
  visibleCases: () => [
    { name: 'causal with padding', args: [4, 3, true] },
    { name: 'no padding, not causal', args: [3, 3, false] },
    { name: 'padding only', args: [5, 2, false] },
  ],
  hiddenCases: (rng) => {
    const n = rng.int(6, 10);
    const m = rng.int(5, 9);
    return [
      { name: 'one position', args: [1, 1, true] },
      { name: 'causal, no padding', args: [n, n, true] },
      { name: 'padding, not causal', args: [m, rng.int(2, m - 1), false] },
      { name: 'padding and causal', args: [n, rng.int(2, n - 2), true] },
      { name: 'a single real token', args: [rng.int(4, 7), 1, true] },
      { name: 'everything allowed', args: [m, m, false] },
      { name: 'validLength beyond n', args: [4, 6, true] },
      { name: 'a longer sequence', args: [rng.int(12, 16), rng.int(8, 11), rng.bool()] },
    ];
  },
  misconceptions: [
    {
      id: 'strict-causal',
      title: 'a query cannot see itself (j < i)',
      hint: 'Your diagonal is false. Causality forbids the future, not the present: query i may attend to keys j <= i, itself included.',
      compute: (n: number, validLength: number, causal: boolean) => attentionMask(n, validLength, causal, { strictCausal: true }),
    },
    {
      id: 'inverted',
      title: 'true marks a blocked position',
      hint: 'Your mask is the opposite of what is expected: here true means "may attend", as in scaled_dot_product_attention.',
      compute: (n: number, validLength: number, causal: boolean) => attentionMask(n, validLength, causal, { inverted: true }),
    },
    {
      id: 'padding-on-queries',
      title: 'padding applied to the query rows',
      hint: 'Padding removes keys: the columns j >= validLength are false in every row. The rows of padding queries are not blanked.',
      compute: (n: number, validLength: number, causal: boolean) => attentionMask(n, validLength, causal, { padQueries: true }),
    },
  ],
});
