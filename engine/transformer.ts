// Transformer block parts: layer norm (Ba et al. 2016), GELU (Hendrycks & Gimpel 2016, tanh form),
// the position-wise feed-forward net and the pre-LN encoder block (Xiong et al. 2020; GPT-2 / ViT order).
import { multiHeadAttention, type MultiHeadOptions } from './attention.ts';
import { add, linear, map } from './linalg.ts';
import { erf } from './special.ts';
import type { BlockParams, Mask, Matrix, Vector } from './types.ts';

/** The eps of every layer norm inside a block, TinyGPT and TinyViT (PyTorch's default). */
export const BLOCK_EPS = 1e-5;

export interface LayerNormOptions {
  /** 'unbiased': divide the variance by d - 1 (torch.var's default, not layer norm's). */
  variance?: 'biased' | 'unbiased';
  /** 'outside': (x - mean) / (sqrt(var) + eps) instead of / sqrt(var + eps). */
  epsPlacement?: 'inside' | 'outside';
  /** 'columns': normalise each feature over the rows (batch norm's axis). */
  axis?: 'rows' | 'columns';
}

function normalizeRow(x: Vector, gamma: Vector, beta: Vector, eps: number, o?: LayerNormOptions): Vector {
  const d = x.length;
  let mean = 0;
  for (const v of x) mean += v;
  mean /= d;
  let ss = 0;
  for (const v of x) ss += (v - mean) * (v - mean);
  const variance = ss / (o?.variance === 'unbiased' ? d - 1 : d);
  const denom = o?.epsPlacement === 'outside' ? Math.sqrt(variance) + eps : Math.sqrt(variance + eps);
  return x.map((v, j) => ((v - mean) / denom) * gamma[j] + beta[j]);
}

/** Per row: (x - mean) / sqrt(var + eps) * gamma + beta, biased variance; x (n, d). */
export function layerNorm(x: Matrix, gamma: Vector, beta: Vector, eps: number, options?: LayerNormOptions): Matrix {
  if (options?.axis === 'columns') {
    // each column j normalised over the rows, then gamma[j], beta[j] as usual
    const cols = x[0].map((_, j) => normalizeRow(x.map((r) => r[j]), x.map(() => gamma[j]), x.map(() => beta[j]), eps, options));
    return x.map((_, i) => cols.map((c) => c[i]));
  }
  return x.map((row) => normalizeRow(row, gamma, beta, eps, options));
}

export type GeluForm = 'tanh' | 'erf' | 'relu' | 'sigmoid';

export interface GeluOptions {
  /** 'tanh' (the curriculum's), 'erf' (exact GELU), 'relu', or 'sigmoid' (x sigmoid(1.702 x)). */
  form?: GeluForm;
}

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

export function geluScalar(x: number, form: GeluForm = 'tanh'): number {
  switch (form) {
    case 'erf':
      return 0.5 * x * (1 + erf(x / Math.SQRT2));
    case 'relu':
      return x > 0 ? x : 0;
    case 'sigmoid':
      return x / (1 + Math.exp(-1.702 * x));
    default:
      return 0.5 * x * (1 + Math.tanh(SQRT_2_OVER_PI * (x + 0.044715 * x * x * x)));
  }
}

/** 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))), element-wise. */
export function gelu(x: Matrix, options?: GeluOptions): Matrix {
  return map(x, (v) => geluScalar(v, options?.form));
}

export interface FeedForwardOptions {
  /** The activation between the two layers. */
  activation?: GeluForm;
  /** Wrong variant: forget the second bias. */
  secondBias?: boolean;
}

/** gelu(x W1 + b1) W2 + b2; x (n, d), W1 (d, d_ff), W2 (d_ff, d). */
export function feedForward(x: Matrix, W1: Matrix, b1: Vector, W2: Matrix, b2: Vector, options?: FeedForwardOptions): Matrix {
  const hidden = gelu(linear(x, W1, b1), { form: options?.activation }); // (n, d_ff)
  return linear(hidden, W2, options?.secondBias === false ? undefined : b2); // (n, d)
}

export interface EncoderBlockOptions {
  /** 'pre' (LN inside the residual branch, the curriculum's) or 'post' (the 2017 paper's). */
  norm?: 'pre' | 'post';
  /** false: forget the residual connections. */
  residual?: boolean;
  /** Options of the attention inside the block. */
  attention?: MultiHeadOptions;
  /** Activation of the feed-forward net. */
  activation?: GeluForm;
  /** Variance of both layer norms. */
  variance?: 'biased' | 'unbiased';
}

/** Pre-LN block: h = x + MHA(LN1(x)), out = h + FFN(LN2(h)); x (n, d). */
export function encoderBlock(x: Matrix, p: BlockParams, numHeads: number, mask?: Mask, options?: EncoderBlockOptions): Matrix {
  const ln = (y: Matrix, q: BlockParams['ln1']) => layerNorm(y, q.gamma, q.beta, BLOCK_EPS, { variance: options?.variance });
  const attn = (y: Matrix) => multiHeadAttention(y, y, p.attn, numHeads, mask, options?.attention); // (n, d)
  const ffn = (y: Matrix) => feedForward(y, p.ffn.W1, p.ffn.b1, p.ffn.W2, p.ffn.b2, { activation: options?.activation }); // (n, d)
  const residual = (y: Matrix, f: Matrix) => (options?.residual === false ? f : add(y, f));
  if (options?.norm === 'post') {
    const h = ln(residual(x, attn(x)), p.ln1); // (n, d)
    return ln(residual(h, ffn(h)), p.ln2);
  }
  const h = residual(x, attn(ln(x, p.ln1))); // (n, d)
  return residual(h, ffn(ln(h, p.ln2))); // (n, d)
}
