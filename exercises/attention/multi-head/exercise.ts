import { attentionMask, multiHeadAttention } from '../../../engine/attention.ts';
import { causalMask, matrix, mhaWeights, paddingMask, randomMask } from '../../../engine/generate.ts';
import type { Rng } from '../../../engine/random.ts';
import type { Mask, Matrix, MHAWeights } from '../../../engine/types.ts';
import { shortMatrix, shortVector } from '../../cases.ts';
import { defineExercise } from '../../types.ts';

/** Readable d x d weights: one decimal, about the scale of 1/sqrt(d). */
function shortWeights(rng: Rng, d: number): MHAWeights {
  const W = () => shortMatrix(rng, d, d, 0.8);
  const b = () => shortVector(rng, d, 0.3);
  return { Wq: W(), Wk: W(), Wv: W(), Wo: W(), bq: b(), bk: b(), bv: b(), bo: b() };
}

export default defineExercise({
  id: 'attention/multi-head',
  title: 'Multi-head attention',
  order: 5,
  prerequisites: ['attention/scaled-dot-product', 'attention/masks'],
  functionName: 'multiHeadAttention',
  reference: multiHeadAttention,
  points: 15,
  helpers: ['matmul', 'transpose', 'softmax', 'attention'],
  hints: [
    'Project first: Q = Xq Wq + bq, K = Xkv Wk + bk, V = Xkv Wv + bv (add the bias to every row).',
    'Head h takes the block of columns h*dh .. (h+1)*dh - 1 of Q, K and V. Calling attention on these dh-wide blocks scales each head by 1/sqrt(dh), as it should.',
    'Put the head outputs side by side in head order (row i = head 0 row i, then head 1 row i, ...), then multiply by Wo and add bo.',
  ],
  visibleCases: (rng) => [
    { name: 'self-attention, d = 4, 2 heads', args: ((X: Matrix) => [X, X, shortWeights(rng, 4), 2])(shortMatrix(rng, 3, 4)) },
    {
      name: 'cross-attention with a mask, d = 4, 2 heads',
      args: [shortMatrix(rng, 2, 4), shortMatrix(rng, 3, 4), shortWeights(rng, 4), 2, [[true, true, false], [true, false, true]]],
    },
  ],
  hiddenCases: (rng) => {
    const self = (n: number, d: number, H: number, mask?: Mask) => {
      const X = matrix(rng, n, d);
      return mask ? [X, X, mhaWeights(rng, d), H, mask] : [X, X, mhaWeights(rng, d), H];
    };
    const cross = (n: number, m: number, d: number, H: number, mask: Mask) => [matrix(rng, n, d), matrix(rng, m, d), mhaWeights(rng, d), H, mask];
    return [
      { name: 'self-attention, d = 8, 2 heads', args: self(4, 8, 2) },
      { name: 'causal, d = 6, 3 heads', args: self(5, 6, 3, causalMask(5)) },
      { name: 'cross-attention with padding, 4 heads', args: cross(2, 6, 8, 4, paddingMask(2, 6, 4)) },
      { name: 'heads of size 1', args: self(3, 4, 4) },
      { name: 'one head, odd width', args: self(4, 5, 1, causalMask(4)) },
      { name: 'cross-attention, more queries than keys', args: cross(4, 3, 12, 3, randomMask(rng, 4, 3)) },
      { name: 'padding and causal, d = 16, 4 heads', args: self(6, 16, 4, attentionMask(6, 4, true)) },
      { name: 'one query, one key', args: cross(1, 1, 4, 2, [[true]]) },
    ];
  },
  misconceptions: [
    {
      id: 'interleaved-heads',
      title: 'heads take every H-th column instead of a contiguous block',
      hint: 'Head h owns a contiguous block of dh columns, h*dh .. (h+1)*dh - 1, not the columns h, h + H, h + 2H, ...',
      compute: (Xq: Matrix, Xkv: Matrix, w: MHAWeights, numHeads: number, mask?: Mask) =>
        multiHeadAttention(Xq, Xkv, w, numHeads, mask, { headSplit: 'interleaved' }),
    },
    {
      id: 'scale-by-d',
      title: 'scaling by 1/sqrt(d) instead of 1/sqrt(dh)',
      hint: "Each head's dot products have dh terms, so each head scales its scores by 1/sqrt(dh), the head width, not by the model width d.",
      compute: (Xq: Matrix, Xkv: Matrix, w: MHAWeights, numHeads: number, mask?: Mask) =>
        multiHeadAttention(Xq, Xkv, w, numHeads, mask, { scaleBy: 'd' }),
    },
    {
      id: 'missing-output-projection',
      title: 'forgetting the output projection Wo',
      hint: 'Your output is the concatenation of the heads. It still has to go through the output projection: multiply by Wo and add bo.',
      compute: (Xq: Matrix, Xkv: Matrix, w: MHAWeights, numHeads: number, mask?: Mask) =>
        multiHeadAttention(Xq, Xkv, w, numHeads, mask, { outputProjection: false }),
    },
    {
      id: 'missing-biases',
      title: 'forgetting the biases',
      hint: 'Your result ignores the biases: add bq, bk and bv to every row of the projections, and bo to the output.',
      compute: (Xq: Matrix, Xkv: Matrix, w: MHAWeights, numHeads: number, mask?: Mask) =>
        multiHeadAttention(Xq, Xkv, w, numHeads, mask, { biases: false }),
    },
  ],
});
