import { generate, nextTokenProbs, softmaxVector } from '../../../engine/index.ts';
import type { Rng } from '../../../engine/random.ts';
import type { Vector } from '../../../engine/types.ts';
import { defineExercise, type CaseSpec } from '../../types.ts';

const { vector } = generate;

const around = (rng: Rng, n: number, center: number, spread: number): Vector => vector(rng, n, spread).map((v) => center + v);

export default defineExercise({
  id: 'llm/next-token',
  title: 'Next-token probabilities with a temperature',
  order: 1,
  prerequisites: ['foundations/softmax'],
  functionName: 'nextTokenProbs',
  reference: nextTokenProbs,
  points: 10,
  helpers: [],
  hints: [
    'Divide every logit by the temperature first; then it is an ordinary softmax over the whole vector.',
    'A small temperature should sharpen the distribution: with logits [2, 1, 0] and T = 0.5 the first probability is about 0.867.',
    'Logits near +-1000 overflow or underflow Math.exp. Subtract the largest scaled logit from every scaled logit before exponentiating; the result is mathematically the same.',
  ],
  visibleCases: () => [
    { name: 'T = 1', args: [[2, 1, 0], 1] },
    { name: 'T = 0.5 sharpens', args: [[2, 1, 0], 0.5] },
    { name: 'T = 2 flattens', args: [[1.5, -0.5, 0.25, 3], 2] },
  ],
  hiddenCases: (rng: Rng): CaseSpec[] => {
    const tSmall = rng.uniform(0.4, 0.6);
    return [
      { name: 'random logits', args: [vector(rng, 10, 4), rng.uniform(0.3, 0.9)] },
      { name: 'logits near +1000', args: [around(rng, 6, 1000, 5), rng.uniform(1.5, 3)] },
      { name: 'logits near -1000', args: [around(rng, 5, -1000, 5), rng.uniform(0.5, 0.9)] },
      { name: 'logits near +1000 and -1000', args: [vector(rng, 8, 5).map((v, i) => (i % 2 ? 1000 : -1000) + v), rng.uniform(1.2, 2)] },
      // exp of the scaled logits (about -740) is subnormal: finite, but with few significant bits
      { name: 'scaled logits near the float64 limit', args: [around(rng, 5, -740, 3).map((z) => z * tSmall), tSmall] },
      { name: 'a single token', args: [[rng.uniform(-5, 5)], rng.uniform(0.5, 2)] },
      { name: 'a low temperature', args: [vector(rng, 8, 3), 0.05] },
      { name: 'a high temperature', args: [vector(rng, 8, 3), rng.uniform(5, 20)] },
      { name: 'equal logits far below zero', args: [new Array<number>(5).fill(-rng.uniform(800, 900)), rng.uniform(0.5, 0.9)] },
    ];
  },
  misconceptions: [
    {
      id: 'temperature-multiplied',
      title: 'logits multiplied by the temperature',
      hint: 'The logits are divided by the temperature: a temperature below 1 must make the distribution sharper, and one above 1 flatter.',
      compute: (logits: Vector, temperature: number) => nextTokenProbs(logits, temperature, { temperature: 'multiply' }),
    },
    {
      id: 'temperature-ignored',
      title: 'the temperature left out',
      hint: 'The temperature changes the distribution: divide every logit by it before the softmax.',
      compute: (logits: Vector, temperature: number) => nextTokenProbs(logits, temperature, { temperature: 'ignore' }),
    },
    {
      id: 'unstable-softmax',
      title: 'softmax without subtracting the maximum',
      hint: 'Math.exp overflows to Infinity above about 709 and underflows to 0 (or to imprecise tiny numbers) below about -708. Subtract the largest scaled logit from all of them before exponentiating.',
      compute: (logits: Vector, temperature: number) => softmaxVector(logits.map((l) => l / temperature), { stable: false }),
    },
  ],
});
