export function shiftMatrix(k: number, dModel: number): Matrix {
  const M: Matrix = [];
  for (let r = 0; r < dModel; r++) M.push(new Array(dModel).fill(0));
  for (let i = 0; 2 * i < dModel; i++) {
    const w = Math.pow(10000, (-2 * i) / dModel);
    const c = Math.cos(k * w);
    const s = Math.sin(k * w);
    // sin(a + b) = sin a cos b + cos a sin b,  cos(a + b) = cos a cos b - sin a sin b
    M[2 * i][2 * i] = c;
    M[2 * i][2 * i + 1] = s;
    M[2 * i + 1][2 * i] = -s;
    M[2 * i + 1][2 * i + 1] = c;
  }
  return M;
}
