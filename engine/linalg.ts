// Dense linear algebra on plain arrays, the conventions of the curriculum: matrices are [row][col]
// and linear maps act on the right (Y = X W + b, W is d_in x d_out). Nothing here mutates its inputs.
import type { Matrix, Vector } from './types.ts';

/** Inner product a . b. */
export function dot(a: Vector, b: Vector): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

export function norm(a: Vector): number {
  return Math.sqrt(dot(a, a));
}

export interface CosineOptions {
  /** Wrong variant: divide by |a|^2 |b|^2 instead of |a| |b|. */
  squaredNorms?: boolean;
  /** Wrong variant: normalise by |a| only (a projection length, not a cosine). */
  normalizeFirstOnly?: boolean;
}

/** cos(a, b) = a.b / (|a| |b|); 0 when either vector is all zeros (F.cosine_similarity's answer). */
export function cosineSimilarity(a: Vector, b: Vector, options?: CosineOptions): number {
  const na = norm(a);
  const nb = options?.normalizeFirstOnly ? 1 : norm(b);
  if (na === 0 || nb === 0) return 0;
  const denom = options?.squaredNorms ? na * na * nb * nb : na * nb;
  return dot(a, b) / denom;
}

export function transpose(A: Matrix): Matrix {
  const rows = A.length;
  const cols = A[0].length;
  const T: Matrix = [];
  for (let j = 0; j < cols; j++) {
    const row: number[] = [];
    for (let i = 0; i < rows; i++) row.push(A[i][j]);
    T.push(row);
  }
  return T;
}

export interface MatmulOptions {
  /** Wrong variant: A B^T (the second operand read as if already transposed); needs B to be p x k. */
  transposeB?: boolean;
  /** Wrong variant: element-wise product (shapes must agree). */
  elementwise?: boolean;
}

/**
 * C = A B, A (n, k), B (k, m). Every entry is summed in order t = 0 .. k-1, exactly as the textbook
 * triple loop, so results are bit-identical to it; the loop only packs B's columns into a typed
 * array and computes four outputs per pass over a row of A (this is the engine's hot path).
 */
export function matmul(A: Matrix, B: Matrix, options?: MatmulOptions): Matrix {
  if (options?.elementwise) return A.map((row, i) => row.map((a, j) => a * B[i][j]));
  return product(A, B, options?.transposeB === true);
}

/** A B (+ b after each sum, as X W + b); B given as (k, m), or as (m, k) when `bTransposed`. */
function product(A: Matrix, B: Matrix, bTransposed: boolean, b?: Vector): Matrix {
  const n = A.length;
  const k = A[0].length;
  const Bt = bTransposed ? B : null; // already (m, k)
  const m = Bt ? Bt.length : B[0].length;
  const cols = new Float64Array(m * k); // column j of B at j*k .. j*k+k-1
  if (Bt) {
    for (let j = 0; j < m; j++) for (let t = 0; t < k; t++) cols[j * k + t] = Bt[j][t];
  } else {
    for (let t = 0; t < k; t++) {
      const b = B[t];
      for (let j = 0; j < m; j++) cols[j * k + t] = b[j];
    }
  }
  const a = new Float64Array(k);
  const C: Matrix = [];
  const m4 = m - (m % 4);
  for (let i = 0; i < n; i++) {
    const Ai = A[i];
    for (let t = 0; t < k; t++) a[t] = Ai[t];
    const row: number[] = [];
    for (let j = 0; j < m4; j += 4) {
      const o0 = j * k;
      const o1 = o0 + k;
      const o2 = o1 + k;
      const o3 = o2 + k;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let t = 0; t < k; t++) {
        const x = a[t];
        s0 += x * cols[o0 + t];
        s1 += x * cols[o1 + t];
        s2 += x * cols[o2 + t];
        s3 += x * cols[o3 + t];
      }
      if (b) row.push(s0 + b[j], s1 + b[j + 1], s2 + b[j + 2], s3 + b[j + 3]);
      else row.push(s0, s1, s2, s3);
    }
    for (let j = m4; j < m; j++) {
      const o = j * k;
      let s = 0;
      for (let t = 0; t < k; t++) s += a[t] * cols[o + t];
      row.push(b ? s + b[j] : s);
    }
    C.push(row);
  }
  return C;
}

/** A + B, element-wise (same shapes). */
export function add(A: Matrix, B: Matrix): Matrix {
  return A.map((row, i) => {
    const b = B[i];
    return row.map((a, j) => a + b[j]);
  });
}

/** A - B, element-wise (same shapes). */
export function sub(A: Matrix, B: Matrix): Matrix {
  return A.map((row, i) => {
    const b = B[i];
    return row.map((a, j) => a - b[j]);
  });
}

/** s A. */
export function scale(A: Matrix, s: number): Matrix {
  const out: Matrix = [];
  for (const row of A) {
    const r: number[] = [];
    for (let j = 0; j < row.length; j++) r.push(row[j] * s);
    out.push(r);
  }
  return out;
}

export function addVectors(a: Vector, b: Vector): Vector {
  return a.map((x, i) => x + b[i]);
}

/** X + b broadcast over rows: b has one entry per column. */
export function addBias(X: Matrix, b: Vector): Matrix {
  return X.map((row) => row.map((x, j) => x + b[j]));
}

/** X W + b, the right-acting linear layer. */
export function linear(X: Matrix, W: Matrix, b?: Vector): Matrix {
  return product(X, W, false, b); // (n, d_out)
}

export function map(A: Matrix, f: (x: number) => number): Matrix {
  return A.map((row) => row.map(f));
}

export function relu(X: Matrix): Matrix {
  return map(X, (x) => (x > 0 ? x : 0));
}

/** Logistic sigmoid, written so neither branch overflows. */
export function sigmoidScalar(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

export function sigmoid(X: Matrix): Matrix {
  return map(X, sigmoidScalar);
}

/** Index of the largest entry; ties go to the lowest index. */
export function argmax(v: Vector): number {
  let best = 0;
  for (let i = 1; i < v.length; i++) if (v[i] > v[best]) best = i;
  return best;
}

export function zeros(rows: number, cols: number): Matrix {
  return Array.from({ length: rows }, () => new Array<number>(cols).fill(0));
}

/** Columns start .. end-1 of every row. */
export function sliceColumns(A: Matrix, start: number, end: number): Matrix {
  return A.map((row) => row.slice(start, end));
}

/** Given columns (in this order) of every row. */
export function pickColumns(A: Matrix, cols: readonly number[]): Matrix {
  const contiguous = cols.every((c, t) => c === cols[0] + t);
  if (contiguous) return sliceColumns(A, cols[0], cols[0] + cols.length);
  return A.map((row) => cols.map((c) => row[c]));
}

/** Mean of every column. */
export function meanRows(A: Matrix): Vector {
  const out = new Array<number>(A[0].length).fill(0);
  for (const row of A) for (let j = 0; j < row.length; j++) out[j] += row[j];
  return out.map((s) => s / A.length);
}
