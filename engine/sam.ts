// Segment Anything (Kirillov et al. 2023; facebookresearch/segment-anything): the random Fourier
// positional encoding (Tancik et al. 2020), point/box prompt encodings, the downsampled Attention,
// the two-way transformer block, mask logits from hypernetwork outputs, and the training losses
// (focal: Lin et al. 2017, as torchvision's sigmoid_focal_loss; dice: Milletari et al. 2016).
import { projectedAttention, type MultiHeadOptions } from './attention.ts';
import { add, addVectors, matmul, sigmoidScalar } from './linalg.ts';
import { BLOCK_EPS, feedForward, layerNorm, type GeluForm } from './transformer.ts';
import type {
  BoxEmbeddings, LayerNormParams, Matrix, PointEmbeddings, SamAttentionWeights, SegmentationLosses, Tensor3, TwoWayParams, TwoWayResult,
} from './types.ts';

export interface FourierOptions {
  /** false: forget the map c = 2 coords - 1 to [-1, 1]. */
  centre?: boolean;
  /** false: forget the 2 pi. */
  twoPi?: boolean;
  /** Feature order: sin block first (correct) or cos block first. */
  order?: 'sin-cos' | 'cos-sin';
  /** true: use (y, x) where (x, y) is meant. */
  swapXY?: boolean;
}

/** [sin(2 pi (2c - 1) G), cos(2 pi (2c - 1) G)]; coords (N, 2) in [0, 1], G (2, F) -> (N, 2F). */
export function fourierFeatures(coords: Matrix, gaussian: Matrix, options?: FourierOptions): Matrix {
  const xy = options?.swapXY ? coords.map(([x, y]) => [y, x]) : coords; // (N, 2)
  const c = options?.centre === false ? xy : xy.map((row) => row.map((v) => 2 * v - 1)); // (N, 2) in [-1, 1]
  const factor = options?.twoPi === false ? 1 : 2 * Math.PI;
  const p = matmul(c, gaussian).map((row) => row.map((v) => factor * v)); // (N, F)
  return p.map((row) => {
    const s = row.map(Math.sin);
    const co = row.map(Math.cos);
    return options?.order === 'cos-sin' ? [...co, ...s] : [...s, ...co]; // (2F)
  });
}

export interface SamCoordOptions extends FourierOptions {
  /** false: forget the +0.5 that moves a pixel index to the pixel's centre. */
  shift?: boolean;
  /** 'hw' (correct): imageSize is [H, W], x / W, y / H. 'wh': read as [W, H], x / H, y / W. */
  normalizeBy?: 'hw' | 'wh';
}

/** Pixel coordinates (x, y) -> ((x + 0.5) / W, (y + 0.5) / H), imageSize = [H, W]. */
export function normalizePixelCoords(points: Matrix, imageSize: [number, number], options?: SamCoordOptions): Matrix {
  const [H, W] = options?.normalizeBy === 'wh' ? [imageSize[1], imageSize[0]] : imageSize;
  const s = options?.shift === false ? 0 : 0.5;
  return points.map(([x, y]) => [(x + s) / W, (y + s) / H]);
}

export interface PointPromptOptions extends SamCoordOptions {
  /** true: a label -1 point gets notAPoint added to its encoding instead of replacing it. */
  padAdds?: boolean;
  /** true: the positive and negative embeddings swapped. */
  swapLabels?: boolean;
}

/** SAM's PromptEncoder._embed_points: (N (+1 if pad), 2F). */
export function encodePoints(
  points: Matrix, labels: number[], imageSize: [number, number], gaussian: Matrix, emb: PointEmbeddings, pad: boolean, options?: PointPromptOptions,
): Matrix {
  const coords = normalizePixelCoords(points, imageSize, options); // (N, 2)
  const allCoords = pad ? [...coords, [0, 0]] : coords; // SAM pads after the shift, with the point (0, 0)
  const allLabels = pad ? [...labels, -1] : labels;
  const pe = fourierFeatures(allCoords, gaussian, options); // (N', 2F)
  const [neg, pos] = options?.swapLabels ? [emb.positive, emb.negative] : [emb.negative, emb.positive];
  return pe.map((row, i) => {
    const label = allLabels[i];
    if (label === -1) return options?.padAdds ? addVectors(row, emb.notAPoint) : emb.notAPoint.slice();
    return addVectors(row, label === 0 ? neg : pos);
  });
}

export interface BoxPromptOptions extends SamCoordOptions {
  /** true: topLeft added to the bottom-right corner and vice versa. */
  swapCornerEmbeddings?: boolean;
}

/** SAM's PromptEncoder._embed_boxes: corners (x0, y0) and (x1, y1) of each box, (2B, 2F). */
export function encodeBoxes(boxes: Matrix, imageSize: [number, number], gaussian: Matrix, emb: BoxEmbeddings, options?: BoxPromptOptions): Matrix {
  const corners = boxes.flatMap(([x0, y0, x1, y1]) => [[x0, y0], [x1, y1]]); // (2B, 2)
  const pe = fourierFeatures(normalizePixelCoords(corners, imageSize, options), gaussian, options); // (2B, 2F)
  const [first, second] = options?.swapCornerEmbeddings ? [emb.bottomRight, emb.topLeft] : [emb.topLeft, emb.bottomRight];
  return pe.map((row, i) => addVectors(row, i % 2 === 0 ? first : second));
}

export interface DensePEOptions extends SamCoordOptions {
  /** 'chw' (channel-first, correct) or 'hwc' (channel-last). */
  layout?: 'chw' | 'hwc';
}

/** SAM's PositionEmbeddingRandom.forward over an h x w grid of cell centres: (2F, h, w). */
export function densePE(h: number, w: number, gaussian: Matrix, options?: DensePEOptions): Tensor3 {
  const s = options?.shift === false ? 0 : 0.5;
  const [dx, dy] = options?.normalizeBy === 'wh' ? [h, w] : [w, h];
  const cells: Matrix = [];
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) cells.push([(x + s) / dx, (y + s) / dy]);
  const pe = fourierFeatures(cells, gaussian, options); // (h w, 2F)
  if (options?.layout === 'hwc') return Array.from({ length: h }, (_, y) => pe.slice(y * w, (y + 1) * w));
  return pe[0].map((_, ch) => Array.from({ length: h }, (_, y) => Array.from({ length: w }, (_, x) => pe[y * w + x][ch])));
}

/** SAM's Attention(downsample_rate): project d -> d_int, numHeads heads, project back; q (n, d), k, v (m, d). */
export function samAttention(q: Matrix, k: Matrix, v: Matrix, w: SamAttentionWeights, numHeads: number, options?: MultiHeadOptions): Matrix {
  return projectedAttention(q, k, v, w, numHeads, undefined, options); // (n, d)
}

export interface TwoWayOptions {
  /** 'as-given' (correct), 'never' (ignore skipFirstLayerPE: always PE + residual), 'always' (always the skip path). */
  skipPE?: 'as-given' | 'never' | 'always';
  /** false: never add the positional encodings to queries or keys. */
  usePE?: boolean;
  /** true: the values get the positional encodings too. */
  peOnValues?: boolean;
  /** Activation of the MLP: 'relu' (SAM's) or a GELU form. */
  mlpActivation?: GeluForm;
  /** Options of all three attentions. */
  attention?: MultiHeadOptions;
}

/** SAM's TwoWayAttentionBlock: token self-attention, token-to-image, MLP, image-to-token (post-norm). */
export function twoWayBlock(
  queries: Matrix, keys: Matrix, queryPE: Matrix, keyPE: Matrix, p: TwoWayParams, numHeads: number, skipFirstLayerPE: boolean, options?: TwoWayOptions,
): TwoWayResult {
  const ln = (x: Matrix, n: LayerNormParams) => layerNorm(x, n.gamma, n.beta, BLOCK_EPS);
  const attn = (w: SamAttentionWeights, q: Matrix, k: Matrix, v: Matrix) => samAttention(q, k, v, w, numHeads, options?.attention);
  const withPE = (x: Matrix, pe: Matrix) => (options?.usePE === false ? x : add(x, pe));
  const value = (x: Matrix, pe: Matrix) => (options?.peOnValues ? withPE(x, pe) : x);
  const skip = options?.skipPE === 'always' || (options?.skipPE !== 'never' && skipFirstLayerPE);

  // 1. self-attention of the prompt tokens
  let qs: Matrix;
  if (skip) qs = attn(p.selfAttn, queries, queries, queries); // (Nq, d), no residual: the first layer's queries are the PE
  else {
    const q = withPE(queries, queryPE);
    qs = add(queries, attn(p.selfAttn, q, q, value(queries, queryPE)));
  }
  qs = ln(qs, p.norm1);

  // 2. tokens attend to the image
  let q = withPE(qs, queryPE); // (Nq, d)
  let k = withPE(keys, keyPE); // (Nk, d)
  qs = ln(add(qs, attn(p.crossTokenToImage, q, k, value(keys, keyPE))), p.norm2);

  // 3. MLP on the tokens
  const mlp = feedForward(qs, p.mlp.W1, p.mlp.b1, p.mlp.W2, p.mlp.b2, { activation: options?.mlpActivation ?? 'relu' }); // (Nq, d)
  qs = ln(add(qs, mlp), p.norm3);

  // 4. the image attends to the tokens
  q = withPE(qs, queryPE);
  k = withPE(keys, keyPE);
  const ks = ln(add(keys, attn(p.crossImageToToken, k, q, value(qs, queryPE))), p.norm4); // (Nk, d)
  return { queries: qs, keys: ks };
}

export interface MaskLogitsOptions {
  /** true: return sigmoid probabilities instead of logits. */
  sigmoid?: boolean;
}

/** out[m] = sum_c hyperIn[m][c] upscaled[c]: (M, C) x (C, H W) -> (M, H, W). */
export function maskLogits(hyperIn: Matrix, upscaled: Tensor3, options?: MaskLogitsOptions): Tensor3 {
  const H = upscaled[0].length;
  const W = upscaled[0][0].length;
  const flat = upscaled.map((plane) => plane.flat()); // (C, H W)
  const out = matmul(hyperIn, flat); // (M, H W)
  return out.map((row) => {
    const vals = options?.sigmoid ? row.map(sigmoidScalar) : row;
    return Array.from({ length: H }, (_, y) => vals.slice(y * W, (y + 1) * W));
  });
}

export interface SegmentationLossOptions {
  /** true: BCE as -(t log p + (1 - t) log(1 - p)) from p = sigmoid(l), which overflows to Infinity for large |l|. */
  naiveBce?: boolean;
  /** false: dice without the +1 smoothing. */
  diceSmoothing?: boolean;
  /** 'standard' (0.25 positives, 0.75 negatives), 'swapped', or 'none' (alpha_t = 1). */
  focalAlpha?: 'standard' | 'swapped' | 'none';
  /** The focusing exponent; 2 in SAM. */
  focalGamma?: number;
  /** 'mean' (correct) or 'sum' over the pixels. */
  focalReduction?: 'mean' | 'sum';
  /** Dice on the probabilities (correct) or on the thresholded prediction. */
  diceOn?: 'probabilities' | 'binary';
  /** IoU when prediction and target are both empty (1 in the curriculum). */
  emptyIou?: number;
}

/** Focal, dice and IoU of one mask; logits and target (H, W), target 0/1. */
export function segmentationLosses(logits: Matrix, target: Matrix, options?: SegmentationLossOptions): SegmentationLosses {
  const alpha = options?.focalAlpha === 'swapped' ? 0.75 : 0.25;
  const gamma = options?.focalGamma ?? 2;
  let focal = 0;
  let pt = 0;
  let pSum = 0;
  let tSum = 0;
  let inter = 0;
  let union = 0;
  let count = 0;
  logits.forEach((row, y) => row.forEach((l, x) => {
    const t = target[y][x];
    const p = sigmoidScalar(l);
    const bce = options?.naiveBce
      ? -(t * Math.log(p) + (1 - t) * Math.log(1 - p))
      : Math.max(l, 0) - l * t + Math.log1p(Math.exp(-Math.abs(l))); // stable BCE with logits
    const pT = t === 1 ? p : 1 - p;
    const alphaT = options?.focalAlpha === 'none' ? 1 : t === 1 ? alpha : 1 - alpha;
    focal += alphaT * Math.pow(1 - pT, gamma) * bce;
    const pred = l > 0 ? 1 : 0;
    const q = options?.diceOn === 'binary' ? pred : p;
    pt += q * t;
    pSum += q;
    tSum += t;
    inter += pred * t;
    union += pred === 1 || t === 1 ? 1 : 0;
    count += 1;
  }));
  const smooth = options?.diceSmoothing === false ? 0 : 1;
  return {
    focal: options?.focalReduction === 'sum' ? focal : focal / count,
    dice: 1 - (2 * pt + smooth) / (pSum + tSum + smooth),
    iou: union === 0 ? (options?.emptyIou ?? 1) : inter / union,
  };
}
