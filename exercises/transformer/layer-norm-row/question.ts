import type { Rng } from '../../../engine/random.ts';
import { BLOCK_EPS, layerNorm } from '../../../engine/transformer.ts';
import { defineQuestion, roundTo, texNumber, texVector } from '../../question-types.ts';

interface Params {
  x: number[];
  gamma: number[];
  beta: number[];
}

function draw(rng: Rng): Params {
  for (;;) {
    const x = Array.from({ length: 4 }, () => roundTo(rng.uniform(-3, 3), 1));
    const gamma = Array.from({ length: 4 }, () => roundTo(rng.uniform(0.5, 2), 1));
    const beta = Array.from({ length: 4 }, () => roundTo(rng.uniform(-1, 1), 1));
    const mean = x.reduce((s, v) => s + v, 0) / 4;
    const variance = x.reduce((s, v) => s + (v - mean) ** 2, 0) / 4;
    if (variance > 0.25 && gamma.some((g) => g !== 1)) return { x, gamma, beta };
  }
}

const mean = (x: number[]) => x.reduce((s, v) => s + v, 0) / x.length;
const variance = (x: number[], unbiased = false) => x.reduce((s, v) => s + (v - mean(x)) ** 2, 0) / (x.length - (unbiased ? 1 : 0));

export default defineQuestion<Params>({
  id: 'transformer/layer-norm-row',
  title: 'Layer norm of one token',
  order: 1,
  exercises: ['transformer/layer-norm'],
  parts: [
    { name: 'mean', kind: 'number', label: 'the mean $\\mu$ of $x$', points: 2, tolerance: { atol: 1e-4, rtol: 0 } },
    { name: 'variance', kind: 'number', label: 'the variance $\\sigma^2$ that layer norm uses', points: 3, tolerance: { sigFigs: 3 } },
    { name: 'output', kind: 'vector', label: '$\\operatorname{LN}(x)$ (4 entries)', points: 5, tolerance: { atol: 1e-3, rtol: 0 } },
  ],
  generate: draw,
  answer: ({ x, gamma, beta }) => ({ mean: mean(x), variance: variance(x), output: layerNorm([x], gamma, beta, BLOCK_EPS)[0] }),
  text: ({ x, gamma, beta }) => ({ xTex: texVector(x), gammaTex: texVector(gamma), betaTex: texVector(beta) }),
  worked: ({ x }) => ({
    centred: texVector(x.map((v) => v - mean(x)), 5),
    denom: texNumber(Math.sqrt(variance(x) + BLOCK_EPS), 6),
    normalised: texVector(x.map((v) => (v - mean(x)) / Math.sqrt(variance(x) + BLOCK_EPS)), 5),
  }),
  misconceptions: [
    {
      id: 'unbiased-variance',
      part: 'variance',
      title: 'the unbiased variance (divided by d - 1)',
      hint: 'Layer norm divides the sum of squared deviations by d, not d − 1 (torch.var divides by d − 1 by default; layer norm does not).',
      compute: ({ x }) => variance(x, true),
    },
    {
      id: 'unbiased-output',
      part: 'output',
      title: 'normalised with the unbiased variance',
      hint: 'Layer norm uses the biased variance: the mean of the squared deviations, divided by d.',
      compute: ({ x, gamma, beta }) => layerNorm([x], gamma, beta, BLOCK_EPS, { variance: 'unbiased' })[0],
    },
    {
      id: 'no-affine',
      part: 'output',
      title: 'gamma and beta left out',
      hint: 'After normalising, each entry is scaled by its gamma and shifted by its beta.',
      compute: ({ x }) => layerNorm([x], [1, 1, 1, 1], [0, 0, 0, 0], BLOCK_EPS)[0],
    },
  ],
});
