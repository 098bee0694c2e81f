import { frequency } from '../../../engine/position.ts';
import type { Rng } from '../../../engine/random.ts';
import { defineQuestion, texNumber } from '../../question-types.ts';

/** The rotation that moves pair `pair` of the sinusoidal encoding (width dModel) by `shift` positions. */
interface Params {
  dModel: number;
  pair: number;
  shift: number;
}

const angle = (p: Params) => p.shift * frequency(p.pair, p.dModel);

function draw(rng: Rng): Params {
  for (;;) {
    const dModel = rng.pick([8, 16, 32, 64, 128]);
    const p = { dModel, pair: rng.int(1, Math.min(dModel / 2 - 1, 6)), shift: rng.pick([-1, 1]) * rng.int(1, 30) };
    // a rotation that visibly rotates (sin well away from 0), so the transposed block shows
    if (Math.abs(Math.sin(angle(p))) > 0.05 && Math.abs(Math.cos(angle(p))) > 0.05) return p;
  }
}

/** [[cos a, sin a], [-sin a, cos a]]: with PE rows as column vectors, (sin, cos)(pos + k) = B (sin, cos)(pos). */
const block = (a: number) => [
  [Math.cos(a), Math.sin(a)],
  [-Math.sin(a), Math.cos(a)],
];

export default defineQuestion<Params>({
  id: 'position/shift-rotation',
  title: 'The rotation that a position shift applies',
  order: 2,
  exercises: ['position/relative-shift'],
  parts: [
    { name: 'angle', kind: 'number', label: 'the phase advance $\\theta$, in radians', points: 4, tolerance: { sigFigs: 3 } },
    { name: 'block', kind: 'matrix', label: 'the $2 \\times 2$ block $B$', points: 6, tolerance: { atol: 1e-4, rtol: 0 } },
  ],
  generate: draw,
  answer: (p) => ({ angle: angle(p), block: block(angle(p)) }),
  text: (p) => ({ c0: 2 * p.pair, c1: 2 * p.pair + 1 }),
  worked: (p) => ({ omega: texNumber(frequency(p.pair, p.dModel), 6), exponent: texNumber((2 * p.pair) / p.dModel, 6) }),
  misconceptions: [
    {
      id: 'pair-index-exponent',
      part: 'angle',
      title: 'i/d instead of 2i/d in the exponent',
      hint: 'Pair i turns at ω_i = 10000^(-2i/d_model) radians per position.',
      compute: (p) => p.shift * frequency(p.pair, p.dModel, 'i'),
    },
    {
      id: 'transposed',
      part: 'block',
      title: 'the transposed rotation (a shift by -k)',
      hint: 'Expand sin(a + b) = sin a cos b + cos a sin b and cos(a + b) = cos a cos b − sin a sin b with b = kω: the new sine takes +sin(kω) times the old cosine.',
      compute: (p) => block(-angle(p)),
    },
    {
      id: 'pair-index-block',
      part: 'block',
      title: 'i/d instead of 2i/d in the exponent',
      hint: 'The block rotates by k ω_i with ω_i = 10000^(-2i/d_model).',
      compute: (p) => block(p.shift * frequency(p.pair, p.dModel, 'i')),
    },
  ],
});
