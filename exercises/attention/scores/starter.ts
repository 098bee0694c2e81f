export function attentionScores(Q: Matrix, K: Matrix): Matrix {
  // Q is n x d_k, K is m x d_k; the result is n x m.
  // TODO: score[i][j] = (query i . key j) / sqrt(d_k). matmul and transpose are available.
  return Q.map(() => K.map(() => 0));
}
