export function feedForward(x: Matrix, W1: Matrix, b1: Vector, W2: Matrix, b2: Vector): Matrix {
  // (n, d) -> (n, d_ff): expand, add the bias, then the nonlinearity
  const hidden = gelu(matmul(x, W1).map((row) => row.map((v, j) => v + b1[j])));
  // (n, d_ff) -> (n, d)
  return matmul(hidden, W2).map((row) => row.map((v, j) => v + b2[j]));
}
