import { matrix, twoWayParams } from '../../../engine/generate.ts';
import { add } from '../../../engine/linalg.ts';
import type { Rng } from '../../../engine/random.ts';
import { samAttention, twoWayBlock } from '../../../engine/sam.ts';
import { BLOCK_EPS, feedForward, layerNorm } from '../../../engine/transformer.ts';
import type { LayerNormParams, Matrix, TwoWayParams, TwoWayResult } from '../../../engine/types.ts';
import { defineExercise } from '../../types.ts';

/** nq prompt tokens and nk image tokens of width d; positions smaller than the content, as in SAM. */
function blockCase(rng: Rng, name: string, nq: number, nk: number, d: number, numHeads: number, mlpDim: number, skip: boolean) {
  const r = rng.fork(name);
  const queries = matrix(r, nq, d);
  const keys = matrix(r, nk, d);
  return { name, args: [queries, keys, matrix(r, nq, d, 0.5), matrix(r, nk, d, 0.5), twoWayParams(r, d, mlpDim), numHeads, skip] };
}

/**
 * The wrong order of norms: each sub-layer normalises its input and adds its output to the
 * unnormalised stream (the pre-norm arrangement of the transformer exercises), built from the
 * engine's attention, layer norm and ReLU MLP.
 */
function preNormTwoWayBlock(
  queries: Matrix, keys: Matrix, queryPE: Matrix, keyPE: Matrix, p: TwoWayParams, numHeads: number, skip: boolean,
): TwoWayResult {
  const ln = (x: Matrix, n: LayerNormParams) => layerNorm(x, n.gamma, n.beta, BLOCK_EPS);
  let qs: Matrix;
  const n1 = ln(queries, p.norm1);
  if (skip) qs = samAttention(n1, n1, n1, p.selfAttn, numHeads);
  else {
    const q = add(n1, queryPE);
    qs = add(queries, samAttention(q, q, n1, p.selfAttn, numHeads));
  }
  const n2 = ln(qs, p.norm2);
  qs = add(qs, samAttention(add(n2, queryPE), add(keys, keyPE), keys, p.crossTokenToImage, numHeads));
  qs = add(qs, feedForward(ln(qs, p.norm3), p.mlp.W1, p.mlp.b1, p.mlp.W2, p.mlp.b2, { activation: 'relu' }));
  const n4 = ln(keys, p.norm4);
  const ks = add(keys, samAttention(add(n4, keyPE), add(qs, queryPE), qs, p.crossImageToToken, numHeads));
  return { queries: qs, keys: ks };
}

/** The curriculum arguments: queries, keys, queryPE, keyPE, p, numHeads, skipFirstLayerPE. */
type Args = [Matrix, Matrix, Matrix, Matrix, TwoWayParams, number, boolean];

export default defineExercise({
  id: 'sam/two-way-block',
  title: 'The two-way block: prompts and image update each other',
  order: 6,
  prerequisites: ['sam/prompt-image-attention', 'transformer/layer-norm'],
  functionName: 'twoWayBlock',
  reference: twoWayBlock,
  points: 20,
  helpers: ['samAttention', 'layerNorm', 'matmul'],
  hints: [
    'Every sub-layer ends the same way: add its output to the stream, then apply that step\'s layer norm (eps 1e-5). The only exception is step 1 with skipFirstLayerPE, where the self-attention output replaces the tokens before norm1.',
    'Positions go on whatever is compared: queryPE on the token stream and keyPE on the image stream whenever they serve as attention queries or keys, in steps 2 and 4 alike; values never get them.',
    'Step 4 swaps the roles: the image tokens (keys + keyPE) ask, the updated prompt tokens (queries + queryPE as keys, queries as values) answer, and the result is added to keys before norm4.',
  ],
  visibleCases: (rng) => [
    blockCase(rng, 'two-tokens-six-pixels-skip', 2, 6, 4, 2, 8, true),
    blockCase(rng, 'three-tokens-four-pixels', 3, 4, 4, 1, 8, false),
  ],
  hiddenCases: (rng) => [
    blockCase(rng, 'with-positions', 3, 16, 8, 2, 16, false),
    blockCase(rng, 'first-layer-skip', 2, 12, 8, 2, 8, true),
    blockCase(rng, 'four-heads-wide', 4, 9, 16, 4, 32, false),
    blockCase(rng, 'one-head-skip', 5, 6, 4, 1, 8, true),
    blockCase(rng, 'single-token-small-heads', 1, 20, 8, 4, 16, false),
    blockCase(rng, 'three-heads-skip', 3, 8, 12, 3, 24, true),
  ],
  misconceptions: [
    {
      id: 'no-pe-on-keys',
      title: 'key positional encodings skipped',
      hint: 'The image tokens need their positions whenever they are compared: add keyPE to keys for the keys of step 2 and for the queries of step 4.',
      compute: (...a: Args) => twoWayBlock(a[0], a[1], a[2], a[3].map((row) => row.map(() => 0)), a[4], a[5], a[6]),
    },
    {
      id: 'no-positional-encodings',
      title: 'positional encodings never added',
      hint: 'Positions are re-injected at every attention: queries + queryPE and keys + keyPE, for queries and keys (not values).',
      compute: (...a: Args) => twoWayBlock(...a, { usePE: false }),
    },
    {
      id: 'skip-flag-ignored',
      title: 'first-layer skip ignored (positions and residual added anyway)',
      hint: 'With skipFirstLayerPE the tokens already are their positional encoding: step 1 is selfAttn(queries, queries, queries) with no positions and no residual, then norm1.',
      compute: (...a: Args) => twoWayBlock(...a, { skipPE: 'never' }),
    },
    {
      id: 'pre-norm',
      title: 'norms applied before the sub-layers (pre-norm)',
      hint: 'SAM\'s block is post-norm: each sub-layer\'s output is added to the stream first, and then the sum is normalised.',
      compute: preNormTwoWayBlock,
    },
    {
      id: 'gelu-mlp',
      title: 'GELU in the MLP',
      hint: 'SAM\'s MLP uses ReLU: max(0, x W1 + b1) W2 + b2.',
      compute: (...a: Args) => twoWayBlock(...a, { mlpActivation: 'tanh' }),
    },
  ],
});
