import { mlmDraws, tokenIds } from '../../../engine/generate.ts';
import type { Rng } from '../../../engine/random.ts';
import { maskTokens } from '../../../engine/tokens.ts';
import type { MlmDraws } from '../../../engine/types.ts';
import { defineExercise } from '../../types.ts';

const V = 30;
const MASK_ID = 4;

/** [CLS] ... [SEP] followed by padding: special at both ends and on the padding. */
function specialFlags(n: number, realLength: number): boolean[] {
  return Array.from({ length: n }, (_, i) => i === 0 || i >= realLength - 1);
}

/**
 * One position of every kind, in random order: a special token that would otherwise be selected,
 * [MASK], random replacement, kept-but-labelled, and unselected.
 */
function everyKind(rng: Rng): [number[], boolean[], MlmDraws, number] {
  const kinds = rng.shuffle([
    { special: true, select: rng.uniform(0, 0.15), action: rng.uniform(0, 0.8) },
    { special: false, select: rng.uniform(0, 0.15), action: rng.uniform(0, 0.8) },
    { special: false, select: rng.uniform(0, 0.15), action: rng.uniform(0.8, 0.9) },
    { special: false, select: rng.uniform(0, 0.15), action: rng.uniform(0.9, 1) },
    { special: false, select: rng.uniform(0.15 + 1e-9, 1), action: rng.next() },
    { special: false, select: rng.uniform(0.15 + 1e-9, 1), action: rng.uniform(0, 0.8) },
  ]);
  const n = kinds.length;
  return [
    tokenIds(rng, n, V),
    kinds.map((k) => k.special),
    { select: kinds.map((k) => k.select), action: kinds.map((k) => k.action), randomId: tokenIds(rng, n, V) },
    MASK_ID,
  ];
}

/** `<=` instead of `<` at the thresholds: nudge draws that sit exactly on one below it. */
function inclusive(draws: MlmDraws): MlmDraws {
  const below = (x: number, edges: number[]) => (edges.includes(x) ? x - 1e-9 : x);
  return {
    select: draws.select.map((s) => below(s, [0.15])),
    action: draws.action.map((a) => below(a, [0.8, 0.9])),
    randomId: draws.randomId,
  };
}

export default defineExercise({
  id: 'tokens/mlm-masking',
  title: 'Masked language modelling: corrupting the input',
  order: 3,
  prerequisites: ['tokens/embedding-lookup'],
  functionName: 'maskTokens',
  reference: maskTokens,
  points: 10,
  exact: true,
  helpers: [],
  hints: [
    'Decide "selected or not" first, for each position on its own: not special and select[i] < 0.15.',
    'Every position gets a label: the original id if selected, -100 otherwise. Then choose the input id of a selected position from action[i].',
    'The thresholds are strict: a draw exactly equal to 0.15, 0.8 or 0.9 falls on the upper side.',
  ],
  visibleCases: () => [
    {
      name: 'the worked example',
      args: [
        [2, 7, 9, 4, 3],
        [true, false, false, false, true],
        { select: [0.01, 0.1, 0.5, 0.14, 0.02], action: [0.3, 0.85, 0.1, 0.95, 0.2], randomId: [5, 6, 8, 0, 5] },
        1,
      ],
    },
    {
      name: 'draws on the thresholds',
      args: [
        [11, 12, 13, 14],
        [false, false, false, false],
        { select: [0.15, 0.05, 0.2, 0.12], action: [0.1, 0.8, 0.5, 0.9], randomId: [20, 21, 22, 23] },
        4,
      ],
    },
  ],
  hiddenCases: (rng) => {
    const n1 = rng.int(10, 14);
    const n2 = rng.int(24, 32);
    const boundaryIds = tokenIds(rng, 6, V);
    return [
      { name: 'a sentence', args: [tokenIds(rng, n1, V), specialFlags(n1, n1), mlmDraws(rng, n1, V), MASK_ID] },
      { name: 'a padded sentence', args: [tokenIds(rng, n2, V), specialFlags(n2, n2 - 6), mlmDraws(rng, n2, V), MASK_ID] },
      { name: 'one position of every kind', args: everyKind(rng) },
      {
        name: 'draws exactly on the thresholds',
        args: [
          boundaryIds,
          [false, false, false, false, false, false],
          {
            select: rng.shuffle([0.15, 0.15, 0.1, 0.05, 0.01, 0.149]),
            action: [0.8, 0.9, 0.8, 0.9, 0.7999, 0.8999],
            randomId: tokenIds(rng, 6, V),
          },
          MASK_ID,
        ],
      },
      {
        name: 'only special tokens',
        args: [tokenIds(rng, 5, V), [true, true, true, true, true], { select: [0, 0.01, 0.05, 0.1, 0.14], action: [0.1, 0.5, 0.85, 0.95, 0.3], randomId: tokenIds(rng, 5, V) }, MASK_ID],
      },
      {
        name: 'every position selected',
        args: [tokenIds(rng, 7, V), new Array(7).fill(false), { ...mlmDraws(rng, 7, V), select: Array.from({ length: 7 }, () => rng.uniform(0, 0.15)) }, MASK_ID],
      },
      { name: 'one token, selected and kept', args: [[rng.int(5, V - 1)], [false], { select: [0.07], action: [0.95], randomId: [rng.int(0, V - 1)] }, MASK_ID] },
      { name: 'one token, not selected', args: [[rng.int(5, V - 1)], [false], { select: [0.6], action: [0.1], randomId: [rng.int(0, V - 1)] }, MASK_ID] },
    ];
  },
  misconceptions: [
    {
      id: 'special-tokens-selected',
      title: 'special tokens can be selected',
      hint: 'A special token ([CLS], [SEP], padding) is never selected, whatever its draw: check special[i] before select[i].',
      compute: (ids: number[], special: boolean[], draws: MlmDraws, maskId: number) =>
        maskTokens(ids, special, draws, maskId, { ignoreSpecial: true }),
    },
    {
      id: 'labels-everywhere',
      title: 'labels on unselected positions',
      hint: 'Only selected positions carry their id as a label; every other position gets -100, so the loss ignores it.',
      compute: (ids: number[], special: boolean[], draws: MlmDraws, maskId: number) =>
        maskTokens(ids, special, draws, maskId, { labelAll: true }),
    },
    {
      id: 'always-mask',
      title: 'every selected position becomes [MASK]',
      hint: 'Only 80% of the selected positions become the mask id: action in [0.8, 0.9) gives randomId[i], and action >= 0.9 keeps the original id.',
      compute: (ids: number[], special: boolean[], draws: MlmDraws, maskId: number) =>
        maskTokens(ids, special, draws, maskId, { alwaysMask: true }),
    },
    {
      id: 'inclusive-thresholds',
      title: '<= instead of < at the thresholds',
      hint: 'A draw exactly on a threshold falls on the upper side: select equal to 0.15 is not selected, and action equal to 0.8 or 0.9 moves to the next choice.',
      compute: (ids: number[], special: boolean[], draws: MlmDraws, maskId: number) =>
        maskTokens(ids, special, inclusive(draws), maskId),
    },
  ],
});
