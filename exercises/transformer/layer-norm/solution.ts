export function layerNorm(x: Matrix, gamma: Vector, beta: Vector, eps: number): Matrix {
  return x.map((row) => {
    const d = row.length;
    const mean = row.reduce((s, v) => s + v, 0) / d;
    // biased variance: divide by d, not d - 1
    const variance = row.reduce((s, v) => s + (v - mean) * (v - mean), 0) / d;
    const std = Math.sqrt(variance + eps);
    return row.map((v, j) => ((v - mean) / std) * gamma[j] + beta[j]);
  });
}
