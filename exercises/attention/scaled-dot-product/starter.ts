export function attention(Q: Matrix, K: Matrix, V: Matrix, mask?: Mask): Matrix {
  // Q is n x d_k, K is m x d_k, V is m x d_v, mask (optional) is n x m.
  // TODO 1: scores = Q K^T / sqrt(d_k)                          (n x m)
  // TODO 2: where mask[i][j] is false, query i must give key j no weight at all
  // TODO 3: weights = softmax over each row (over the keys)
  // TODO 4: return weights V                                    (n x d_v)
  // matmul, transpose and softmax are available.
  return Q.map(() => V[0].map(() => 0));
}
