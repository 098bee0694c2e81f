// TinySAM assembled from swappable parts: the functions a learner writes (SAM_COMPONENTS), each
// either theirs or the reference. As in gpt-compose.ts, the reference parts built from other parts
// call them through `parts` (late-bound: the learner's fourierFeatures runs inside the reference
// encodePoints, the reference twoWayBlock calls the learner's samAttention, ...), so any mix
// composes. The transformer parts are gpt-compose.ts's own. With every part the reference this is
// exactly engine/tiny-sam.ts tinySamMask (tested). Pure: the worker will supply the learner's
// functions (run in the locked-down realm); this module only wires.
import { add, addVectors, linear } from '../../engine/linalg.ts';
import { sampleTopK } from '../../engine/llm.ts';
import { conv2d, patchify } from '../../engine/vision.ts';
import { fourierFeatures, maskLogits, normalizePixelCoords, samAttention } from '../../engine/sam.ts';
import { BLOCK_EPS, feedForward } from '../../engine/transformer.ts';
import { upsampleNearest, type SamPrompt, type TinySAM } from '../../engine/tiny-sam.ts';
import type { BoxEmbeddings, Kernel, LayerNormParams, Matrix, PointEmbeddings, SamAttentionWeights, Tensor3, TwoWayParams, TwoWayResult, Vector } from '../../engine/types.ts';
import { referenceParts as gptReferenceParts, type GptParts } from './gpt-compose.ts';
import { maxAbsDiff, type LayerDifference } from './component-check.ts';

/** The transformer parts TinySAM shares with TinyGPT (its image encoder is one encoder block). */
export type TransformerParts = Omit<GptParts, 'sampleTopK'>;

/** The parts, named as the exercises name their functions. */
export interface SamParts extends TransformerParts {
  patchify(image: Tensor3, patchSize: number): Matrix;
  patchEmbed(image: Tensor3, W: Matrix, b: Vector, patchSize: number): Matrix;
  fourierFeatures(coords: Matrix, gaussian: Matrix): Matrix;
  densePE(h: number, w: number, gaussian: Matrix): Tensor3;
  encodePoints(points: Matrix, labels: number[], imageSize: [number, number], gaussian: Matrix, emb: PointEmbeddings, pad: boolean): Matrix;
  encodeBoxes(boxes: Matrix, imageSize: [number, number], gaussian: Matrix, emb: BoxEmbeddings): Matrix;
  samAttention(q: Matrix, k: Matrix, v: Matrix, w: SamAttentionWeights, numHeads: number): Matrix;
  twoWayBlock(queries: Matrix, keys: Matrix, queryPE: Matrix, keyPE: Matrix, p: TwoWayParams, numHeads: number, skipFirstLayerPE: boolean): TwoWayResult;
  conv2d(image: Tensor3, kernel: Kernel, bias: Vector, stride: number, padding: number): Tensor3;
  maskLogits(hyperIn: Matrix, upscaled: Tensor3): Tensor3;
}

/** The reference parts; `parts` is what the composite ones call (late-bound, so a swap reaches them). */
export function referenceParts(parts: () => SamParts): SamParts {
  // TinyGPT's transformer parts, calling back into these parts; they never reach for the sampler
  const { sampleTopK: _sampler, ...transformer } = gptReferenceParts(() => ({ ...parts(), sampleTopK }));
  return {
    ...transformer,
    patchify: (image, patchSize) => patchify(image, patchSize),
    patchEmbed: (image, W, b, patchSize) => linear(parts().patchify(image, patchSize), W, b), // (N, d)
    fourierFeatures: (coords, gaussian) => fourierFeatures(coords, gaussian),
    densePE: (h, w, gaussian) => {
      const cells: Matrix = [];
      for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) cells.push([(x + 0.5) / w, (y + 0.5) / h]); // cell centres in [0, 1]
      const pe = parts().fourierFeatures(cells, gaussian); // (h w, 2F)
      return pe[0].map((_, ch) => Array.from({ length: h }, (_, y) => Array.from({ length: w }, (_, x) => pe[y * w + x][ch]))); // (2F, h, w)
    },
    encodePoints: (points, labels, imageSize, gaussian, emb, pad) => {
      const coords = normalizePixelCoords(points, imageSize); // (N, 2), pixel centres
      const allCoords = pad ? [...coords, [0, 0]] : coords;
      const allLabels = pad ? [...labels, -1] : labels;
      const pe = parts().fourierFeatures(allCoords, gaussian); // (N', 2F)
      return pe.map((row, i) => (allLabels[i] === -1 ? emb.notAPoint.slice() : addVectors(row, allLabels[i] === 0 ? emb.negative : emb.positive)));
    },
    encodeBoxes: (boxes, imageSize, gaussian, emb) => {
      const corners = boxes.flatMap(([x0, y0, x1, y1]) => [[x0, y0], [x1, y1]]); // (2B, 2)
      const pe = parts().fourierFeatures(normalizePixelCoords(corners, imageSize), gaussian); // (2B, 2F)
      return pe.map((row, i) => addVectors(row, i % 2 === 0 ? emb.topLeft : emb.bottomRight));
    },
    samAttention: (q, k, v, w, numHeads) => samAttention(q, k, v, w, numHeads),
    twoWayBlock: (queries, keys, queryPE, keyPE, p, numHeads, skipFirstLayerPE) => {
      const P = parts();
      const ln = (x: Matrix, n: LayerNormParams) => P.layerNorm(x, n.gamma, n.beta, BLOCK_EPS);
      const attn = (w: SamAttentionWeights, q: Matrix, k: Matrix, v: Matrix) => P.samAttention(q, k, v, w, numHeads);
      // 1. the prompt tokens attend to each other (the first layer's tokens are their own PE: no residual)
      let qs: Matrix;
      if (skipFirstLayerPE) qs = attn(p.selfAttn, queries, queries, queries);
      else {
        const q = add(queries, queryPE);
        qs = add(queries, attn(p.selfAttn, q, q, queries));
      }
      qs = ln(qs, p.norm1); // (Nq, d)
      // 2. the tokens attend to the image
      qs = ln(add(qs, attn(p.crossTokenToImage, add(qs, queryPE), add(keys, keyPE), keys)), p.norm2);
      // 3. the tokens' MLP: ReLU, as SAM's (the learner's feedForward is the GELU one, so not a part here)
      qs = ln(add(qs, feedForward(qs, p.mlp.W1, p.mlp.b1, p.mlp.W2, p.mlp.b2, { activation: 'relu' })), p.norm3);
      // 4. the image attends to the tokens
      const ks = ln(add(keys, attn(p.crossImageToToken, add(keys, keyPE), add(qs, queryPE), qs)), p.norm4); // (Nk, d)
      return { queries: qs, keys: ks };
    },
    conv2d: (image, kernel, bias, stride, padding) => conv2d(image, kernel, bias, stride, padding),
    maskLogits: (hyperIn, upscaled) => maskLogits(hyperIn, upscaled),
  };
}

/** The parts with `mine` swapped in for the reference, wired so every caller sees the swap. */
export function composeParts(mine: Partial<SamParts>): SamParts {
  const composed: SamParts = { ...referenceParts(() => composed), ...mine };
  return composed;
}

export interface ComposedSam {
  /** The image tokens after the encoder block, (N, d). */
  imageTokens: Matrix;
  /** The prompt's tokens: points and the padding point, or the box's corners, (P, d). */
  promptTokens: Matrix;
  /** The mask token and prompt tokens after the two-way block, (1 + P, d). */
  queries: Matrix;
  /** The image tokens after the two-way block, (N, d). */
  keys: Matrix;
  /** (H, W). */
  logits: Matrix;
}

/** TinySAM's forward pass through `parts` (the wiring of engine/tiny-sam.ts), keeping each stage. */
export function composedSam(image: Tensor3, prompt: SamPrompt, m: TinySAM, parts: SamParts): ComposedSam {
  const H = image[0].length;
  const W = image[0][0].length;
  const g = H / m.patchSize; // the grid is g x g
  const imageTokens = parts.encoderBlock(add(parts.patchEmbed(image, m.W, m.b, m.patchSize), m.pos), m.encoder, m.numHeads); // (N, d)
  const pe = parts.densePE(g, g, m.gaussian); // (d, g, g)
  const keyPE = Array.from({ length: g * g }, (_, t) => pe.map((plane) => plane[Math.floor(t / g)][t % g])); // (N, d), raster order
  const promptTokens = 'box' in prompt
    ? parts.encodeBoxes([prompt.box], [H, W], m.gaussian, m.boxes) // (2, d)
    : parts.encodePoints(prompt.points, prompt.labels, [H, W], m.gaussian, m.points, true); // (P + 1, d)
  const tokens = [m.maskToken.slice(), ...promptTokens]; // (1 + P, d)
  const { queries, keys } = parts.twoWayBlock(tokens, imageTokens, tokens, keyPE, m.decoder, m.decoderHeads, true);
  const d = m.maskToken.length;
  const grid = Array.from({ length: d }, (_, c) => Array.from({ length: g }, (_, y) => Array.from({ length: g }, (_, x) => keys[y * g + x][c]))); // (d, g, g)
  // the image beside the upsampled tokens, so the 3 x 3 convolution can follow edges 4 x 4 patches blur
  const upscaled = parts.conv2d([...upsampleNearest(grid, m.patchSize), ...image], m.upscale.kernel, m.upscale.bias, 1, 1).map((plane) => parts.gelu(plane)); // (C, H, W)
  // the hypernetwork is a ReLU MLP of the model's own, no exercise's function
  const hyperIn = feedForward([queries[0]], m.hyper.W1, m.hyper.b1, m.hyper.W2, m.hyper.b2, { activation: 'relu' }); // (1, C)
  return { imageTokens, promptTokens, queries, keys, logits: parts.maskLogits(hyperIn, upscaled)[0] };
}

/** How far the composed model is from the reference (`ref`, its pass on this image and prompt): the largest |difference| per stage. */
export function layerDifferences(image: Tensor3, prompt: SamPrompt, m: TinySAM, parts: SamParts, ref: ComposedSam = composedSam(image, prompt, m, composeParts({}))): LayerDifference[] {
  const got = composedSam(image, prompt, m, parts);
  return [
    { layer: 'image tokens', maxAbsDiff: maxAbsDiff(got.imageTokens, ref.imageTokens) },
    { layer: 'prompt tokens', maxAbsDiff: maxAbsDiff(got.promptTokens, ref.promptTokens) },
    { layer: 'two-way queries', maxAbsDiff: maxAbsDiff(got.queries, ref.queries) },
    { layer: 'two-way keys', maxAbsDiff: maxAbsDiff(got.keys, ref.keys) },
    { layer: 'mask logits', maxAbsDiff: maxAbsDiff(got.logits, ref.logits) },
  ];
}
