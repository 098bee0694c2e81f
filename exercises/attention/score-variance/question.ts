import type { Rng } from '../../../engine/random.ts';
import { defineQuestion } from '../../question-types.ts';

/** q and k have d independent zero-mean entries, of variance a (q) and b (k). */
interface Params {
  d: number;
  a: number;
  b: number;
}

const VARIANCES = [0.25, 0.5, 1, 2, 4];

function draw(rng: Rng): Params {
  return { d: rng.pick([16, 32, 64, 128, 256, 512]), a: rng.pick(VARIANCES), b: rng.pick(VARIANCES) };
}

const REL = { atol: 0, rtol: 1e-6 };

export default defineQuestion<Params>({
  id: 'attention/score-variance',
  title: 'Why attention divides by the square root of d_k',
  order: 1,
  exercises: ['attention/scores', 'attention/scaled-dot-product'],
  parts: [
    { name: 'variance', kind: 'number', label: '$\\operatorname{Var}(q \\cdot k)$', points: 3, tolerance: REL },
    { name: 'scaledVariance', kind: 'number', label: '$\\operatorname{Var}(q \\cdot k / \\sqrt{d_k})$', points: 3, tolerance: REL },
    {
      name: 'std',
      kind: 'expression',
      label: 'the standard deviation of $q \\cdot k$ when every entry has standard deviation $s$, as a formula in `d` and `s`',
      points: 4,
      variables: [
        { name: 'd', min: 1, max: 1024, integer: true },
        { name: 's', min: 0.1, max: 3 },
      ],
    },
  ],
  generate: draw,
  answer: ({ d, a, b }) => ({ variance: d * a * b, scaledVariance: a * b, std: 's^2 * sqrt(d)' }),
  worked: ({ a, b }) => ({ ab: a * b }),
  misconceptions: [
    {
      id: 'added-variances',
      part: 'variance',
      title: 'the variances of q and k added',
      hint: 'For independent zero-mean x and y, Var(x y) = E[x²] E[y²] = Var(x) Var(y): the variances multiply.',
      compute: ({ d, a, b }) => d * (a + b),
    },
    {
      id: 'one-term',
      part: 'variance',
      title: 'the variance of one term only',
      hint: 'q · k sums d independent terms, and variances of independent terms add up: d times one term.',
      compute: ({ a, b }) => a * b,
    },
    {
      id: 'scale-not-squared',
      part: 'scaledVariance',
      title: 'the variance divided by sqrt(d_k)',
      hint: 'Scaling a variable by c scales its variance by c²: dividing by sqrt(d_k) divides the variance by d_k.',
      compute: ({ d, a, b }) => (d * a * b) / Math.sqrt(d),
    },
    {
      id: 'std-of-one-entry',
      part: 'std',
      title: 's sqrt(d): one factor of s',
      hint: 'Each term q_i k_i has variance s² · s² = s⁴, so the sum has variance d s⁴.',
      compute: () => 's * sqrt(d)',
    },
    {
      id: 'variance-for-std',
      part: 'std',
      title: 'the variance given, not the standard deviation',
      hint: 'The variance of q · k is d s⁴; its standard deviation is the square root of that.',
      compute: () => 'd * s^4',
    },
  ],
});
