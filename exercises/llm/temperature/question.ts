import { nextTokenProbs } from '../../../engine/llm.ts';
import type { Rng } from '../../../engine/random.ts';
import { defineQuestion, formatNumber, roundTo, texVector } from '../../question-types.ts';

interface Params {
  logits: number[];
  temperature: number;
  /** The ratio p_a / p_b is asked as a formula in T. */
  a: number;
  b: number;
}

function draw(rng: Rng): Params {
  for (;;) {
    const logits = Array.from({ length: 4 }, () => roundTo(rng.uniform(-2, 3), 1));
    if (new Set(logits).size < 4) continue;
    const [a, b] = rng.shuffle([0, 1, 2, 3]).slice(0, 2);
    return { logits, temperature: rng.pick([0.5, 0.7, 1.5, 2, 3]), a, b };
  }
}

const num = (x: number) => (x < 0 ? `(${formatNumber(x)})` : formatNumber(x));
const diff = (p: Params) => `(${num(p.logits[p.a])} - ${num(p.logits[p.b])})`;

export default defineQuestion<Params>({
  id: 'llm/temperature',
  title: 'Softmax at a temperature',
  order: 1,
  exercises: ['llm/next-token'],
  parts: [
    { name: 'probs', kind: 'vector', label: 'the next-token probabilities at $T = {{temperature}}$', points: 5, tolerance: { atol: 1e-3, rtol: 0 } },
    { name: 'ratio', kind: 'expression', label: '$p_{{a}} / p_{{b}}$ as a formula in the temperature `T`', points: 5, variables: [{ name: 'T', min: 0.2, max: 5 }] },
  ],
  generate: draw,
  answer: (p) => ({ probs: nextTokenProbs(p.logits, p.temperature), ratio: `exp(${diff(p)} / T)` }),
  text: (p) => ({ logitsTex: texVector(p.logits), la: p.logits[p.a], lb: p.logits[p.b] }),
  worked: (p) => ({ scaledTex: texVector(p.logits.map((l) => l / p.temperature), 5) }),
  misconceptions: [
    {
      id: 'multiplied-by-t',
      part: 'probs',
      title: 'logits multiplied by T',
      hint: 'The temperature divides the logits: softmax(l / T). A high temperature flattens the distribution.',
      compute: (p) => nextTokenProbs(p.logits, p.temperature, { temperature: 'multiply' }),
    },
    {
      id: 'temperature-ignored',
      part: 'probs',
      title: 'the temperature left out',
      hint: 'Divide every logit by T before the softmax.',
      compute: (p) => nextTokenProbs(p.logits, p.temperature, { temperature: 'ignore' }),
    },
    {
      id: 'ratio-times-t',
      part: 'ratio',
      title: 'the logit difference multiplied by T',
      hint: 'p_a / p_b = exp(l_a / T) / exp(l_b / T): the normaliser cancels and the difference is divided by T.',
      compute: (p) => `exp(${diff(p)} * T)`,
    },
    {
      id: 'no-exp',
      part: 'ratio',
      title: 'the exponential dropped',
      hint: 'Probabilities are exponentials of the scaled logits; their ratio is the exponential of the scaled difference.',
      compute: (p) => `${diff(p)} / T`,
    },
  ],
});
