import type { Rng } from '../../../engine/random.ts';
import { defineQuestion, roundTo, texNumber } from '../../question-types.ts';

/** The probability the model gave to each actual next token of a sequence. */
interface Params {
  probs: number[];
}

function draw(rng: Rng): Params {
  return { probs: Array.from({ length: rng.int(4, 6) }, () => roundTo(rng.uniform(0.05, 0.9), 2)) };
}

const crossEntropy = (ps: number[]) => ps.reduce((s, p) => s - Math.log(p), 0) / ps.length;

export default defineQuestion<Params>({
  id: 'llm/perplexity',
  title: 'Cross-entropy and perplexity',
  order: 3,
  exercises: ['llm/next-token', 'tokens/mlm-loss'],
  parts: [
    { name: 'crossEntropy', kind: 'number', label: 'the cross-entropy per token, in nats', points: 5, tolerance: { sigFigs: 3 } },
    { name: 'perplexity', kind: 'number', label: 'the perplexity', points: 5, tolerance: { sigFigs: 3 } },
  ],
  generate: draw,
  answer: ({ probs }) => ({ crossEntropy: crossEntropy(probs), perplexity: Math.exp(crossEntropy(probs)) }),
  text: ({ probs }) => ({ n: probs.length, probList: probs.join(', ') }),
  worked: ({ probs }) => ({
    total: texNumber(probs.reduce((s, p) => s - Math.log(p), 0), 6),
  }),
  misconceptions: [
    {
      id: 'bits',
      part: 'crossEntropy',
      title: 'the logarithm in base 2',
      hint: 'Nats use the natural logarithm; bits (log base 2) are nats divided by ln 2.',
      compute: ({ probs }) => crossEntropy(probs) / Math.LN2,
    },
    {
      id: 'sum-not-mean',
      part: 'crossEntropy',
      title: 'the sum over the tokens, not the mean',
      hint: 'The cross-entropy per token is the mean of −ln p over the tokens.',
      compute: ({ probs }) => crossEntropy(probs) * probs.length,
    },
    {
      id: 'mean-inverse',
      part: 'perplexity',
      title: 'the mean of 1/p',
      hint: 'Perplexity is exp of the mean negative log-probability, the geometric mean of 1/p, not its arithmetic mean.',
      compute: ({ probs }) => probs.reduce((s, p) => s + 1 / p, 0) / probs.length,
    },
    {
      id: 'two-to-nats',
      part: 'perplexity',
      title: '2 to the power of nats',
      hint: 'Perplexity is e^(cross-entropy in nats), or 2^(cross-entropy in bits): the base must match the logarithm.',
      compute: ({ probs }) => Math.pow(2, crossEntropy(probs)),
    },
  ],
});
