import type { Rng } from '../../../engine/random.ts';
import { defineQuestion, EXACT_NUMBER, texNumber } from '../../question-types.ts';

interface Params {
  d: number;
  dff: number;
  heads: number;
}

function draw(rng: Rng): Params {
  const d = rng.pick([64, 128, 192, 256, 384, 512, 768, 1024]);
  return { d, dff: d * rng.pick([2, 3, 4]), heads: rng.pick([4, 8, 16].filter((h) => d % h === 0)) };
}

const attention = ({ d }: Params) => 4 * d * d + 4 * d;
const ffn = ({ d, dff }: Params) => 2 * d * dff + dff + d;

export default defineQuestion<Params>({
  id: 'transformer/block-params',
  title: 'Parameters of an encoder block',
  order: 2,
  exercises: ['transformer/feed-forward', 'transformer/encoder-block'],
  parts: [
    { name: 'attention', kind: 'number', label: 'parameters of the multi-head attention', points: 3, tolerance: EXACT_NUMBER },
    { name: 'ffn', kind: 'number', label: 'parameters of the feed-forward network', points: 3, tolerance: EXACT_NUMBER },
    { name: 'total', kind: 'number', label: 'parameters of the whole block', points: 4, tolerance: EXACT_NUMBER },
  ],
  generate: draw,
  answer: (p) => ({ attention: attention(p), ffn: ffn(p), total: attention(p) + ffn(p) + 4 * p.d }),
  worked: (p) => ({
    attentionTex: texNumber(attention(p)),
    ffnTex: texNumber(ffn(p)),
    w1: texNumber(p.d * p.dff),
    lnTex: 4 * p.d,
    totalTex: texNumber(attention(p) + ffn(p) + 4 * p.d),
  }),
  misconceptions: [
    {
      id: 'attention-no-biases',
      part: 'attention',
      title: 'the attention biases not counted',
      hint: 'Wq, Wk, Wv and Wo each come with a bias of d entries.',
      compute: ({ d }) => 4 * d * d,
    },
    {
      id: 'ffn-no-biases',
      part: 'ffn',
      title: 'the feed-forward biases not counted',
      hint: 'x W1 + b1 has a bias of d_ff entries and the second layer one of d entries.',
      compute: ({ d, dff }) => 2 * d * dff,
    },
    {
      id: 'ffn-one-bias',
      part: 'ffn',
      title: 'only the first bias counted',
      hint: 'Both layers of the feed-forward net have a bias: b1 (d_ff entries) and b2 (d entries).',
      compute: ({ d, dff }) => 2 * d * dff + dff,
    },
    {
      id: 'no-layer-norms',
      part: 'total',
      title: 'the layer norms not counted',
      hint: 'Each of the two layer norms has a gamma and a beta of d entries: 4d parameters.',
      compute: (p) => attention(p) + ffn(p),
    },
    {
      id: 'one-layer-norm',
      part: 'total',
      title: 'one layer norm counted',
      hint: 'A pre-LN block normalises twice, before the attention and before the feed-forward net.',
      compute: (p) => attention(p) + ffn(p) + 2 * p.d,
    },
  ],
});
