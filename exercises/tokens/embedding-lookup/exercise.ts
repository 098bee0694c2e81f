import { matrix, tokenIds } from '../../../engine/generate.ts';
import type { Rng } from '../../../engine/random.ts';
import { embed } from '../../../engine/tokens.ts';
import type { Matrix } from '../../../engine/types.ts';
import { shortMatrix } from '../../cases.ts';
import { defineExercise } from '../../types.ts';

/** n ids in 1 .. V-1: cases without id 0, where an off-by-one lookup still returns real rows. */
const idsFromOne = (rng: Rng, n: number, V: number) => tokenIds(rng, n, V - 1).map((id) => id + 1);

export default defineExercise({
  id: 'tokens/embedding-lookup',
  title: 'Embedding lookup',
  order: 2,
  prerequisites: [],
  functionName: 'embed',
  reference: embed,
  points: 10,
  helpers: [],
  hints: [
    'The result has one row per id, in the order of ids, and as many columns as the table.',
    'Row i of the result is the row of the table whose index is ids[i]: the id picks the row, not the position i.',
    'Ids start at 0: id 0 is table[0].',
  ],
  visibleCases: (rng) => [
    { name: 'the worked example', args: [[2, 0, 2], [[0.1, 0.2], [1, -1], [0.5, 0.5], [3, 0]]] },
    { name: 'V = 5, d = 3', args: [[4, 1, 3, 1], shortMatrix(rng, 5, 3)] },
  ],
  hiddenCases: (rng) => {
    const V = rng.int(8, 12);
    const table = matrix(rng, V, 6);
    return [
      { name: 'repeated ids', args: [[3, 3, 1, 3, 1], matrix(rng, 6, 4)] },
      { name: 'first and last rows', args: [[V - 1, 0, V - 1], table] },
      { name: 'a single id', args: [idsFromOne(rng, 1, 7), matrix(rng, 7, 5)] },
      { name: 'width 1', args: [idsFromOne(rng, 4, 5), matrix(rng, 5, 1)] },
      { name: 'every id once, shuffled', args: [rng.shuffle(Array.from({ length: V }, (_, i) => i)), table] },
      { name: 'wide table', args: [idsFromOne(rng, 6, 20), matrix(rng, 20, 32)] },
      { name: 'random ids', args: [tokenIds(rng, 7, V), table] },
    ];
  },
  misconceptions: [
    {
      id: 'positions-instead-of-ids',
      title: 'rows picked by position instead of by id',
      hint: 'Your rows follow the positions 0, 1, 2, ... of the sequence. Row i of the result must be the table row named by ids[i].',
      compute: (ids: number[], table: Matrix) =>
        embed(
          ids.map((_, i) => i),
          table,
        ),
    },
    {
      id: 'one-based-ids',
      title: 'ids treated as 1-based',
      hint: 'Your rows look shifted by one: ids are 0-based, so id t is table[t], not table[t - 1].',
      // table[t - 1]; id 0 (no row before the first) stands in as zeros
      compute: (ids: number[], table: Matrix) => embed(ids, [table[0].map(() => 0), ...table]),
    },
  ],
});
