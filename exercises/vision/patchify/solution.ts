export function patchify(image: Tensor3, patchSize: number): Matrix {
  const p = patchSize;
  const C = image.length;
  const rows = image[0].length / p;
  const cols = image[0][0].length / p;
  const patches: Matrix = [];
  // raster order over the grid: left to right, then the next row of patches
  for (let py = 0; py < rows; py++) {
    for (let px = 0; px < cols; px++) {
      const flat: Vector = [];
      // (channel, y, x): the whole first channel of the patch, then the second, ...
      for (let c = 0; c < C; c++) {
        for (let y = 0; y < p; y++) {
          for (let x = 0; x < p; x++) flat.push(image[c][py * p + y][px * p + x]);
        }
      }
      patches.push(flat);
    }
  }
  return patches;
}
