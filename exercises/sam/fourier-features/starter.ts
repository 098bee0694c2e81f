export function fourierFeatures(coords: Matrix, gaussian: Matrix): Matrix {
  // TODO: coords is N x 2, points (x, y) in [0, 1]; gaussian is 2 x F.
  // 1. move each coordinate from [0, 1] to [-1, 1]
  // 2. project: phase = 2 pi * (centred point times gaussian), F numbers per point
  // 3. output row: the F sines, then the F cosines (N x 2F)
  return coords.map(() => []);
}
