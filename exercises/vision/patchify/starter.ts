export function patchify(image: Tensor3, patchSize: number): Matrix {
  // TODO: image is [channel][y][x]; its sides are multiples of patchSize.
  // 1. walk the grid of patches in raster order: the top row of patches left to right, then the next row
  // 2. flatten each patch in (channel, y, x) order: all of channel 0 row by row, then channel 1, ...
  // Output: one row per patch, C * patchSize * patchSize numbers each.
  return [];
}
