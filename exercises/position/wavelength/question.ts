import { frequency } from '../../../engine/position.ts';
import type { Rng } from '../../../engine/random.ts';
import { defineQuestion, texNumber } from '../../question-types.ts';

/** Column `column` = 2i + 1 (a cosine) of the sinusoidal encoding of width dModel, at position pos. */
interface Params {
  dModel: number;
  column: number;
  pos: number;
}

function draw(rng: Rng): Params {
  for (;;) {
    const dModel = rng.pick([16, 32, 64, 128, 256, 512]);
    const i = rng.int(1, Math.min(dModel / 2 - 1, 40));
    const pos = rng.int(1, 60);
    const w = frequency(i, dModel);
    // keep the cosine far from the sine and from the column-exponent mistake, so each shows
    const wrongW = Math.pow(10000, -(2 * i + 1) / dModel);
    if (Math.abs(Math.cos(pos * w) - Math.sin(pos * w)) > 0.01 && Math.abs(Math.cos(pos * w) - Math.cos(pos * wrongW)) > 0.01) return { dModel, column: 2 * i + 1, pos };
  }
}

const pair = (p: Params) => (p.column - 1) / 2;
const omega = (p: Params) => frequency(pair(p), p.dModel);

export default defineQuestion<Params>({
  id: 'position/wavelength',
  title: 'The wavelength of a sinusoidal dimension',
  order: 1,
  exercises: ['position/sinusoidal'],
  parts: [
    { name: 'frequency', kind: 'number', label: 'the angular frequency $\\omega$ of column {{column}}', points: 3, tolerance: { sigFigs: 3 } },
    { name: 'wavelength', kind: 'number', label: 'its wavelength, in positions', points: 3, tolerance: { sigFigs: 3 } },
    { name: 'entry', kind: 'number', label: '$PE[\\text{pos}][\\text{column}]$', points: 4, tolerance: { atol: 1e-4, rtol: 0 } },
  ],
  generate: draw,
  answer: (p) => ({ frequency: omega(p), wavelength: (2 * Math.PI) / omega(p), entry: Math.cos(p.pos * omega(p)) }),
  text: (p) => ({ pair: pair(p), twoI: 2 * pair(p) }),
  worked: (p) => ({ exponent: texNumber((2 * pair(p)) / p.dModel, 6), angle: texNumber(p.pos * omega(p), 6) }),
  misconceptions: [
    {
      id: 'column-exponent',
      part: 'frequency',
      title: 'the column index in the exponent',
      hint: 'Both columns of pair i (2i and 2i + 1) share one frequency, 10000^(-2i/d); an odd column does not use its own index.',
      compute: (p) => Math.pow(10000, -p.column / p.dModel),
    },
    {
      id: 'pair-index-exponent',
      part: 'frequency',
      title: 'i/d instead of 2i/d in the exponent',
      hint: 'The exponent is 2i/d_model, where i numbers the (sin, cos) pairs.',
      compute: (p) => frequency(pair(p), p.dModel, 'i'),
    },
    {
      id: 'no-two-pi',
      part: 'wavelength',
      title: '1/ω taken as the wavelength',
      hint: 'A sinusoid sin(ω pos) repeats when ω pos grows by 2π: its wavelength is 2π/ω.',
      compute: (p) => 1 / omega(p),
    },
    {
      id: 'sine-column',
      part: 'entry',
      title: 'a sine in an odd column',
      hint: 'In the interleaved layout even columns hold sines and odd columns cosines.',
      compute: (p) => Math.sin(p.pos * omega(p)),
    },
    {
      id: 'column-exponent-entry',
      part: 'entry',
      title: 'the column index in the exponent',
      hint: 'Column 2i + 1 uses the frequency of pair i, 10000^(-2i/d), the same as column 2i.',
      compute: (p) => Math.cos(p.pos * Math.pow(10000, -p.column / p.dModel)),
    },
  ],
});
