import { generate, sampleTopK } from '../../../engine/index.ts';
import type { Rng } from '../../../engine/random.ts';
import type { Vector } from '../../../engine/types.ts';
import { defineExercise, type CaseSpec } from '../../types.ts';

const { topKDraw, vector } = generate;

type Sampler = (logits: Vector, k: number, temperature: number, u: number) => number;

const tiesHigher: Sampler = (logits, k, temperature, u) => sampleTopK(logits, k, temperature, u, { ties: 'higher' });
const temperatureIgnored: Sampler = (logits, k, temperature, u) => sampleTopK(logits, k, temperature, u, { temperature: 'ignore' });
const noTopK: Sampler = (logits, _k, temperature, u) => sampleTopK(logits, logits.length, temperature, u);
const indexOrder: Sampler = (logits, k, temperature, u) => sampleTopK(logits, k, temperature, u, { order: 'index' });

/**
 * A case whose draw u is away from every running sum (the curriculum's knife-edge rule) and, when
 * some u allows it, one where `rival` answers differently, so the case can tell the two apart.
 */
function topKCase(rng: Rng, name: string, logits: Vector, k: number, temperature: number, rival: Sampler): CaseSpec {
  for (let attempt = 0; attempt < 200; attempt++) {
    const u = topKDraw(rng, logits, k, temperature);
    if (rival(logits, k, temperature, u) !== sampleTopK(logits, k, temperature, u)) return { name, args: [logits, k, temperature, u] };
  }
  return { name, args: [logits, k, temperature, topKDraw(rng, logits, k, temperature)] };
}

/** Distinct logits with the k-th and (k+1)-th largest made equal, so the tie rule decides what is kept. */
function boundaryTie(rng: Rng, n: number, k: number): Vector {
  const logits = vector(rng, n, 3);
  const byValue = logits.map((_, i) => i).sort((a, b) => logits[b] - logits[a]);
  logits[byValue[k]] = logits[byValue[k - 1]];
  return logits;
}

/** Logits whose maximum is shared by two tokens. */
function tiedMaximum(rng: Rng, n: number): Vector {
  const logits = vector(rng, n, 2);
  const [a, b] = rng.shuffle(logits.map((_, i) => i)).slice(0, 2);
  logits[a] = logits[b] = 2.5;
  return logits;
}

export default defineExercise({
  id: 'llm/top-k-sample',
  title: 'Top-k sampling',
  order: 2,
  prerequisites: ['llm/next-token'],
  functionName: 'sampleTopK',
  reference: sampleTopK,
  points: 15,
  exact: true,
  helpers: [],
  hints: [
    'Sort the token indices by descending logit, breaking ties by ascending index, and keep the first k. Remember the original indices: the answer is an index into logits.',
    'Only the kept tokens enter the softmax, and they are divided by the temperature first (subtract their maximum for stability).',
    'Walk the kept tokens from most to least probable, adding up probabilities; return the first token where the sum is strictly greater than u, or the last kept token if none is.',
  ],
  visibleCases: () => [
    { name: 'the worked example', args: [[1.0, 3.0, 2.0, 3.0, 0.5], 3, 1, 0.5] },
    { name: 'the worked example at T = 0.5', args: [[1.0, 3.0, 2.0, 3.0, 0.5], 3, 0.5, 0.9] },
    { name: 'k = 2', args: [[0.2, -1.3, 2.1, 0.8, 1.6, -0.4], 2, 1, 0.7] },
  ],
  hiddenCases: (rng: Rng): CaseSpec[] => {
    const V = rng.int(5, 16);
    const big = vector(rng, 8, 3).map((v, i) => (i % 3 === 0 ? -1000 : 1000) + v);
    return [
      topKCase(rng, 'k = 1', vector(rng, 8, 3), 1, rng.uniform(0.5, 2), noTopK),
      topKCase(rng, 'k = 1 with a tied maximum', tiedMaximum(rng, 6), 1, rng.uniform(0.5, 2), tiesHigher),
      topKCase(rng, 'k = V', vector(rng, 6, 2), 6, rng.uniform(0.3, 0.6), temperatureIgnored),
      topKCase(rng, 'a tie at the top-k boundary', boundaryTie(rng, 7, 3), 3, 1, tiesHigher),
      topKCase(rng, 'all logits equal, k = V', new Array<number>(5).fill(rng.uniform(-2, 2)), 5, rng.uniform(0.5, 2), tiesHigher),
      topKCase(rng, 'logits near +-1000', big, 3, rng.uniform(1, 3), indexOrder),
      topKCase(rng, 'a low temperature', vector(rng, 10, 2), 5, 0.25, temperatureIgnored),
      topKCase(rng, 'a high temperature', vector(rng, 12, 2), 3, 4, noTopK),
      topKCase(rng, 'random', vector(rng, V, 3), rng.int(2, V - 1), rng.uniform(0.5, 2), indexOrder),
    ];
  },
  misconceptions: [
    {
      id: 'ties-toward-higher-index',
      title: 'equal logits ordered by the higher index first',
      hint: 'When logits (or probabilities) are equal, the lower index comes first: both when choosing which k tokens to keep and when ordering them for the running sum.',
      compute: tiesHigher,
    },
    {
      id: 'temperature-ignored',
      title: 'the temperature left out',
      hint: 'Divide the kept logits by the temperature before the softmax; it changes every probability, and so which token u lands on.',
      compute: temperatureIgnored,
    },
    {
      id: 'no-top-k',
      title: 'sampling from every token',
      hint: 'Only the k largest logits take part: the others are dropped before the softmax, and the kept probabilities are renormalised to sum to 1.',
      compute: noTopK,
    },
    {
      id: 'walk-in-index-order',
      title: 'running sum in token order',
      hint: 'Add the probabilities from the most probable kept token to the least probable, not in the order the tokens appear in logits.',
      compute: indexOrder,
    },
  ],
});
