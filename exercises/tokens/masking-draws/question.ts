import type { Rng } from '../../../engine/random.ts';
import { maskTokens } from '../../../engine/tokens.ts';
import type { MlmDraws } from '../../../engine/types.ts';
import { defineQuestion, EXACT_NUMBER, roundTo } from '../../question-types.ts';

interface Params {
  ids: number[];
  special: boolean[];
  draws: MlmDraws;
  maskId: number;
}

const N = 7;
const CLS = 101;
const SEP = 102;
const MASK = 103;

/** A draw in [lo, hi], two decimals. */
const draw2 = (rng: Rng, lo: number, hi: number) => roundTo(rng.uniform(lo, hi), 2);
const actionFor = (rng: Rng, what: 'mask' | 'random' | 'keep') => (what === 'mask' ? draw2(rng, 0, 0.79) : what === 'random' ? draw2(rng, 0.81, 0.89) : draw2(rng, 0.91, 0.99));

function draw(rng: Rng): Params {
  const ids = [CLS, ...Array.from({ length: N - 2 }, () => rng.int(2000, 2999)), SEP];
  const special = ids.map((_, i) => i === 0 || i === N - 1);
  const inner = rng.shuffle([1, 2, 3, 4, 5]);
  const selected = inner.slice(0, rng.int(2, 3));
  const kinds: ('mask' | 'random' | 'keep')[] = ['mask', rng.pick(['random', 'keep'] as const), rng.pick(['mask', 'random', 'keep'] as const)];
  const select: number[] = [];
  const action: number[] = [];
  for (let i = 0; i < N; i++) {
    const at = selected.indexOf(i);
    // [CLS] always draws a select below 0.15 (and an action below 0.8): only the special flag keeps it out
    const chosen = at >= 0 || i === 0;
    select.push(chosen ? draw2(rng, 0.01, 0.14) : draw2(rng, 0.16, 0.99));
    action.push(i === 0 ? actionFor(rng, 'mask') : at >= 0 ? actionFor(rng, kinds[at]) : draw2(rng, 0, 0.99));
  }
  const randomId = Array.from({ length: N }, () => rng.int(1000, 1999));
  return { ids, special, draws: { select, action, randomId }, maskId: MASK };
}

const labelled = (labels: number[]) => labels.filter((l) => l !== -100).length;

export default defineQuestion<Params>({
  id: 'tokens/masking-draws',
  title: 'Masking for masked language modelling',
  order: 2,
  exercises: ['tokens/mlm-masking'],
  parts: [
    { name: 'inputIds', kind: 'vector', label: 'the input ids after masking (7 entries)', points: 4, tolerance: EXACT_NUMBER },
    { name: 'labels', kind: 'vector', label: 'the labels (7 entries, -100 where there is none)', points: 4, tolerance: EXACT_NUMBER },
    { name: 'count', kind: 'number', label: 'the number of positions the loss is computed on', points: 2, tolerance: EXACT_NUMBER },
  ],
  generate: draw,
  answer: (p) => {
    const r = maskTokens(p.ids, p.special, p.draws, p.maskId);
    return { inputIds: r.inputIds, labels: r.labels, count: labelled(r.labels) };
  },
  text: (p) => {
    const row = (xs: (number | string)[]) => `| ${xs.join(' | ')} |`;
    const table = [
      row(['position', ...p.ids.map((_, i) => i)]),
      row(['---', ...p.ids.map(() => '---')]),
      row(['id', ...p.ids]),
      row(['special', ...p.special.map((s) => (s ? 'yes' : 'no'))]),
      row(['select', ...p.draws.select]),
      row(['action', ...p.draws.action]),
      row(['randomId', ...p.draws.randomId]),
    ].join('\n');
    return { table };
  },
  worked: (p) => {
    const r = maskTokens(p.ids, p.special, p.draws, p.maskId);
    const lines = p.ids.map((id, i) => {
      if (p.special[i]) return `- position ${i}: special token, never selected`;
      if (p.draws.select[i] >= 0.15) return `- position ${i}: select ${p.draws.select[i]} is not below 0.15, unchanged, label -100`;
      const a = p.draws.action[i];
      const what = a < 0.8 ? `action ${a} < 0.8: becomes [MASK] (${p.maskId})` : a < 0.9 ? `action ${a} is in [0.8, 0.9): becomes the random id ${p.draws.randomId[i]}` : `action ${a} is at least 0.9: stays ${id}`;
      return `- position ${i}: selected (select ${p.draws.select[i]} < 0.15); ${what}; label ${id}`;
    });
    return { steps: lines.join('\n'), inputList: `[${r.inputIds.join(', ')}]`, labelList: `[${r.labels.join(', ')}]` };
  },
  misconceptions: [
    {
      id: 'special-selected',
      part: 'inputIds',
      title: 'a special token was masked',
      hint: 'Special tokens ([CLS], [SEP], padding) are never selected, whatever their draw.',
      compute: (p) => maskTokens(p.ids, p.special, p.draws, p.maskId, { ignoreSpecial: true }).inputIds,
    },
    {
      id: 'always-mask',
      part: 'inputIds',
      title: 'every selected position became [MASK]',
      hint: 'Of the selected positions, 80% become [MASK], 10% a random token and 10% stay unchanged, decided by the action draw.',
      compute: (p) => maskTokens(p.ids, p.special, p.draws, p.maskId, { alwaysMask: true }).inputIds,
    },
    {
      id: 'label-all',
      part: 'labels',
      title: 'every position labelled',
      hint: 'Only selected positions are predicted; the others get the label -100, which the loss ignores.',
      compute: (p) => maskTokens(p.ids, p.special, p.draws, p.maskId, { labelAll: true }).labels,
    },
    {
      id: 'special-labelled',
      part: 'labels',
      title: 'a special token was selected',
      hint: 'Special tokens are never selected, so they keep the label -100.',
      compute: (p) => maskTokens(p.ids, p.special, p.draws, p.maskId, { ignoreSpecial: true }).labels,
    },
    {
      id: 'count-special',
      part: 'count',
      title: 'a special token counted',
      hint: 'The loss runs over the selected positions only, and special tokens are never selected.',
      compute: (p) => labelled(maskTokens(p.ids, p.special, p.draws, p.maskId, { ignoreSpecial: true }).labels),
    },
  ],
});
