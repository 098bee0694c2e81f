import { cosineSimilarity, dot } from '../../../engine/linalg.ts';
import { vector } from '../../../engine/generate.ts';
import type { Rng } from '../../../engine/random.ts';
import { defineExercise } from '../../types.ts';

/** A vector whose norm is at least 1e-4 (the curriculum's knife edge for non-zero vectors). */
function nonZero(rng: Rng, n: number, scale = 2): number[] {
  for (;;) {
    const v = vector(rng, n, scale);
    if (Math.hypot(...v) >= 1e-4) return v;
  }
}

export default defineExercise({
  id: 'foundations/cosine-similarity',
  title: 'Cosine similarity',
  order: 2,
  prerequisites: ['foundations/dot-product'],
  functionName: 'cosineSimilarity',
  reference: cosineSimilarity,
  points: 10,
  helpers: [],
  hints: [
    'You need three sums over the same indices: a . b, a . a and b . b.',
    'The length of a vector is the square root of its dot product with itself; divide a . b by the product of the two lengths.',
    'If either a . a or b . b is exactly 0, return 0 before dividing.',
  ],
  visibleCases: () => [
    { name: 'close directions', args: [[3, 4], [4, 3]] },
    { name: 'opposite', args: [[1, -2, 0.5], [-2, 4, -1]] },
    { name: 'a zero vector', args: [[0, 0, 0], [1, 2, 3]] },
  ],
  hiddenCases: (rng) => {
    const a = nonZero(rng, 6);
    const s = rng.uniform(0.5, 4);
    const u = nonZero(rng, 5);
    const w = nonZero(rng, 5);
    // w minus its projection on u: exactly orthogonal up to rounding
    const uu = dot(u, u);
    const orth = w.map((x, i) => x - (dot(u, w) / uu) * u[i]);
    return [
      { name: 'random, length 6', args: [a, nonZero(rng, 6)] },
      { name: 'positive multiple', args: [a, a.map((x) => s * x)] },
      { name: 'negative multiple', args: [u, u.map((x) => -s * x)] },
      { name: 'orthogonal', args: [u, orth] },
      { name: 'second vector all zeros', args: [nonZero(rng, 4), [0, 0, 0, 0]] },
      { name: 'both all zeros', args: [[0, 0, 0], [0, 0, 0]] },
      { name: 'length 1', args: [nonZero(rng, 1), nonZero(rng, 1)] },
      { name: 'tiny but non-zero norms', args: [nonZero(rng, 3, 1e-3), nonZero(rng, 3, 1e-3)] },
      { name: 'large entries', args: [nonZero(rng, 8, 1e5), nonZero(rng, 8, 3)] },
      { name: 'long vectors', args: [nonZero(rng, 64), nonZero(rng, 64)] },
    ];
  },
  misconceptions: [
    {
      id: 'no-normalization',
      title: 'the dot product without dividing by the lengths',
      hint: 'Your result looks like a plain dot product. A cosine ignores how long the vectors are: divide by |a| |b|, so the answer always lies between -1 and 1.',
      compute: (a: number[], b: number[]) => dot(a, b),
    },
    {
      id: 'squared-norms',
      title: 'dividing by the squared lengths',
      hint: 'You seem to divide by (a . a)(b . b). The length |a| is the square root of a . a.',
      compute: (a: number[], b: number[]) => cosineSimilarity(a, b, { squaredNorms: true }),
    },
    {
      id: 'one-norm-only',
      title: 'dividing by the length of the first vector only',
      hint: 'Your result changes when b is scaled, but a cosine must not. Divide by the length of b too.',
      compute: (a: number[], b: number[]) => cosineSimilarity(a, b, { normalizeFirstOnly: true }),
    },
  ],
});
