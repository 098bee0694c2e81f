import { add, embed, embedWithPositions, generate, sinusoidalEncoding } from '../../../engine/index.ts';
import type { Rng } from '../../../engine/random.ts';
import type { Matrix } from '../../../engine/types.ts';
import { roundAll } from '../../cases.ts';
import { defineExercise, type CaseSpec } from '../../types.ts';

const { matrix, tokenIds } = generate;

/** A case whose ids include 0 and V - 1 and are not all equal to their positions. */
function sequenceCase(rng: Rng, name: string, n: number, vocab: number, d: number): CaseSpec {
  const ids = tokenIds(rng, n, vocab);
  ids[rng.int(0, n - 1)] = vocab - 1; // the last row of the table is used
  return { name, args: [ids, matrix(rng, vocab, d)] };
}

export default defineExercise({
  id: 'position/embed-with-positions',
  title: 'Token embeddings plus positions',
  order: 3,
  prerequisites: ['position/sinusoidal', 'tokens/embedding-lookup'],
  functionName: 'embedWithPositions',
  reference: embedWithPositions,
  points: 10,
  helpers: ['embed', 'sinusoidalEncoding'],
  hints: [
    'Two matrices of the same shape n x d: the looked-up rows of the table, and the sinusoidal encoding of a sequence of length n with the table\'s width. Add them entry by entry.',
    'Row t of the encoding belongs to position t (0, 1, 2, ...), whatever the token id at that position is.',
    'No scaling: this exercise adds the table rows exactly as they are, without the sqrt(d) factor of the original paper.',
  ],
  visibleCases: (rng: Rng) => [
    { name: 'the worked example', args: [[2, 0, 2], [[0.5, -0.5], [1, 1], [0.25, 0]]] },
    { name: '4 tokens, dModel 4', args: [[1, 3, 0, 1], roundAll(matrix(rng.fork('table'), 4, 4))] },
  ],
  hiddenCases: (rng: Rng): CaseSpec[] => [
    { name: 'a single token', args: [[rng.int(1, 4)], matrix(rng, 5, 4)] },
    { name: 'one token repeated', args: [new Array(5).fill(rng.int(1, 5)), matrix(rng, 6, 6)] },
    sequenceCase(rng, 'dModel 2', 6, 4, 2),
    sequenceCase(rng, 'odd length', 7, 10, 8),
    sequenceCase(rng, 'random ids', rng.int(3, 9), rng.int(5, 12), 2 * rng.int(2, 6)),
    sequenceCase(rng, 'long sequence', rng.int(20, 40), 50, 16),
  ],
  misconceptions: [
    {
      id: 'scaled-embeddings',
      title: 'embeddings multiplied by sqrt(d)',
      hint: 'The original Transformer scales its embeddings by sqrt(d) before adding the positions; this exercise does not. Add the table rows as they are.',
      compute: (ids: number[], table: Matrix) => embedWithPositions(ids, table, { scaleEmbeddings: true }),
    },
    {
      id: 'position-from-token-id',
      title: 'the encoding row chosen by the token id',
      hint: 'The positional encoding says where a token sits, so row t of the encoding goes with the token at position t. Using the token id to pick the encoding row gives a repeated token the same vector everywhere.',
      compute: (ids: number[], table: Matrix) => {
        const pe = sinusoidalEncoding(Math.max(...ids) + 1, table[0].length);
        return add(embed(ids, table), embed(ids, pe));
      },
    },
    {
      id: 'positions-from-one',
      title: 'positions counted from 1',
      hint: 'Positions start at 0: the first token gets the encoding of position 0, which is [0, 1, 0, 1, ...].',
      compute: (ids: number[], table: Matrix) =>
        add(embed(ids, table), sinusoidalEncoding(ids.length + 1, table[0].length).slice(1)),
    },
    {
      id: 'concatenated-encoding',
      title: 'the encoding in the concatenated layout',
      hint: 'Use the interleaved encoding of the sinusoidal exercise: sin in column 2i and cos in column 2i + 1 of the same pair, not all sines followed by all cosines.',
      compute: (ids: number[], table: Matrix) => embedWithPositions(ids, table, { layout: 'concatenated' }),
    },
  ],
});
