// Softmax and log-softmax, computed the stable way: exp(x - max) / sum (as F.softmax does).
import { transpose } from './linalg.ts';
import type { Matrix, Vector } from './types.ts';

export interface SoftmaxOptions {
  /** Normalise each row (correct) or each column (wrong axis). */
  axis?: 'rows' | 'columns';
  /** false: exp(x) / sum exp(x) without subtracting the max; overflows to NaN near +-1000. */
  stable?: boolean;
}

/**
 * softmax of one vector. A vector of only -Infinity (a fully masked row, which the curriculum never
 * produces) gives zeros rather than NaN, so wrong variants built on it stay finite.
 */
export function softmaxVector(x: Vector, options?: Pick<SoftmaxOptions, 'stable'>): Vector {
  const n = x.length;
  let max = -Infinity;
  for (let i = 0; i < n; i++) if (x[i] > max) max = x[i];
  if (max === -Infinity) return new Array<number>(n).fill(0);
  const shift = options?.stable === false ? 0 : max;
  const out: number[] = [];
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const e = Math.exp(x[i] - shift);
    out.push(e);
    sum += e;
  }
  for (let i = 0; i < n; i++) out[i] /= sum;
  return out;
}

/** log softmax(x) = x - max - log sum exp(x - max). */
export function logSoftmaxVector(x: Vector, options?: Pick<SoftmaxOptions, 'stable'>): Vector {
  if (options?.stable === false) {
    let sum = 0;
    for (const v of x) sum += Math.exp(v);
    return x.map((v) => Math.log(Math.exp(v) / sum));
  }
  let max = -Infinity;
  for (const v of x) if (v > max) max = v;
  let sum = 0;
  for (const v of x) sum += Math.exp(v - max);
  const lse = max + Math.log(sum);
  return x.map((v) => v - lse);
}

/** Row-wise softmax of a matrix. */
export function softmax(x: Matrix, options?: SoftmaxOptions): Matrix {
  if (options?.axis === 'columns') return transpose(transpose(x).map((col) => softmaxVector(col, options)));
  return x.map((row) => softmaxVector(row, options));
}
