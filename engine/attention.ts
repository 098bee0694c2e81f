// Scaled dot-product and multi-head attention (Vaswani et al. 2017, "Attention Is All You Need",
// eqs. 1 and 4.2), built from matmul and softmax the way the course derives them.
import { linear, matmul, pickColumns, scale, transpose } from './linalg.ts';
import { softmax } from './softmax.ts';
import type { Mask, Matrix, MHAWeights, SamAttentionWeights } from './types.ts';

export interface AttentionOptions {
  /** false: forget the 1/sqrt(d_k) scale. */
  scale?: boolean;
  /** The d in 1/sqrt(d); defaults to d_k, the width of Q. Multi-head sets it from `scaleBy`. */
  scaleDim?: number;
  /** true: softmax the unmasked scores, then zero the masked weights (rows no longer sum to 1). */
  maskAfterSoftmax?: boolean;
  /** 'queries': normalise each key's column over the queries instead of each query's row over the keys. */
  softmaxAxis?: 'keys' | 'queries';
  /** false: softmax without the max shift. */
  stable?: boolean;
}

/** Q K^T / sqrt(d_k), Q (n, d_k), K (m, d_k). */
export function attentionScores(Q: Matrix, K: Matrix, options?: AttentionOptions): Matrix {
  const raw = matmul(Q, transpose(K)); // (n, m)
  if (options?.scale === false) return raw;
  return scale(raw, 1 / Math.sqrt(options?.scaleDim ?? Q[0].length));
}

/** softmax(Q K^T / sqrt(d_k) with masked scores at -inf), (n, m); each row sums to 1. */
export function attentionWeights(Q: Matrix, K: Matrix, mask?: Mask, options?: AttentionOptions): Matrix {
  const scores = attentionScores(Q, K, options); // (n, m)
  const softmaxOptions = { axis: options?.softmaxAxis === 'queries' ? 'columns' : 'rows', stable: options?.stable } as const;
  if (!mask) return softmax(scores, softmaxOptions);
  if (options?.maskAfterSoftmax) {
    return softmax(scores, softmaxOptions).map((row, i) => row.map((p, j) => (mask[i][j] ? p : 0)));
  }
  const masked = scores.map((row, i) => row.map((s, j) => (mask[i][j] ? s : -Infinity)));
  return softmax(masked, softmaxOptions);
}

/** softmax(Q K^T / sqrt(d_k)) V, Q (n, d_k), K (m, d_k), V (m, d_v); mask (n, m), true = may attend. */
export function attention(Q: Matrix, K: Matrix, V: Matrix, mask?: Mask, options?: AttentionOptions): Matrix {
  return matmul(attentionWeights(Q, K, mask, options), V); // (n, d_v)
}

export interface AttentionMaskOptions {
  /** Wrong variant: j < i instead of j <= i (a query cannot see itself). */
  strictCausal?: boolean;
  /** Wrong variant: true marks a blocked position (the opposite convention). */
  inverted?: boolean;
  /** Wrong variant: padding applied to the query rows instead of the key columns. */
  padQueries?: boolean;
}

/** n x n boolean mask: key j allowed iff j < validLength and (not causal or j <= i). */
export function attentionMask(n: number, validLength: number, causal: boolean, options?: AttentionMaskOptions): Mask {
  const mask: Mask = [];
  for (let i = 0; i < n; i++) {
    const row: boolean[] = [];
    for (let j = 0; j < n; j++) {
      const padded = (options?.padQueries ? i : j) < validLength;
      const order = !causal || (options?.strictCausal ? j < i : j <= i);
      row.push(options?.inverted ? !(padded && order) : padded && order);
    }
    mask.push(row);
  }
  return mask;
}

export interface MultiHeadOptions extends AttentionOptions {
  /** 'interleaved': head h owns columns h, h + H, h + 2H, ... (a reshape in the wrong order). */
  headSplit?: 'contiguous' | 'interleaved';
  /** Scale by sqrt of the head width (correct), of the model width d, or of the projected width d_int. */
  scaleBy?: 'dh' | 'd' | 'dInt';
  /** false: forget the output projection Wo, bo. */
  outputProjection?: boolean;
  /** false: forget every bias. */
  biases?: boolean;
}

/** The columns of Q, K, V that head h owns. */
export function headColumns(width: number, numHeads: number, h: number, split: 'contiguous' | 'interleaved' = 'contiguous'): number[] {
  const dh = width / numHeads;
  return Array.from({ length: dh }, (_, t) => (split === 'interleaved' ? h + t * numHeads : h * dh + t));
}

/**
 * Project, split into heads, attend per head, concatenate in head order, project out. The shared
 * core of multiHeadAttention (d_int = d) and SAM's downsampled Attention (d_int = d / rate).
 */
export function projectedAttention(
  q: Matrix, k: Matrix, v: Matrix, w: MHAWeights | SamAttentionWeights, numHeads: number, mask?: Mask, options?: MultiHeadOptions,
): Matrix {
  const useBias = options?.biases !== false;
  const Q = linear(q, w.Wq, useBias ? w.bq : undefined); // (n, d_int)
  const K = linear(k, w.Wk, useBias ? w.bk : undefined); // (m, d_int)
  const V = linear(v, w.Wv, useBias ? w.bv : undefined); // (m, d_int)
  const dInt = Q[0].length;
  const dh = dInt / numHeads;
  const scaleDim = options?.scaleBy === 'd' ? q[0].length : options?.scaleBy === 'dInt' ? dInt : dh;
  const headOptions = { ...options, scaleDim };
  const concat: Matrix = Q.map(() => new Array<number>(dInt).fill(0)); // (n, d_int)
  for (let h = 0; h < numHeads; h++) {
    const cols = headColumns(dInt, numHeads, h, options?.headSplit);
    const head = attention(pickColumns(Q, cols), pickColumns(K, cols), pickColumns(V, cols), mask, headOptions); // (n, dh)
    // heads go back to the columns they came from: for contiguous heads this is concatenation in head order
    for (let i = 0; i < head.length; i++) for (let t = 0; t < cols.length; t++) concat[i][cols[t]] = head[i][t];
  }
  if (options?.outputProjection === false) return concat;
  return linear(concat, w.Wo, useBias ? w.bo : undefined); // (n, d)
}

/** Multi-head attention: Xq (n, d), Xkv (m, d), mask (n, m); numHeads contiguous heads of width d / numHeads. */
export function multiHeadAttention(Xq: Matrix, Xkv: Matrix, w: MHAWeights, numHeads: number, mask?: Mask, options?: MultiHeadOptions): Matrix {
  return projectedAttention(Xq, Xkv, Xkv, w, numHeads, mask, options);
}

export interface ProjectQKVOptions {
  /** Wrong variant: W X-style product, X W^T (the weights read as d_out x d_in). */
  transposeWeights?: boolean;
}

/** Q = X Wq, K = X Wk, V = X Wv, X (n, d_in), W (d_in, d_k). */
export function projectQKV(X: Matrix, Wq: Matrix, Wk: Matrix, Wv: Matrix, options?: ProjectQKVOptions) {
  const project = (W: Matrix) => (options?.transposeWeights ? matmul(X, W, { transposeB: true }) : matmul(X, W));
  return { Q: project(Wq), K: project(Wk), V: project(Wv) };
}
