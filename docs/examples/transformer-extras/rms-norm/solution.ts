export function rmsNorm(x: Matrix, g: Vector, eps: number): Matrix {
  return x.map((row) => {
    const meanSquare = row.reduce((s, v) => s + v * v, 0) / row.length;
    const rms = Math.sqrt(meanSquare + eps);
    return row.map((v, j) => (v / rms) * g[j]);
  });
}
