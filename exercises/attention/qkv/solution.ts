export function projectQKV(
  X: Matrix,
  Wq: Matrix,
  Wk: Matrix,
  Wv: Matrix,
): { Q: Matrix; K: Matrix; V: Matrix } {
  // Each token (a row of X) is mapped by the same three weight matrices.
  return { Q: matmul(X, Wq), K: matmul(X, Wk), V: matmul(X, Wv) };
}
