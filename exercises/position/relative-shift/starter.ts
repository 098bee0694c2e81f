export function shiftMatrix(k: number, dModel: number): Matrix {
  // TODO: a dModel x dModel block-diagonal matrix M with PE[pos + k] = M PE[pos].
  // Each 2x2 block on the diagonal rotates one (sin, cos) pair by the angle k * w_i.
  const M: Matrix = [];
  for (let r = 0; r < dModel; r++) M.push(new Array(dModel).fill(0));
  return M;
}
