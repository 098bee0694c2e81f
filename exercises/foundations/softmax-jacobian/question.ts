import type { Rng } from '../../../engine/random.ts';
import { softmaxVector } from '../../../engine/softmax.ts';
import { sigmoidScalar } from '../../../engine/linalg.ts';
import { defineQuestion, roundTo, texMatrix, texVector } from '../../question-types.ts';

interface Params {
  x: number[];
}

/** J[i][j] = dp_i / dx_j = p_i (delta_ij - p_j). */
function jacobian(p: number[]): number[][] {
  return p.map((pi, i) => p.map((pj, j) => pi * ((i === j ? 1 : 0) - pj)));
}

function draw(rng: Rng): Params {
  for (;;) {
    const x = Array.from({ length: 3 }, () => roundTo(rng.uniform(-2, 2), 1));
    if (new Set(x).size === 3) return { x };
  }
}

const TOL = { atol: 1e-4, rtol: 0 };

export default defineQuestion<Params>({
  id: 'foundations/softmax-jacobian',
  title: 'Softmax and its Jacobian',
  order: 3,
  exercises: ['foundations/softmax'],
  parts: [
    { name: 'probs', kind: 'vector', label: '$p = \\operatorname{softmax}(x)$', points: 4, tolerance: TOL },
    { name: 'jacobian', kind: 'matrix', label: 'the Jacobian $J_{ij} = \\partial p_i / \\partial x_j$ ($3 \\times 3$)', points: 6, tolerance: TOL },
  ],
  generate: draw,
  answer: ({ x }) => {
    const p = softmaxVector(x);
    return { probs: p, jacobian: jacobian(p) };
  },
  text: ({ x }) => ({ xTex: texVector(x) }),
  worked: ({ x }) => {
    const e = x.map(Math.exp);
    const z = e.reduce((s, v) => s + v, 0);
    return { expTex: texVector(e, 5), z: roundTo(z, 5) };
  },
  misconceptions: [
    {
      id: 'sigmoid-each',
      part: 'probs',
      title: 'a sigmoid of each logit',
      hint: 'Softmax normalises over the whole vector: exp(x_i) divided by the sum of exp(x_j); its entries sum to 1.',
      compute: ({ x }) => x.map(sigmoidScalar),
    },
    {
      id: 'diagonal-only',
      part: 'jacobian',
      title: 'only the diagonal p_i (1 - p_i)',
      hint: 'Every probability depends on every logit through the normaliser: the off-diagonal entries are -p_i p_j, not 0.',
      compute: ({ x }) => {
        const p = softmaxVector(x);
        return p.map((pi, i) => p.map((_, j) => (i === j ? pi * (1 - pi) : 0)));
      },
    },
    {
      id: 'diag-p',
      part: 'jacobian',
      title: 'diag(p), the normaliser forgotten',
      hint: 'Differentiate the denominator too: dp_i/dx_j = p_i (δ_ij − p_j), so J = diag(p) − p pᵀ.',
      compute: ({ x }) => {
        const p = softmaxVector(x);
        return p.map((pi, i) => p.map((_, j) => (i === j ? pi : 0)));
      },
    },
  ],
});
