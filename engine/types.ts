// Types that name the math. Every exercise signature in the curriculum is written with these.

/** A vector: `number[]`. */
export type Vector = number[];
/** A matrix indexed `[row][col]`. */
export type Matrix = number[][];
/** An image or feature map indexed `[channel][y][x]`. */
export type Tensor3 = number[][][];
/** A conv kernel indexed `[out][in][ky][kx]`. */
export type Kernel = number[][][][];
/** An attention mask, queries x keys; `true` means "query i may attend to key j". */
export type Mask = boolean[][];

/** Linear maps act on the right: `Q = X Wq`, a weight is `d_in x d_out`, a bias has `d_out` entries. */
export interface MHAWeights {
  Wq: Matrix; Wk: Matrix; Wv: Matrix; Wo: Matrix;
  bq: Vector; bk: Vector; bv: Vector; bo: Vector;
}

export interface LayerNormParams { gamma: Vector; beta: Vector }

export interface FeedForwardParams { W1: Matrix; b1: Vector; W2: Matrix; b2: Vector }

export interface BlockParams {
  ln1: LayerNormParams;
  attn: MHAWeights;
  ln2: LayerNormParams;
  ffn: FeedForwardParams;
}

export interface TinyGPT {
  tokenEmbedding: Matrix; // (V, d)
  positionEmbedding: Matrix; // (Tmax, d), learned
  blocks: BlockParams[];
  lnF: LayerNormParams;
  numHeads: number;
}

export interface TinyViT {
  patchSize: number;
  W: Matrix; // (C p p, D)
  b: Vector; // (D)
  cls: Vector; // (D)
  pos: Matrix; // (N + 1, D)
  block: BlockParams;
  lnF: LayerNormParams;
  head: { W: Matrix; b: Vector }; // (D, classes), (classes)
  numHeads: number;
}

export interface CostConfig {
  imageSize: number; patchSize: number; channels: number;
  dModel: number; kernelSize: number; convChannels: number;
}

export interface CostReport {
  tokens: number; attentionScores: number; attentionFlops: number;
  convParams: number; convFlops: number;
}

export interface MlmDraws { select: Vector; action: Vector; randomId: Vector }
export interface MlmResult { inputIds: number[]; labels: number[] }

export interface PointEmbeddings { notAPoint: Vector; negative: Vector; positive: Vector }
export interface BoxEmbeddings { topLeft: Vector; bottomRight: Vector }

/** SAM's Attention with a downsample rate: Wq, Wk, Wv are (d, d_int), Wo is (d_int, d). */
export interface SamAttentionWeights {
  Wq: Matrix; bq: Vector; Wk: Matrix; bk: Vector;
  Wv: Matrix; bv: Vector; Wo: Matrix; bo: Vector;
}

export interface TwoWayParams {
  selfAttn: SamAttentionWeights;
  norm1: LayerNormParams;
  crossTokenToImage: SamAttentionWeights;
  norm2: LayerNormParams;
  mlp: FeedForwardParams; // ReLU, W1 is (d, mlpDim)
  norm3: LayerNormParams;
  crossImageToToken: SamAttentionWeights;
  norm4: LayerNormParams;
}

export interface TwoWayResult { queries: Matrix; keys: Matrix }

export interface SegmentationLosses { focal: number; dice: number; iou: number }

/** Tolerance of a numeric comparison: `|actual - expected| <= atol + rtol * |expected|`. */
export interface Tolerance { atol: number; rtol: number }
