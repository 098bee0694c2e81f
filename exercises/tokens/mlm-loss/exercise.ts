import { largeLogits, matrix, tokenIds } from '../../../engine/generate.ts';
import type { Rng } from '../../../engine/random.ts';
import { mlmLoss } from '../../../engine/tokens.ts';
import type { Matrix } from '../../../engine/types.ts';
import { shortMatrix } from '../../cases.ts';
import { defineExercise } from '../../types.ts';

/** n labels in 0 .. V-1, about a third of them -100 (at least one of each when n >= 2). */
function someLabels(rng: Rng, n: number, V: number): number[] {
  const labels = tokenIds(rng, n, V).map((id) => (rng.bool(0.35) ? -100 : id));
  if (n >= 2) {
    labels[0] = rng.int(0, V - 1);
    labels[n - 1] = -100;
    rng.shuffle(labels);
  }
  return labels;
}

export default defineExercise({
  id: 'tokens/mlm-loss',
  title: 'Masked language modelling: the loss',
  order: 4,
  prerequisites: ['tokens/mlm-masking', 'foundations/softmax'],
  functionName: 'mlmLoss',
  reference: mlmLoss,
  points: 10,
  helpers: [],
  hints: [
    'Loop over the positions, skip those whose label is -100, and count the ones you keep.',
    'For a kept position the loss is log(sum over v of exp(logit v)) minus the logit of the label; compute the log-sum-exp as max + log(sum exp(logit - max)).',
    'Divide the total by the number of labelled positions, not by the sequence length; with none labelled, return 0.',
  ],
  visibleCases: (rng) => [
    { name: 'the worked example', args: [[[2, 1, 0], [0, 0, 3]], [0, -100]] },
    { name: '3 positions, 4 tokens', args: [shortMatrix(rng, 3, 4), [1, -100, 3]] },
    { name: 'nothing labelled', args: [[[0.5, -1]], [-100]] },
  ],
  hiddenCases: (rng) => {
    const confident = Array.from({ length: 3 }, () => [50, 50, -50, 50]); // the label (2) gets almost no probability
    return [
      { name: 'random logits', args: [matrix(rng, 6, 8, 3), someLabels(rng, 6, 8)] },
      { name: 'logits near +-1000', args: [largeLogits(rng, 5, 6), someLabels(rng, 5, 6)] },
      { name: 'nothing labelled', args: [matrix(rng, 4, 5), [-100, -100, -100, -100]] },
      { name: 'every position labelled', args: [matrix(rng, 5, 10, 2), tokenIds(rng, 5, 10)] },
      { name: 'one label among many', args: [matrix(rng, 10, 7), [-100, -100, -100, rng.int(0, 6), -100, -100, -100, -100, -100, -100]] },
      { name: 'confidently wrong', args: [confident, [2, 2, -100]] },
      { name: 'one position', args: [matrix(rng, 1, 12, 4), [rng.int(0, 11)]] },
      { name: 'a large vocabulary', args: [matrix(rng, 4, 60, 5), someLabels(rng, 4, 60)] },
    ];
  },
  misconceptions: [
    {
      id: 'mean-over-all-positions',
      title: 'dividing by the sequence length',
      hint: 'Your loss is too small when some labels are -100. Average over the labelled positions only: count the positions you actually add up.',
      compute: (logits: Matrix, labels: number[]) => mlmLoss(logits, labels, { meanOver: 'all' }),
    },
    {
      id: 'sum-not-mean',
      title: 'the sum instead of the mean',
      hint: 'Your loss grows with the number of labelled positions. Divide the total by how many positions were labelled.',
      compute: (logits: Matrix, labels: number[]) => mlmLoss(logits, labels) * labels.filter((y) => y !== -100).length,
    },
    {
      id: 'unstable-log-softmax',
      title: 'log(exp / sum exp) computed directly',
      hint: 'Large logits give Infinity or NaN: exp(1000) overflows. Use log-sum-exp with the row maximum subtracted first.',
      compute: (logits: Matrix, labels: number[]) => mlmLoss(logits, labels, { stable: false }),
    },
  ],
});
