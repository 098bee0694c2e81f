import { attentionMask, encoderBlock, generate } from '../../../engine/index.ts';
import type { Rng } from '../../../engine/random.ts';
import type { BlockParams, Mask, Matrix } from '../../../engine/types.ts';
import { roundAll } from '../../cases.ts';
import { defineExercise, type CaseSpec } from '../../types.ts';

const { blockParams, matrix, randomMask } = generate;

const zeros = (r: number, c: number): Matrix => Array.from({ length: r }, () => new Array<number>(c).fill(0));

/** The worked example of the prompt: every matrix zero, so the block adds bo and b2 to the stream. */
const residualOnly: BlockParams = {
  ln1: { gamma: [1, 1], beta: [0, 0] },
  attn: { Wq: zeros(2, 2), Wk: zeros(2, 2), Wv: zeros(2, 2), Wo: zeros(2, 2), bq: [0, 0], bk: [0, 0], bv: [0, 0], bo: [0.5, -0.5] },
  ln2: { gamma: [1, 1], beta: [0, 0] },
  ffn: { W1: zeros(2, 4), b1: [0.1, -0.2, 0.3, 0], W2: zeros(4, 2), b2: [0.1, 0.1] },
};

function blockCase(rng: Rng, name: string, n: number, d: number, numHeads: number, dFF: number, mask?: Mask): CaseSpec {
  const args: unknown[] = [matrix(rng, n, d, 1.5), blockParams(rng, d, dFF), numHeads];
  if (mask) args.push(mask);
  return { name, args };
}

export default defineExercise({
  id: 'transformer/encoder-block',
  title: 'The pre-LN transformer block',
  order: 4,
  prerequisites: ['transformer/layer-norm', 'transformer/feed-forward', 'attention/multi-head'],
  functionName: 'encoderBlock',
  reference: encoderBlock,
  points: 20,
  helpers: ['layerNorm', 'multiHeadAttention', 'feedForward'],
  hints: [
    'Two sub-layers, each of the form stream + sublayer(norm(stream)). The attention reads LN1(x) as both its query and its key/value input.',
    'Keep x: the first residual adds the attention output to x itself (not to LN1(x)), and the second adds the feed-forward output to h.',
    'Pass the mask, which may be undefined, straight to multiHeadAttention; the layer norms use eps = 1e-5.',
  ],
  visibleCases: (rng: Rng) => {
    const r = rng.fork('visible');
    return [
      { name: 'the worked example (zero weights)', args: [[[1, 2], [0, 4]], residualOnly, 1] },
      { name: '3 tokens, d 4, 2 heads, causal', args: [roundAll(matrix(r, 3, 4, 1.5)), roundAll(blockParams(r, 4, 8)), 2, attentionMask(3, 3, true)] },
    ];
  },
  hiddenCases: (rng: Rng): CaseSpec[] => {
    const n = rng.int(5, 7);
    return [
      blockCase(rng, 'no mask', 4, 4, 2, 16),
      blockCase(rng, 'causal mask, odd length', 5, 6, 3, 12, attentionMask(5, 5, true)),
      blockCase(rng, 'padding mask', n, 4, 2, 8, attentionMask(n, n - 2, false)),
      blockCase(rng, 'padding and causal mask', n, 6, 2, 12, attentionMask(n, n - 1, true)),
      blockCase(rng, 'heads of size 1', 4, 4, 4, 8, randomMask(rng, 4, 4)),
      blockCase(rng, 'a single token', 1, 6, 3, 12),
      blockCase(rng, 'one head, wider', 3, 8, 1, 32, attentionMask(3, 3, true)),
    ];
  },
  misconceptions: [
    {
      id: 'post-ln',
      title: 'post-LN: the norm after the residual addition',
      hint: 'This block is pre-LN: each sub-layer reads a normalised copy of the stream and its output is added to the un-normalised stream. Normalising the sum afterwards (the 2017 layout) is a different function.',
      compute: (x: Matrix, p: BlockParams, numHeads: number, mask?: Mask) => encoderBlock(x, p, numHeads, mask, { norm: 'post' }),
    },
    {
      id: 'missing-residual',
      title: 'the residual connections left out',
      hint: 'Each sub-layer\'s output is added back to its input: h = x + attention(...), out = h + FFN(...). Returning only the sub-layer outputs throws the token representation away.',
      compute: (x: Matrix, p: BlockParams, numHeads: number, mask?: Mask) => encoderBlock(x, p, numHeads, mask, { residual: false }),
    },
    {
      id: 'mask-ignored',
      title: 'the mask not passed to the attention',
      hint: 'When a mask is given, the attention must use it: pass it as the last argument of multiHeadAttention.',
      compute: (x: Matrix, p: BlockParams, numHeads: number) => encoderBlock(x, p, numHeads),
    },
    {
      id: 'unbiased-variance',
      title: 'layer norms with the unbiased variance',
      hint: 'The layer norms inside the block use the biased variance (divide by d), like PyTorch\'s LayerNorm.',
      compute: (x: Matrix, p: BlockParams, numHeads: number, mask?: Mask) => encoderBlock(x, p, numHeads, mask, { variance: 'unbiased' }),
    },
  ],
});
