import type { Rng } from '../../../engine/random.ts';
import { defineQuestion, EXACT_NUMBER, texNumber } from '../../question-types.ts';

interface Params {
  d: number;
  heads: number;
  n: number;
}

function draw(rng: Rng): Params {
  const d = rng.pick([128, 192, 256, 384, 512, 768, 1024]);
  const heads = rng.pick([2, 4, 8, 16].filter((h) => d % h === 0 && d / h >= 16));
  return { d, heads, n: rng.pick([32, 50, 64, 100, 128, 197, 256, 512]) };
}

export default defineQuestion<Params>({
  id: 'attention/mha-params',
  title: 'Parameters and weights of multi-head attention',
  order: 3,
  exercises: ['attention/multi-head'],
  parts: [
    { name: 'params', kind: 'number', label: 'the parameters of the layer, weights and biases', points: 4, tolerance: EXACT_NUMBER },
    { name: 'headWidth', kind: 'number', label: 'the width $d_h$ of one head', points: 2, tolerance: EXACT_NUMBER },
    { name: 'weights', kind: 'number', label: 'the attention weights computed for one sequence, all heads', points: 4, tolerance: EXACT_NUMBER },
  ],
  generate: draw,
  answer: ({ d, heads, n }) => ({ params: 4 * d * d + 4 * d, headWidth: d / heads, weights: heads * n * n }),
  worked: ({ d, heads, n }) => ({ d2: texNumber(d * d), fourD2: texNumber(4 * d * d), fourD: 4 * d, n2: texNumber(n * n), paramsTex: texNumber(4 * d * d + 4 * d), weightsTex: texNumber(heads * n * n) }),
  misconceptions: [
    {
      id: 'no-biases',
      part: 'params',
      title: 'the biases not counted',
      hint: 'Each of the four projections has a bias of d entries besides its d x d weight.',
      compute: ({ d }) => 4 * d * d,
    },
    {
      id: 'full-matrices-per-head',
      part: 'params',
      title: 'a full d x d projection per head',
      hint: 'The heads share the projections: head h uses its own block of d/h columns of Wq, Wk, Wv, so the count does not depend on the number of heads.',
      compute: ({ d, heads }) => heads * (4 * d * d + 4 * d),
    },
    {
      id: 'no-output-projection',
      part: 'params',
      title: 'the output projection forgotten',
      hint: 'After the heads are concatenated, Wo (d x d) and bo (d) mix them: four projections in all.',
      compute: ({ d }) => 3 * d * d + 3 * d,
    },
    {
      id: 'one-head',
      part: 'weights',
      title: 'the weights of one head only',
      hint: 'Each head computes its own n x n matrix of attention weights.',
      compute: ({ n }) => n * n,
    },
  ],
});
