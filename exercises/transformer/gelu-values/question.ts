import type { Rng } from '../../../engine/random.ts';
import { geluScalar } from '../../../engine/transformer.ts';
import { defineQuestion, roundTo, texNumber } from '../../question-types.ts';

interface Params {
  x: number;
  y: number;
}

function draw(rng: Rng): Params {
  return { x: roundTo(rng.uniform(0.3, 2.5), 2), y: roundTo(rng.uniform(-2.5, -0.3), 2) };
}

const inner = (v: number) => Math.sqrt(2 / Math.PI) * (v + 0.044715 * v ** 3);

export default defineQuestion<Params>({
  id: 'transformer/gelu-values',
  title: 'GELU at a positive and a negative input',
  order: 3,
  exercises: ['transformer/gelu'],
  parts: [
    { name: 'positive', kind: 'number', label: '$\\operatorname{GELU}({{x}})$', points: 5, tolerance: { sigFigs: 4 } },
    { name: 'negative', kind: 'number', label: '$\\operatorname{GELU}({{y}})$', points: 5, tolerance: { sigFigs: 3 } },
  ],
  generate: draw,
  answer: ({ x, y }) => ({ positive: geluScalar(x), negative: geluScalar(y) }),
  worked: ({ x, y }) => ({
    innerX: texNumber(inner(x), 6),
    tanhX: texNumber(Math.tanh(inner(x)), 6),
    innerY: texNumber(inner(y), 6),
    tanhY: texNumber(Math.tanh(inner(y)), 6),
  }),
  misconceptions: [
    {
      id: 'sigmoid-approximation',
      part: 'positive',
      title: 'the sigmoid approximation x σ(1.702 x)',
      hint: 'The course uses the tanh form, 0.5 x (1 + tanh(sqrt(2/π)(x + 0.044715 x³))); the sigmoid form is a coarser approximation.',
      compute: ({ x }) => geluScalar(x, 'sigmoid'),
    },
    {
      id: 'relu',
      part: 'negative',
      title: 'GELU taken for ReLU',
      hint: 'GELU is not 0 for negative inputs: x Φ(x) is slightly negative there, with its minimum near x ≈ −0.75.',
      compute: () => 0,
    },
    {
      id: 'sigmoid-approximation-negative',
      part: 'negative',
      title: 'the sigmoid approximation x σ(1.702 x)',
      hint: 'Use the tanh form of the course, 0.5 x (1 + tanh(sqrt(2/π)(x + 0.044715 x³))).',
      compute: ({ y }) => geluScalar(y, 'sigmoid'),
    },
  ],
});
