import { attentionMask, type AttentionMaskOptions } from '../../../engine/attention.ts';
import { createRng, type Rng } from '../../../engine/random.ts';
import type { Mask } from '../../../engine/types.ts';
import { defineQuestion, EXACT_NUMBER, lettered, texMatrix } from '../../question-types.ts';

interface Params {
  n: number;
  validLength: number;
  /** Seeds the order of the options. */
  optionSeed: number;
}

const CANDIDATES: { id: string; causal: boolean; options?: AttentionMaskOptions }[] = [
  { id: 'right', causal: true },
  { id: 'strict-causal', causal: true, options: { strictCausal: true } },
  { id: 'inverted', causal: true, options: { inverted: true } },
  { id: 'pad-queries', causal: true, options: { padQueries: true } },
];

function draw(rng: Rng): Params {
  const n = rng.int(4, 6);
  return { n, validLength: rng.int(2, n - 1), optionSeed: rng.int(0, 1_000_000) };
}

const ordered = (p: Params) => createRng(`options:${p.optionSeed}`).shuffle(CANDIDATES.slice());
const tex = (m: Mask) => `$${texMatrix(m.map((row) => row.map((x) => (x ? '1' : '0'))))}$`;
const options = (p: Params) => lettered(ordered(p).map((c) => tex(attentionMask(p.n, p.validLength, c.causal, c.options))));
const optionOf = (p: Params, id: string) => options(p)[ordered(p).findIndex((c) => c.id === id)].id;
const count = (m: Mask) => m.flat().filter(Boolean).length;

export default defineQuestion<Params>({
  id: 'attention/mask-choice',
  title: 'A causal mask with padding',
  order: 2,
  exercises: ['attention/masks'],
  parts: [
    { name: 'mask', kind: 'choice', label: 'the causal mask with padding', points: 6, options },
    { name: 'allowed', kind: 'number', label: 'the number of (query, key) pairs it allows', points: 4, tolerance: EXACT_NUMBER },
  ],
  generate: draw,
  answer: (p) => ({ mask: optionOf(p, 'right'), allowed: count(attentionMask(p.n, p.validLength, true)) }),
  worked: (p) => ({
    rightTex: tex(attentionMask(p.n, p.validLength, true)),
    rowCounts: Array.from({ length: p.n }, (_, i) => Math.min(i + 1, p.validLength)).join(' + '),
    last: p.n - 1,
    lastValid: p.validLength - 1,
  }),
  misconceptions: [
    {
      id: 'strict-causal',
      part: 'mask',
      title: 'a query cannot see itself',
      hint: 'A causal mask lets query i attend to keys j ≤ i: the past and itself, so the diagonal is allowed.',
      compute: (p) => optionOf(p, 'strict-causal'),
    },
    {
      id: 'inverted',
      part: 'mask',
      title: 'true read as blocked',
      hint: 'Here 1 (true) means "query i may attend to key j", the convention of scaled_dot_product_attention; nn.MultiheadAttention uses the opposite one.',
      compute: (p) => optionOf(p, 'inverted'),
    },
    {
      id: 'pad-queries',
      part: 'mask',
      title: 'padding applied to the query rows',
      hint: 'Padding removes keys (columns j ≥ L); padding queries keep a normal row, so no row is empty.',
      compute: (p) => optionOf(p, 'pad-queries'),
    },
    {
      id: 'padding-ignored',
      part: 'allowed',
      title: 'padding not removed',
      hint: 'Keys j ≥ L are padding: no query may attend to them, whatever its position.',
      compute: (p) => (p.n * (p.n + 1)) / 2,
    },
    {
      id: 'padded-rows-empty',
      part: 'allowed',
      title: 'the padding query rows emptied',
      hint: 'The padding rule removes key columns only; rows of padding queries still allow the real keys before them.',
      compute: (p) => count(attentionMask(p.n, p.validLength, true, { padQueries: true })),
    },
  ],
});
