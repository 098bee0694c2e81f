export function densePE(h: number, w: number, gaussian: Matrix): Tensor3 {
  // TODO: one point per cell of the h x w grid: cell (y, x) sits at ((x + 0.5) / w, (y + 0.5) / h).
  // Encode every point with fourierFeatures (a global) and lay the result out channel-first:
  // out[channel][y][x], 2F x h x w.
  return [];
}
