export function matmul(A: Matrix, B: Matrix): Matrix {
  // A is n x k, B is k x m; the result is n x m.
  // TODO: entry (i, j) is the dot product of row i of A with column j of B.
  return [];
}
