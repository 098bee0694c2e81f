export function gelu(x: Matrix): Matrix {
  const c = Math.sqrt(2 / Math.PI);
  return x.map((row) => row.map((v) => 0.5 * v * (1 + Math.tanh(c * (v + 0.044715 * v * v * v)))));
}
