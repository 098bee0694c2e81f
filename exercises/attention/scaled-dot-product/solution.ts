export function attention(Q: Matrix, K: Matrix, V: Matrix, mask?: Mask): Matrix {
  const dk = K[0].length;
  // (n, m): how much query i matches key j, scaled so the logits keep unit variance
  const scores = matmul(Q, transpose(K)).map((row, i) =>
    // a forbidden key gets -Infinity, so softmax gives it exactly zero weight
    row.map((s, j) => (mask && !mask[i][j] ? -Infinity : s / Math.sqrt(dk))),
  );
  const weights = softmax(scores); // each row sums to 1 over the keys
  return matmul(weights, V); // (n, d_v)
}
