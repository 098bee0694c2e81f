// Sinusoidal positional encoding (Vaswani et al. 2017, section 3.5) and the rotation that shifts it
// by k positions (the "attend by relative positions" remark of the same section).
import { add } from './linalg.ts';
import { embed } from './tokens.ts';
import type { Matrix } from './types.ts';

export interface SinusoidalOptions {
  /** 'interleaved' (sin, cos, sin, cos: the paper) or 'concatenated' (all sines, then all cosines). */
  layout?: 'interleaved' | 'concatenated';
  /**
   * Exponent of 10000 for pair i: '2i' / dModel (correct), 'i' / dModel (pair index without the 2),
   * or 'column': the column's own index j / dModel (cos columns get a different frequency from their sin).
   */
  exponent?: '2i' | 'i' | 'column';
}

/** w_i = 10000^(-2i / dModel), the angular frequency of pair i. */
export function frequency(i: number, dModel: number, exponent: '2i' | 'i' | 'column' = '2i', column = 2 * i): number {
  const e = exponent === 'i' ? i : exponent === 'column' ? column : 2 * i;
  return 1 / Math.pow(10000, e / dModel);
}

/** PE[pos][2i] = sin(pos w_i), PE[pos][2i+1] = cos(pos w_i), (seqLen, dModel). */
export function sinusoidalEncoding(seqLen: number, dModel: number, options?: SinusoidalOptions): Matrix {
  const half = dModel / 2;
  const PE: Matrix = [];
  for (let pos = 0; pos < seqLen; pos++) {
    const row = new Array<number>(dModel);
    for (let i = 0; i < half; i++) {
      const sinCol = options?.layout === 'concatenated' ? i : 2 * i;
      const cosCol = options?.layout === 'concatenated' ? half + i : 2 * i + 1;
      row[sinCol] = Math.sin(pos * frequency(i, dModel, options?.exponent, sinCol));
      row[cosCol] = Math.cos(pos * frequency(i, dModel, options?.exponent, cosCol));
    }
    PE.push(row);
  }
  return PE;
}

export interface ShiftMatrixOptions {
  /** Wrong variant: the transposed rotation blocks, which shift by -k. */
  transposed?: boolean;
}

/** M with PE[pos + k] = M PE[pos]: block i = [[cos k w_i, sin k w_i], [-sin k w_i, cos k w_i]], (dModel, dModel). */
export function shiftMatrix(k: number, dModel: number, options?: ShiftMatrixOptions): Matrix {
  const M: Matrix = Array.from({ length: dModel }, () => new Array<number>(dModel).fill(0));
  const sign = options?.transposed ? -1 : 1;
  for (let i = 0; i < dModel / 2; i++) {
    // sin(a + b) = sin a cos b + cos a sin b, cos(a + b) = cos a cos b - sin a sin b
    const c = Math.cos(k * frequency(i, dModel));
    const s = Math.sin(k * frequency(i, dModel));
    M[2 * i][2 * i] = c;
    M[2 * i][2 * i + 1] = sign * s;
    M[2 * i + 1][2 * i] = -sign * s;
    M[2 * i + 1][2 * i + 1] = c;
  }
  return M;
}

export interface EmbedWithPositionsOptions extends SinusoidalOptions {
  /** Wrong variant here: multiply the embeddings by sqrt(d) first (the paper's 3.4, which this exercise leaves out). */
  scaleEmbeddings?: boolean;
}

/** table[ids[i]] + PE[i], (n, d). */
export function embedWithPositions(ids: number[], table: Matrix, options?: EmbedWithPositionsOptions): Matrix {
  const d = table[0].length;
  const rows = embed(ids, table); // (n, d)
  const scaled = options?.scaleEmbeddings ? rows.map((r) => r.map((x) => x * Math.sqrt(d))) : rows;
  return add(scaled, sinusoidalEncoding(ids.length, d, options)); // (n, d)
}
