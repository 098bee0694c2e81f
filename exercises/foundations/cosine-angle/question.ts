import { cosineSimilarity, dot, norm } from '../../../engine/linalg.ts';
import type { Rng } from '../../../engine/random.ts';
import { defineQuestion, texNumber, texVector } from '../../question-types.ts';

interface Params {
  a: number[];
  b: number[];
}

const degrees = (rad: number) => (rad * 180) / Math.PI;

/** Two integer embeddings, neither short nor (anti)parallel nor orthogonal, so every wrong formula shows. */
function draw(rng: Rng): Params {
  for (;;) {
    const a = Array.from({ length: 3 }, () => rng.int(-4, 4));
    const b = Array.from({ length: 3 }, () => rng.int(-4, 4));
    const c = cosineSimilarity(a, b);
    if (norm(a) >= 2 && norm(b) >= 2 && Math.abs(c) >= 0.1 && Math.abs(c) <= 0.95) return { a, b };
  }
}

export default defineQuestion<Params>({
  id: 'foundations/cosine-angle',
  title: 'Cosine similarity and the angle between two embeddings',
  order: 1,
  exercises: ['foundations/dot-product', 'foundations/cosine-similarity'],
  parts: [
    { name: 'dot', kind: 'number', label: 'the dot product $a \\cdot b$', points: 2, tolerance: { atol: 0, rtol: 0 } },
    { name: 'cosine', kind: 'number', label: 'the cosine similarity $\\cos(a, b)$', points: 4, tolerance: { sigFigs: 3 } },
    { name: 'angle', kind: 'number', label: 'the angle between $a$ and $b$, in degrees (0 to 180)', points: 4, tolerance: { sigFigs: 3 } },
  ],
  generate: draw,
  answer: ({ a, b }) => {
    const c = cosineSimilarity(a, b);
    return { dot: dot(a, b), cosine: c, angle: degrees(Math.acos(c)) };
  },
  text: ({ a, b }) => ({ aTex: texVector(a), bTex: texVector(b) }),
  worked: ({ a, b }) => ({
    dotSum: a.map((x, i) => `(${x})(${b[i]})`).join(' + '),
    normA2: dot(a, a),
    normB2: dot(b, b),
    normA: texNumber(norm(a), 6),
    normB: texNumber(norm(b), 6),
    radians: texNumber(Math.acos(cosineSimilarity(a, b)), 6),
  }),
  misconceptions: [
    {
      id: 'first-norm-only',
      part: 'cosine',
      title: 'divided by |a| only',
      hint: 'Cosine similarity divides the dot product by both lengths, |a| and |b|; dividing by one of them gives the length of a projection, not a cosine.',
      compute: ({ a, b }) => cosineSimilarity(a, b, { normalizeFirstOnly: true }),
    },
    {
      id: 'squared-norms',
      part: 'cosine',
      title: 'divided by the squared lengths',
      hint: 'The lengths are square roots of a · a and b · b; divide by |a| |b|, not by |a|² |b|².',
      compute: ({ a, b }) => cosineSimilarity(a, b, { squaredNorms: true }),
    },
    {
      id: 'radians',
      part: 'angle',
      title: 'the angle in radians',
      hint: 'arccos gives radians; the question asks for degrees (multiply by 180/π).',
      compute: ({ a, b }) => Math.acos(cosineSimilarity(a, b)),
    },
    {
      id: 'arcsin',
      part: 'angle',
      title: 'arcsin instead of arccos',
      hint: 'The cosine of the angle is the cosine similarity, so the angle is its arccos; arcsin gives 90° minus it.',
      compute: ({ a, b }) => degrees(Math.asin(cosineSimilarity(a, b))),
    },
  ],
});
