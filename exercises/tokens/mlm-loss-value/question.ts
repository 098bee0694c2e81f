import type { Rng } from '../../../engine/random.ts';
import { logSoftmaxVector } from '../../../engine/softmax.ts';
import { mlmLoss } from '../../../engine/tokens.ts';
import { defineQuestion, roundTo, texMatrix, texNumber } from '../../question-types.ts';

interface Params {
  logits: number[][];
  labels: number[];
}

function draw(rng: Rng): Params {
  const logits = Array.from({ length: 4 }, () => Array.from({ length: 4 }, () => roundTo(rng.uniform(-2, 3), 1)));
  const unlabelled = rng.int(0, 3);
  const labels = logits.map((_, i) => (i === unlabelled ? -100 : rng.int(0, 3)));
  return { logits, labels };
}

const ce = (row: number[], label: number) => -logSoftmaxVector(row)[label];
const firstLabelled = (p: Params) => p.labels.findIndex((l) => l !== -100);

export default defineQuestion<Params>({
  id: 'tokens/mlm-loss-value',
  title: 'The masked-language-model loss',
  order: 3,
  exercises: ['tokens/mlm-loss'],
  parts: [
    { name: 'firstLoss', kind: 'number', label: 'the cross-entropy at the first labelled position (natural log)', points: 4, tolerance: { sigFigs: 3 } },
    { name: 'loss', kind: 'number', label: 'the MLM loss of the sequence', points: 6, tolerance: { sigFigs: 3 } },
  ],
  generate: draw,
  answer: (p) => ({ firstLoss: ce(p.logits[firstLabelled(p)], p.labels[firstLabelled(p)]), loss: mlmLoss(p.logits, p.labels) }),
  text: (p) => ({ logitsTex: texMatrix(p.logits), labelList: `[${p.labels.join(', ')}]` }),
  worked: (p) => {
    const terms = p.labels.flatMap((l, i) => (l === -100 ? [] : [`-\\log p_{${i}}(${l}) \\approx ${texNumber(ce(p.logits[i], l), 5)}`]));
    return { terms: terms.join(', \\quad '), count: terms.length, first: firstLabelled(p) };
  },
  misconceptions: [
    {
      id: 'log-base-2',
      part: 'firstLoss',
      title: 'the loss in bits',
      hint: 'Cross-entropy losses use the natural logarithm (nats), as F.cross_entropy does.',
      compute: (p) => ce(p.logits[firstLabelled(p)], p.labels[firstLabelled(p)]) / Math.LN2,
    },
    {
      id: 'mean-over-all',
      part: 'loss',
      title: 'divided by every position',
      hint: 'Positions labelled -100 are ignored entirely: the mean is over the labelled positions only.',
      compute: (p) => mlmLoss(p.logits, p.labels, { meanOver: 'all' }),
    },
    {
      id: 'sum-not-mean',
      part: 'loss',
      title: 'the sum, not the mean',
      hint: 'The loss is the mean cross-entropy over the labelled positions.',
      compute: (p) => mlmLoss(p.logits, p.labels) * p.labels.filter((l) => l !== -100).length,
    },
  ],
});
