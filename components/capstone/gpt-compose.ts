// TinyGPT assembled from swappable parts: the eight functions a learner writes (GPT_COMPONENTS),
// each either theirs or the reference. The reference parts that are built from other parts call
// them through `parts` (as a learner's encoder block calls the `layerNorm`, `multiHeadAttention`
// and `feedForward` it is granted), so any mix composes: the learner's attention runs inside the
// reference multi-head attention, the reference block calls the learner's feed-forward, and so on.
// With every part the reference this is exactly engine/llm.ts gptLogits (tested). Pure: the
// worker supplies the learner's functions (run in the locked-down realm); this module only wires.
import { attention, attentionMask, headColumns } from '../../engine/attention.ts';
import { add, linear, matmul, pickColumns, transpose } from '../../engine/linalg.ts';
import { sampleTopK } from '../../engine/llm.ts';
import { BLOCK_EPS, gelu, layerNorm } from '../../engine/transformer.ts';
import type { BlockParams, Mask, Matrix, MHAWeights, TinyGPT, Vector } from '../../engine/types.ts';
import { maxAbsDiff, type LayerDifference } from './component-check.ts';

/** The parts, named as the exercises name their functions. */
export interface GptParts {
  embed(ids: number[], table: Matrix): Matrix;
  attention(Q: Matrix, K: Matrix, V: Matrix, mask?: Mask): Matrix;
  multiHeadAttention(Xq: Matrix, Xkv: Matrix, w: MHAWeights, numHeads: number, mask?: Mask): Matrix;
  layerNorm(x: Matrix, gamma: Vector, beta: Vector, eps: number): Matrix;
  gelu(x: Matrix): Matrix;
  feedForward(x: Matrix, W1: Matrix, b1: Vector, W2: Matrix, b2: Vector): Matrix;
  encoderBlock(x: Matrix, p: BlockParams, numHeads: number, mask?: Mask): Matrix;
  sampleTopK(logits: Vector, k: number, temperature: number, u: number): number;
}

/** The reference parts; `parts` is what the composite ones call (late-bound, so a swap reaches them). */
export function referenceParts(parts: () => GptParts): GptParts {
  return {
    embed: (ids, table) => ids.map((id) => table[id].slice()), // (T, d): row ids[i] of the table
    attention: (Q, K, V, mask) => attention(Q, K, V, mask),
    multiHeadAttention: (Xq, Xkv, w, numHeads, mask) => {
      const Q = linear(Xq, w.Wq, w.bq); // (n, d)
      const K = linear(Xkv, w.Wk, w.bk); // (m, d)
      const V = linear(Xkv, w.Wv, w.bv); // (m, d)
      const d = Q[0].length;
      const concat: Matrix = Q.map(() => new Array<number>(d).fill(0)); // (n, d)
      for (let h = 0; h < numHeads; h++) {
        const cols = headColumns(d, numHeads, h);
        const head = parts().attention(pickColumns(Q, cols), pickColumns(K, cols), pickColumns(V, cols), mask); // (n, d / H)
        for (let i = 0; i < head.length; i++) for (let t = 0; t < cols.length; t++) concat[i][cols[t]] = head[i][t];
      }
      return linear(concat, w.Wo, w.bo);
    },
    layerNorm: (x, gamma, beta, eps) => layerNorm(x, gamma, beta, eps),
    gelu: (x) => gelu(x),
    feedForward: (x, W1, b1, W2, b2) => linear(parts().gelu(linear(x, W1, b1)), W2, b2),
    encoderBlock: (x, p, numHeads, mask) => {
      const P = parts();
      const a = P.layerNorm(x, p.ln1.gamma, p.ln1.beta, BLOCK_EPS);
      const h = add(x, P.multiHeadAttention(a, a, p.attn, numHeads, mask));
      const f = P.layerNorm(h, p.ln2.gamma, p.ln2.beta, BLOCK_EPS);
      return add(h, P.feedForward(f, p.ffn.W1, p.ffn.b1, p.ffn.W2, p.ffn.b2));
    },
    sampleTopK: (logits, k, temperature, u) => sampleTopK(logits, k, temperature, u),
  };
}

/** The parts with `mine` swapped in for the reference, wired so every caller sees the swap. */
export function composeParts(mine: Partial<GptParts>): GptParts {
  const composed: GptParts = { ...referenceParts(() => composed), ...mine };
  return composed;
}

export interface ComposedForward {
  /** The token embeddings plus the learned positions, (T, d). */
  embeddings: Matrix;
  /** The residual stream after each block, (T, d). */
  blocks: Matrix[];
  /** (T, V). */
  logits: Matrix;
}

/** The forward pass of TinyGPT through `parts`, keeping each block's output for comparison. */
export function composedForward(tokens: number[], model: TinyGPT, parts: GptParts): ComposedForward {
  const T = tokens.length;
  const embeddings = add(parts.embed(tokens, model.tokenEmbedding), model.positionEmbedding.slice(0, T)); // (T, d)
  let h = embeddings;
  const mask = attentionMask(T, T, true);
  const blocks: Matrix[] = [];
  for (const block of model.blocks) blocks.push((h = parts.encoderBlock(h, block, model.numHeads, mask)));
  const out = parts.layerNorm(h, model.lnF.gamma, model.lnF.beta, BLOCK_EPS);
  return { embeddings, blocks, logits: matmul(out, transpose(model.tokenEmbedding)) };
}

/** How far the composed model is from the reference (`ref`, its forward pass on `tokens`): the largest |difference| per layer. */
export function layerDifferences(tokens: number[], model: TinyGPT, parts: GptParts, ref: ComposedForward = composedForward(tokens, model, composeParts({}))): LayerDifference[] {
  const got = composedForward(tokens, model, parts);
  return [
    { layer: 'embeddings', maxAbsDiff: maxAbsDiff(got.embeddings, ref.embeddings) },
    ...ref.blocks.map((b, i) => ({ layer: `block ${i + 1}`, maxAbsDiff: maxAbsDiff(got.blocks[i], b) })),
    { layer: 'logits', maxAbsDiff: maxAbsDiff(got.logits, ref.logits) },
  ];
}
