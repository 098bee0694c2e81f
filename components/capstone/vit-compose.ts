// TinyViT assembled from swappable parts: the functions a learner writes (VIT_COMPONENTS), each
// either theirs or the reference, wired late-bound as gpt-compose.ts is (the reference patch
// embedding calls the learner's patchify, the reference classifier their encoder block, and so on).
// The transformer parts are gpt-compose.ts's own. With every part the reference this is exactly
// engine/vision.ts vitClassify (tested). Pure: the worker supplies the learner's functions.
import { attentionWeights, headColumns } from '../../engine/attention.ts';
import { linear, pickColumns } from '../../engine/linalg.ts';
import { sampleTopK } from '../../engine/llm.ts';
import { BLOCK_EPS, layerNorm } from '../../engine/transformer.ts';
import { patchify, vitEmbeddings } from '../../engine/vision.ts';
import type { Matrix, Tensor3, TinyViT, Vector } from '../../engine/types.ts';
import { maxAbsDiff, type LayerDifference } from './component-check.ts';
import { referenceParts as gptReferenceParts } from './gpt-compose.ts';
import type { TransformerParts } from './sam-compose.ts';

/** The parts, named as the exercises name their functions. */
export interface VitParts extends TransformerParts {
  patchify(image: Tensor3, patchSize: number): Matrix;
  patchEmbed(image: Tensor3, W: Matrix, b: Vector, patchSize: number): Matrix;
  vitEmbeddings(patchTokens: Matrix, cls: Vector, pos: Matrix): Matrix;
  vitClassify(image: Tensor3, p: TinyViT): Vector;
}

/** The reference parts; `parts` is what the composite ones call (late-bound, so a swap reaches them). */
export function referenceParts(parts: () => VitParts): VitParts {
  // TinyGPT's transformer parts, calling back into these parts; they never reach for the sampler
  const { sampleTopK: _sampler, ...transformer } = gptReferenceParts(() => ({ ...parts(), sampleTopK }));
  return {
    ...transformer,
    patchify: (image, patchSize) => patchify(image, patchSize),
    patchEmbed: (image, W, b, patchSize) => linear(parts().patchify(image, patchSize), W, b), // (N, D)
    vitEmbeddings: (patchTokens, cls, pos) => vitEmbeddings(patchTokens, cls, pos),
    vitClassify: (image, p) => {
      const P = parts();
      const x0 = P.vitEmbeddings(P.patchEmbed(image, p.W, p.b, p.patchSize), p.cls, p.pos); // (N + 1, D)
      const h = P.layerNorm(P.encoderBlock(x0, p.block, p.numHeads), p.lnF.gamma, p.lnF.beta, BLOCK_EPS);
      return linear([h[0]], p.head.W, p.head.b)[0]; // (classes), from the CLS row
    },
  };
}

/** The parts with `mine` swapped in for the reference, wired so every caller sees the swap. */
export function composeParts(mine: Partial<VitParts>): VitParts {
  const composed: VitParts = { ...referenceParts(() => composed), ...mine };
  return composed;
}

export interface ComposedVit {
  /** (N, D). */
  patchTokens: Matrix;
  /** CLS first, positions added, (N + 1, D). */
  embeddings: Matrix;
  /** After the encoder block, (N + 1, D). */
  block: Matrix;
  /** (classes): the classifier's own answer (the learner's vitClassify when it is theirs). */
  logits: Vector;
}

/** The forward pass through `parts`, keeping each stage (the classifier runs its own chain for the logits). */
export function composedVit(image: Tensor3, m: TinyViT, parts: VitParts): ComposedVit {
  const patchTokens = parts.patchEmbed(image, m.W, m.b, m.patchSize);
  const embeddings = parts.vitEmbeddings(patchTokens, m.cls, m.pos);
  const block = parts.encoderBlock(embeddings, m.block, m.numHeads);
  return { patchTokens, embeddings, block, logits: parts.vitClassify(image, m) };
}

/** How far the composed model is from the reference (`ref`, its pass on this image): the largest |difference| per stage. */
export function layerDifferences(image: Tensor3, m: TinyViT, parts: VitParts, ref: ComposedVit = composedVit(image, m, composeParts({}))): LayerDifference[] {
  const got = composedVit(image, m, parts);
  return [
    { layer: 'patch tokens', maxAbsDiff: maxAbsDiff(got.patchTokens, ref.patchTokens) },
    { layer: 'embeddings', maxAbsDiff: maxAbsDiff(got.embeddings, ref.embeddings) },
    { layer: 'block', maxAbsDiff: maxAbsDiff(got.block, ref.block) },
    { layer: 'logits', maxAbsDiff: maxAbsDiff([got.logits], [ref.logits]) },
  ];
}

/** What the CLS token attends to in the block, per head: its weights over the N patches (the CLS's own weight left out), as the reference computes them from `embeddings`. */
export function clsAttention(embeddings: Matrix, m: TinyViT): Matrix {
  const x = layerNorm(embeddings, m.block.ln1.gamma, m.block.ln1.beta, BLOCK_EPS); // (N + 1, D)
  const Q = linear(x, m.block.attn.Wq, m.block.attn.bq);
  const K = linear(x, m.block.attn.Wk, m.block.attn.bk);
  return Array.from({ length: m.numHeads }, (_, h) => {
    const cols = headColumns(Q[0].length, m.numHeads, h);
    return attentionWeights(pickColumns([Q[0]], cols), pickColumns(K, cols))[0].slice(1); // (N)
  });
}

/** Softmax of the logits, as probabilities per class. */
export function probabilities(logits: Vector): Vector {
  const top = Math.max(...logits);
  const e = logits.map((z) => Math.exp(z - top));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}
