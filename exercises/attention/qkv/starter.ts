export function projectQKV(
  X: Matrix,
  Wq: Matrix,
  Wk: Matrix,
  Wv: Matrix,
): { Q: Matrix; K: Matrix; V: Matrix } {
  // X is n x d_model; each W is d_model x d_k (d_v for Wv). Weights act on the right.
  // TODO: Q = X Wq, K = X Wk, V = X Wv (matmul is available).
  return { Q: X, K: X, V: X };
}
