export function attentionScores(Q: Matrix, K: Matrix): Matrix {
  const dk = K[0].length;
  const scale = 1 / Math.sqrt(dk);
  // (n, d_k) x (d_k, m) -> (n, m): score[i][j] compares query i with key j
  return matmul(Q, transpose(K)).map((row) => row.map((s) => s * scale));
}
