import { dot } from '../../../engine/linalg.ts';
import { frequency, sinusoidalEncoding } from '../../../engine/position.ts';
import type { Rng } from '../../../engine/random.ts';
import { defineQuestion, texNumber } from '../../question-types.ts';

interface Params {
  dModel: number;
  p: number;
  q: number;
}

function draw(rng: Rng): Params {
  const p = rng.int(0, 30);
  let q = rng.int(0, 30);
  while (q === p) q = rng.int(0, 30);
  return { dModel: rng.pick([4, 6, 8]), p, q };
}

/** sum_i cos(offset w_i) with w_i from `exponent`. */
const cosSum = (offset: number, dModel: number, exponent: '2i' | 'i' = '2i') =>
  Array.from({ length: dModel / 2 }, (_, i) => Math.cos(offset * frequency(i, dModel, exponent))).reduce((s, v) => s + v, 0);

export default defineQuestion<Params>({
  id: 'position/relative-dot',
  title: 'Dot products of positional encodings',
  order: 3,
  exercises: ['position/sinusoidal', 'position/relative-shift'],
  parts: [
    { name: 'dot', kind: 'number', label: '$PE[{{p}}] \\cdot PE[{{q}}]$ for $d_{\\text{model}} = {{dModel}}$', points: 5, tolerance: { atol: 1e-4, rtol: 0 } },
    {
      name: 'offset',
      kind: 'expression',
      label: '$PE[\\text{pos}] \\cdot PE[\\text{pos} + k]$ for $d_{\\text{model}} = 4$, as a formula in `k`',
      points: 5,
      variables: [{ name: 'k', min: -60, max: 60 }],
    },
  ],
  generate: draw,
  answer: ({ dModel, p, q }) => {
    const PE = sinusoidalEncoding(Math.max(p, q) + 1, dModel);
    return { dot: dot(PE[p], PE[q]), offset: 'cos(k) + cos(k/100)' };
  },
  worked: ({ dModel, p, q }) => ({
    offsetPQ: p - q,
    terms: Array.from({ length: dModel / 2 }, (_, i) => `\\cos(${p - q} \\cdot ${texNumber(frequency(i, dModel), 5)})`).join(' + '),
  }),
  misconceptions: [
    {
      id: 'pair-index-exponent',
      part: 'dot',
      title: 'i/d instead of 2i/d in the exponent',
      hint: 'Pair i has frequency ω_i = 10000^(-2i/d_model).',
      compute: ({ dModel, p, q }) => cosSum(p - q, dModel, 'i'),
    },
    {
      id: 'sum-of-positions',
      part: 'dot',
      title: 'cos of the summed positions',
      hint: 'sin a sin b + cos a cos b = cos(a − b): the dot product depends on the difference of the positions.',
      compute: ({ dModel, p, q }) => cosSum(p + q, dModel),
    },
    {
      id: 'pair-index-formula',
      part: 'offset',
      title: 'i/d instead of 2i/d in the exponent',
      hint: 'With d_model = 4 the two pairs have ω_0 = 1 and ω_1 = 10000^(-2/4) = 1/100.',
      compute: () => 'cos(k) + cos(k/10)',
    },
    {
      id: 'sines',
      part: 'offset',
      title: 'sines instead of cosines',
      hint: 'Each pair contributes sin(a) sin(b) + cos(a) cos(b) = cos(a − b), a cosine of the offset.',
      compute: () => 'sin(k) + sin(k/100)',
    },
  ],
});
