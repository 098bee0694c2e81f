import { matrix, samAttentionWeights } from '../../../engine/generate.ts';
import type { Rng } from '../../../engine/random.ts';
import { samAttention } from '../../../engine/sam.ts';
import type { Matrix, SamAttentionWeights } from '../../../engine/types.ts';
import { defineExercise } from '../../types.ts';

/** n queries against m keys/values, all d wide, through an attention of internal width dInt. */
function attentionCase(rng: Rng, name: string, n: number, m: number, d: number, dInt: number, numHeads: number) {
  const r = rng.fork(name);
  return { name, args: [matrix(r, n, d), matrix(r, m, d), matrix(r, m, d), samAttentionWeights(r, d, dInt), numHeads] };
}

/** Self-attention as SAM runs it: queries and keys are the same tokens (plus positions), values without them. */
function selfAttentionCase(rng: Rng, name: string, n: number, d: number, numHeads: number) {
  const r = rng.fork(name);
  const tokens = matrix(r, n, d);
  const withPE = tokens.map((row) => row.map((v) => v + r.uniform(-0.5, 0.5)));
  return { name, args: [withPE, withPE.map((row) => row.slice()), tokens, samAttentionWeights(r, d, d), numHeads] };
}

const WORKED: SamAttentionWeights = { Wq: [[1], [0]], bq: [0], Wk: [[1], [1]], bk: [0], Wv: [[0], [1]], bv: [0], Wo: [[1, -1]], bo: [0, 0.5] };

export default defineExercise({
  id: 'sam/prompt-image-attention',
  title: 'Prompt-image attention with a downsample rate',
  order: 5,
  prerequisites: ['attention/multi-head'],
  functionName: 'samAttention',
  reference: samAttention,
  points: 15,
  helpers: ['matmul', 'transpose', 'softmax'],
  hints: [
    'Project first: Q = q·Wq + bq, K = k·Wk + bk, V = v·Wv + bv, each d_int wide (d_int is the number of columns of Wq).',
    'Head h owns the contiguous columns h·dh .. (h+1)·dh − 1 with dh = d_int / numHeads, and its scores are scaled by 1 / sqrt(dh), the width of the dot products.',
    'Concatenate the heads in order (n x d_int), then project back to d with Wo and add bo.',
  ],
  visibleCases: (rng) => [
    { name: 'worked-example', args: [[[2, 0]], [[1, 0], [0, 0]], [[0, 1], [0, 3]], WORKED, 1] },
    attentionCase(rng, 'two-queries-four-keys-two-heads', 2, 4, 4, 2, 2),
  ],
  hiddenCases: (rng) => [
    attentionCase(rng, 'token-to-image-two-heads', 3, 12, 8, 4, 2),
    attentionCase(rng, 'token-to-image-one-head', 2, 16, 8, 4, 1),
    attentionCase(rng, 'image-to-token', 16, 4, 8, 4, 2),
    selfAttentionCase(rng, 'self-attention-three-heads', 5, 6, 3),
    attentionCase(rng, 'heads-of-size-1', 1, 9, 4, 2, 2),
    attentionCase(rng, 'wide-four-heads', 4, 20, 16, 8, 4),
    attentionCase(rng, 'downsample-4', 3, 7, 8, 2, 1),
  ],
  misconceptions: [
    {
      id: 'scale-by-d',
      title: 'scores scaled by 1/sqrt(d) of the input',
      hint: 'A score is a dot product over one head\'s columns, so the scale is 1 / sqrt(d_int / numHeads), not 1 / sqrt of the input width d.',
      compute: (q: Matrix, k: Matrix, v: Matrix, w: SamAttentionWeights, h: number) => samAttention(q, k, v, w, h, { scaleBy: 'd' }),
    },
    {
      id: 'scale-by-d-int',
      title: 'scores scaled by 1/sqrt(d_int)',
      hint: 'Each head only sees d_int / numHeads columns; scale by the square root of that head width, not of the whole projected width.',
      compute: (q: Matrix, k: Matrix, v: Matrix, w: SamAttentionWeights, h: number) => samAttention(q, k, v, w, h, { scaleBy: 'dInt' }),
    },
    {
      id: 'no-output-projection',
      title: 'output projection forgotten',
      hint: 'After concatenating the heads, project back to the model width with Wo and add bo: the result must be d wide.',
      compute: (q: Matrix, k: Matrix, v: Matrix, w: SamAttentionWeights, h: number) => samAttention(q, k, v, w, h, { outputProjection: false }),
    },
    {
      id: 'interleaved-heads',
      title: 'heads take interleaved columns',
      hint: 'Head h owns a contiguous block of columns, h·dh to (h+1)·dh − 1, not every numHeads-th column.',
      compute: (q: Matrix, k: Matrix, v: Matrix, w: SamAttentionWeights, h: number) => samAttention(q, k, v, w, h, { headSplit: 'interleaved' }),
    },
  ],
});
