// Input generators for exercise cases. Every generator takes an Rng first, so a case is a pure
// function of its seed. Weights are scaled like a default init (about 1/sqrt(d_in)) so activations
// stay O(1) through blocks, and generators avoid the curriculum's knife edges where they can.
import { attentionMask } from './attention.ts';
import { decodeTrace, topKMargin } from './llm.ts';
import type { Rng } from './random.ts';
import type {
  BlockParams, BoxEmbeddings, FeedForwardParams, Kernel, LayerNormParams, Mask, Matrix, MHAWeights, MlmDraws, PointEmbeddings,
  SamAttentionWeights, Tensor3, TinyGPT, TinyViT, TwoWayParams, Vector,
} from './types.ts';

/** Uniform entries in [-scale, scale). */
export function vector(rng: Rng, n: number, scale = 1): Vector {
  return Array.from({ length: n }, () => rng.uniform(-scale, scale));
}

export function matrix(rng: Rng, rows: number, cols: number, scale = 1): Matrix {
  return Array.from({ length: rows }, () => vector(rng, cols, scale));
}

/** An image or feature map (C, H, W). */
export function tensor3(rng: Rng, channels: number, height: number, width: number, scale = 1): Tensor3 {
  return Array.from({ length: channels }, () => matrix(rng, height, width, scale));
}

/** A conv kernel (O, C, k, k), scaled by 1/sqrt(C k k) like PyTorch's default init. */
export function kernel(rng: Rng, outChannels: number, inChannels: number, size: number, scale = 1 / Math.sqrt(inChannels * size * size)): Kernel {
  return Array.from({ length: outChannels }, () => tensor3(rng, inChannels, size, size, scale));
}

/** Gaussian entries, mean 0. */
export function gaussianMatrix(rng: Rng, rows: number, cols: number, std = 1): Matrix {
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => rng.normal(0, std)));
}

/** Integer-valued entries in [lo, hi] (exact arithmetic in dot products and matmuls). */
export function intMatrix(rng: Rng, rows: number, cols: number, lo = -5, hi = 5): Matrix {
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => rng.int(lo, hi)));
}

/** A weight (dIn, dOut) with entries in +-gain/sqrt(dIn). */
export function weight(rng: Rng, dIn: number, dOut: number, gain = 1): Matrix {
  return matrix(rng, dIn, dOut, gain / Math.sqrt(dIn));
}

/** A small bias. */
export function bias(rng: Rng, n: number, scale = 0.1): Vector {
  return vector(rng, n, scale);
}

/** gamma near 1, beta near 0, so a wrong normalisation still shows. */
export function layerNormParams(rng: Rng, d: number): LayerNormParams {
  return { gamma: Array.from({ length: d }, () => rng.uniform(0.7, 1.3)), beta: vector(rng, d, 0.2) };
}

export function mhaWeights(rng: Rng, d: number, gain = 1): MHAWeights {
  return {
    Wq: weight(rng, d, d, gain), Wk: weight(rng, d, d, gain), Wv: weight(rng, d, d, gain), Wo: weight(rng, d, d, gain),
    bq: bias(rng, d), bk: bias(rng, d), bv: bias(rng, d), bo: bias(rng, d),
  };
}

export function feedForwardParams(rng: Rng, d: number, dFF: number, gain = 1): FeedForwardParams {
  return { W1: weight(rng, d, dFF, gain), b1: bias(rng, dFF), W2: weight(rng, dFF, d, gain), b2: bias(rng, d) };
}

/** `gain` scales every weight matrix: above 1 the attention and MLP branches outweigh the residual. */
export function blockParams(rng: Rng, d: number, dFF: number, gain = 1): BlockParams {
  return { ln1: layerNormParams(rng, d), attn: mhaWeights(rng, d, gain), ln2: layerNormParams(rng, d), ffn: feedForwardParams(rng, d, dFF, gain) };
}

export interface TinyGPTConfig {
  vocab: number; d: number; tMax: number; numBlocks: number; numHeads: number; dFF: number;
  /** Weight gain of the blocks (default 2.5). At 1 the tied-embedding residual dominates and most random
   *  models repeat one token whatever the mask or positions; 2.5 makes the blocks matter. */
  gain?: number;
}

export function tinyGPT(rng: Rng, c: TinyGPTConfig): TinyGPT {
  return {
    tokenEmbedding: matrix(rng, c.vocab, c.d),
    positionEmbedding: matrix(rng, c.tMax, c.d),
    blocks: Array.from({ length: c.numBlocks }, () => blockParams(rng, c.d, c.dFF, c.gain ?? 2.5)),
    lnF: layerNormParams(rng, c.d),
    numHeads: c.numHeads,
  };
}

/**
 * A TinyGPT and prompt whose greedy decoding has every step's top-two logit gap above `minGap`
 * (the curriculum's 1e-6, with room to spare by default); redraws until it does.
 */
export function tinyGPTDecodingCase(rng: Rng, c: TinyGPTConfig, promptLength: number, steps: number, minGap = 1e-4): { prompt: number[]; model: TinyGPT } {
  for (let attempt = 0; attempt < 100; attempt++) {
    const model = tinyGPT(rng, c);
    const prompt = tokenIds(rng, promptLength, c.vocab);
    const { margins } = decodeTrace(prompt, model, steps);
    if (margins.every((m) => m > minGap)) return { prompt, model };
  }
  throw new Error('tinyGPTDecodingCase: no model with a clear argmax in 100 attempts');
}

export interface TinyViTConfig { channels: number; imageSize: number; patchSize: number; d: number; numHeads: number; dFF: number; classes: number }

export function tinyViT(rng: Rng, c: TinyViTConfig): TinyViT {
  const patchDim = c.channels * c.patchSize * c.patchSize;
  const n = (c.imageSize / c.patchSize) ** 2;
  return {
    patchSize: c.patchSize,
    W: weight(rng, patchDim, c.d),
    b: bias(rng, c.d),
    cls: vector(rng, c.d),
    pos: matrix(rng, n + 1, c.d, 0.5),
    block: blockParams(rng, c.d, c.dFF),
    lnF: layerNormParams(rng, c.d),
    head: { W: weight(rng, c.d, c.classes), b: bias(rng, c.classes) },
    numHeads: c.numHeads,
  };
}

/** SAM attention weights: Wq, Wk, Wv (d, dInt), Wo (dInt, d). */
export function samAttentionWeights(rng: Rng, d: number, dInt: number): SamAttentionWeights {
  return {
    Wq: weight(rng, d, dInt), bq: bias(rng, dInt), Wk: weight(rng, d, dInt), bk: bias(rng, dInt),
    Wv: weight(rng, d, dInt), bv: bias(rng, dInt), Wo: weight(rng, dInt, d), bo: bias(rng, d),
  };
}

/** A two-way block: self-attention at d, both cross attentions at d / 2, MLP (d, mlpDim). */
export function twoWayParams(rng: Rng, d: number, mlpDim: number): TwoWayParams {
  return {
    selfAttn: samAttentionWeights(rng, d, d),
    norm1: layerNormParams(rng, d),
    crossTokenToImage: samAttentionWeights(rng, d, d / 2),
    norm2: layerNormParams(rng, d),
    mlp: feedForwardParams(rng, d, mlpDim),
    norm3: layerNormParams(rng, d),
    crossImageToToken: samAttentionWeights(rng, d, d / 2),
    norm4: layerNormParams(rng, d),
  };
}

export function causalMask(n: number): Mask {
  return attentionMask(n, n, true);
}

/** Keys at or beyond validLength blocked, for every query; n queries x m keys. */
export function paddingMask(n: number, m: number, validLength: number): Mask {
  return Array.from({ length: n }, () => Array.from({ length: m }, (_, j) => j < validLength));
}

/** A random n x m mask with at least one allowed key per query. */
export function randomMask(rng: Rng, n: number, m: number, pTrue = 0.6): Mask {
  return Array.from({ length: n }, () => {
    const row = Array.from({ length: m }, () => rng.bool(pTrue));
    if (!row.includes(true)) row[rng.int(0, m - 1)] = true;
    return row;
  });
}

export function tokenIds(rng: Rng, n: number, vocabSize: number): number[] {
  return Array.from({ length: n }, () => rng.int(0, vocabSize - 1));
}

/** Logits with a few entries near +-1000 mixed in, for the stable-softmax cases. */
export function largeLogits(rng: Rng, rows: number, cols: number, magnitude = 1000): Matrix {
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => rng.pick([magnitude, -magnitude]) + rng.uniform(-5, 5)));
}

/** Entries with |x| in [minAbs, scale]: loss logits away from the 0 threshold. */
export function logitsAwayFromZero(rng: Rng, rows: number, cols: number, scale = 4, minAbs = 1e-3): Matrix {
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => rng.uniform(minAbs, scale) * (rng.bool() ? 1 : -1)));
}

/** A 0/1 mask of the given size. */
export function binaryTarget(rng: Rng, rows: number, cols: number, pOne = 0.4): Matrix {
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => (rng.bool(pOne) ? 1 : 0)));
}

/** A top-k draw u in [0, 1) at least minGap away from every running sum (the curriculum asks 1e-6). */
export function topKDraw(rng: Rng, logits: Vector, k: number, temperature: number, minGap = 1e-4): number {
  for (let attempt = 0; attempt < 1000; attempt++) {
    const u = rng.next();
    if (topKMargin(logits, k, temperature, u) >= minGap) return u;
  }
  throw new Error('topKDraw: no draw away from the running sums');
}

/** MLM draws for n positions; about 15% selected, values kept away from the 0.15 / 0.8 / 0.9 thresholds. */
export function mlmDraws(rng: Rng, n: number, vocabSize: number): MlmDraws {
  const away = (t: number[]) => {
    for (;;) {
      const u = rng.next();
      if (t.every((x) => Math.abs(u - x) > 1e-9)) return u;
    }
  };
  return {
    select: Array.from({ length: n }, () => away([0.15])),
    action: Array.from({ length: n }, () => away([0.8, 0.9])),
    randomId: tokenIds(rng, n, vocabSize),
  };
}

/** Pixel coordinates (x, y), 0 <= x < W, 0 <= y < H; imageSize = [H, W]. */
export function pixelPoints(rng: Rng, n: number, imageSize: [number, number], integer = false): Matrix {
  const [H, W] = imageSize;
  return Array.from({ length: n }, () => (integer ? [rng.int(0, W - 1), rng.int(0, H - 1)] : [rng.uniform(0, W), rng.uniform(0, H)]));
}

/** Point labels in {-1, 0, 1}; mostly 0 / 1. */
export function pointLabels(rng: Rng, n: number, pNotAPoint = 0.15): number[] {
  return Array.from({ length: n }, () => (rng.bool(pNotAPoint) ? -1 : rng.int(0, 1)));
}

/** Boxes [x0, y0, x1, y1] inside the image with x0 < x1, y0 < y1. */
export function boxes(rng: Rng, n: number, imageSize: [number, number]): Matrix {
  const [H, W] = imageSize;
  return Array.from({ length: n }, () => {
    const [x0, x1] = [rng.uniform(0, W), rng.uniform(0, W)].sort((a, b) => a - b);
    const [y0, y1] = [rng.uniform(0, H), rng.uniform(0, H)].sort((a, b) => a - b);
    return [x0, y0, x1, y1];
  });
}

/** Coordinates in [0, 1]^2, (n, 2). */
export function unitCoords(rng: Rng, n: number): Matrix {
  return Array.from({ length: n }, () => [rng.next(), rng.next()]);
}

export function pointEmbeddings(rng: Rng, width: number): PointEmbeddings {
  return { notAPoint: vector(rng, width), negative: vector(rng, width), positive: vector(rng, width) };
}

export function boxEmbeddings(rng: Rng, width: number): BoxEmbeddings {
  return { topLeft: vector(rng, width), bottomRight: vector(rng, width) };
}

/** A small uncased WordPiece vocabulary: whole words, ## continuations, punctuation. */
export const WORDPIECE_VOCAB: readonly string[] = Object.freeze([
  '[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]',
  'the', 'a', 'cat', 'dog', 'sat', 'on', 'mat', 'un', 'play', 'run', 'jump', 'attention', 'is', 'all', 'you', 'need',
  'token', 'transform', 'cafe', 'naive', 'resume', 'over', 'lazy', 'fox', 'quick', 'brown', 'i', 'it', 's',
  '##s', '##ed', '##ing', '##er', '##ers', '##aff', '##able', '##iz', '##ize', '##ation', '##ly', '##n', '##ning', '##ped',
  '.', ',', '!', '?', "'", '-', '(', ')', ':', ';', '"', '¿', '—', '«', '»',
]);

const WORD_STEMS = ['the', 'a', 'cat', 'dog', 'sat', 'on', 'mat', 'play', 'run', 'jump', 'attention', 'token', 'transform', 'fox', 'quick', 'brown', 'lazy', 'over'];
const SUFFIXES = ['', '', 's', 'ed', 'ing', 'er', 'ers', 'ly', 'ning', 'ation'];
const ACCENTED = ['Café', 'naïve', 'résumé', 'CAFÉ', 'Naïve'];
const UNKNOWN = ['xylophone', 'qqq', 'zebra', 'über'];
const PUNCT = ['.', ',', '!', '?', "'", '-', '(', ')', ':', '¿', '—', '«', '»', '"'];
const SPACES = [' ', ' ', ' ', '  ', '\u00a0', '\u2003', '\t', '\n'];

/** A sentence the WORDPIECE_VOCAB mostly covers: mixed case, accents, punctuation, odd spaces, some unknown words. */
export function wordpieceText(rng: Rng, words = rng.int(3, 8)): string {
  let text = rng.bool(0.2) ? rng.pick(SPACES) : '';
  for (let w = 0; w < words; w++) {
    const r = rng.next();
    let word: string;
    if (r < 0.65) word = rng.pick(WORD_STEMS) + rng.pick(SUFFIXES);
    else if (r < 0.8) word = rng.pick(ACCENTED);
    else if (r < 0.9) word = rng.pick(UNKNOWN);
    else word = rng.pick(PUNCT);
    if (rng.bool(0.2)) word = word[0].toUpperCase() + word.slice(1);
    if (rng.bool(0.2)) word += rng.pick(PUNCT);
    text += word + (w < words - 1 ? rng.pick(SPACES) : '');
  }
  return text;
}

/**
 * Calls `make` until `accept` holds (e.g. a case on which a wrong variant differs from the reference,
 * or one away from a knife edge); throws after `tries` draws, naming `what`.
 */
export function drawUntil<T>(make: () => T, accept: (x: T) => boolean, what: string, tries = 200): T {
  for (let i = 0; i < tries; i++) {
    const x = make();
    if (accept(x)) return x;
  }
  throw new Error(`drawUntil: no ${what} in ${tries} draws`);
}
