import { matrix, vector } from '../../../engine/generate.ts';
import type { Rng } from '../../../engine/random.ts';
import type { Matrix, Vector } from '../../../engine/types.ts';
import { vitEmbeddings } from '../../../engine/vision.ts';
import { defineExercise } from '../../types.ts';

function embeddingsCase(rng: Rng, name: string, N: number, D: number) {
  const r = rng.fork(name);
  return { name, args: [matrix(r, N, D), vector(r, D), matrix(r, N + 1, D, 0.5)] };
}

export default defineExercise({
  id: 'vision/vit-embeddings',
  title: 'ViT embeddings: a class token and positions',
  order: 4,
  prerequisites: ['vision/patch-embedding'],
  functionName: 'vitEmbeddings',
  reference: vitEmbeddings,
  points: 10,
  helpers: [],
  hints: [
    'The output has N + 1 rows: the class token first, then the N patch tokens in order.',
    'Row i of the output is row i of [cls; patchTokens] plus pos[i], so patch t meets pos[t + 1].',
    'Build new rows instead of adding into cls or patchTokens: the inputs must stay unchanged.',
  ],
  visibleCases: () => [
    { name: 'worked-example', args: [[[1, 2], [3, 4]], [0.5, -0.5], [[0, 0.1], [0.2, 0.3], [0.4, 0.5]]] },
    { name: 'four-patches', args: [[[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 1]], [0, 0, 0], [[0.1, 0.1, 0.1], [0.2, 0, 0], [0, 0.2, 0], [0, 0, 0.2], [-1, -1, -1]]] },
  ],
  hiddenCases: (rng) => [
    embeddingsCase(rng, 'one-patch', 1, 4),
    embeddingsCase(rng, 'four-patches-width-3', 4, 3),
    embeddingsCase(rng, 'nine-patches-width-8', 9, 8),
    embeddingsCase(rng, 'sixteen-patches-width-6', 16, 6),
    embeddingsCase(rng, 'width-1', 6, 1),
    embeddingsCase(rng, 'six-patches-width-5', 6, 5),
  ],
  misconceptions: [
    {
      id: 'cls-forgotten',
      title: 'class token forgotten',
      hint: 'The sequence gets one extra row in front, the class token, so the output has N + 1 rows, as many as pos.',
      compute: (tokens: Matrix, cls: Vector, pos: Matrix) => vitEmbeddings(tokens, cls, pos, { cls: false }),
    },
    {
      id: 'cls-appended',
      title: 'class token appended at the end',
      hint: 'The class token goes first, as row 0, where the classifier reads it; the patches follow it and meet pos[1], pos[2], ...',
      compute: (tokens: Matrix, cls: Vector, pos: Matrix) => vitEmbeddings(tokens, cls, pos, { clsAt: 'last' }),
    },
    {
      id: 'positions-forgotten',
      title: 'position embeddings not added',
      hint: 'After prepending the class token, add pos row by row: without positions, attention cannot tell where a patch was.',
      compute: (tokens: Matrix, cls: Vector, pos: Matrix) => vitEmbeddings(tokens, cls, pos, { positions: false }),
    },
  ],
});
