import { sampleTopK, topKMargin } from '../../../engine/llm.ts';
import type { Rng } from '../../../engine/random.ts';
import { softmaxVector } from '../../../engine/softmax.ts';
import { defineQuestion, EXACT_NUMBER, roundTo, texNumber, texVector } from '../../question-types.ts';

interface Params {
  logits: number[];
  k: number;
  temperature: number;
  u: number;
}

/** The kept token indices, largest logit first (ties: lower index). */
const kept = (p: Params) => p.logits.map((_, i) => i).sort((a, b) => p.logits[b] - p.logits[a] || a - b).slice(0, p.k);
const keptProbs = (p: Params) => softmaxVector(kept(p).map((i) => p.logits[i] / p.temperature));

function draw(rng: Rng): Params {
  for (;;) {
    const logits = Array.from({ length: 6 }, () => roundTo(rng.uniform(-1, 3), 1));
    if (new Set(logits).size < 6) continue;
    const p = { logits, k: rng.pick([3, 4]), temperature: rng.pick([0.5, 1, 2]), u: roundTo(rng.uniform(0.05, 0.95), 2) };
    // no knife edge, and each classic mistake picks a token of its own
    if (topKMargin(p.logits, p.k, p.temperature, p.u) < 0.01) continue;
    const picks = new Set([
      sampleTopK(p.logits, p.k, p.temperature, p.u),
      sampleTopK(p.logits, p.k, p.temperature, p.u, { order: 'index' }),
      sampleTopK(p.logits, p.k, p.temperature, p.u, { renormalize: false }),
    ]);
    if (picks.size === 3) return p;
  }
}

export default defineQuestion<Params>({
  id: 'llm/top-k-draw',
  title: 'A top-k draw',
  order: 2,
  exercises: ['llm/top-k-sample'],
  parts: [
    {
      name: 'candidates',
      kind: 'choice',
      multiple: true,
      label: 'every token that top-$k$ sampling can return (for some $u$)',
      points: 3,
      options: (p) => p.logits.map((l, i) => ({ id: String(i), label: `token ${i} (logit ${l})` })),
    },
    { name: 'topProb', kind: 'number', label: 'the probability of the most likely kept token', points: 3, tolerance: { sigFigs: 3 } },
    { name: 'sampled', kind: 'number', label: 'the token returned for $u = {{u}}$', points: 4, tolerance: EXACT_NUMBER },
  ],
  generate: draw,
  answer: (p) => ({
    candidates: kept(p).map(String).sort(),
    topProb: keptProbs(p)[0],
    sampled: sampleTopK(p.logits, p.k, p.temperature, p.u),
  }),
  text: (p) => ({ logitsTex: texVector(p.logits) }),
  worked: (p) => {
    const probs = keptProbs(p);
    let run = 0;
    const walk = kept(p).map((i, t) => {
      run += probs[t];
      return `token ${i}: $p \\approx ${texNumber(probs[t], 4)}$, running sum $\\approx ${texNumber(run, 4)}$`;
    });
    return { keptList: kept(p).join(', '), walk: walk.map((w) => `- ${w}`).join('\n') };
  },
  misconceptions: [
    {
      id: 'smallest-logits',
      part: 'candidates',
      title: 'the k smallest logits kept',
      hint: 'Top-k keeps the k tokens with the largest logits and drops the rest.',
      compute: (p) => p.logits.map((_, i) => i).sort((a, b) => p.logits[a] - p.logits[b] || a - b).slice(0, p.k).map(String),
    },
    {
      id: 'no-renormalise-prob',
      part: 'topProb',
      title: 'the probability before renormalising',
      hint: 'After dropping all but k tokens, softmax runs over the kept ones only, so their probabilities sum to 1.',
      compute: (p) => softmaxVector(p.logits.map((l) => l / p.temperature))[kept(p)[0]],
    },
    {
      id: 'index-order',
      part: 'sampled',
      title: 'the running sum taken in token order',
      hint: 'Walk the kept tokens from the most to the least likely, adding their probabilities until the sum exceeds u.',
      compute: (p) => sampleTopK(p.logits, p.k, p.temperature, p.u, { order: 'index' }),
    },
    {
      id: 'no-renormalise',
      part: 'sampled',
      title: 'the kept probabilities not renormalised',
      hint: 'Softmax over the kept tokens only: their probabilities must sum to 1 before the walk.',
      compute: (p) => sampleTopK(p.logits, p.k, p.temperature, p.u, { renormalize: false }),
    },
  ],
});
