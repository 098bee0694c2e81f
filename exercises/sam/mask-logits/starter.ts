export function maskLogits(hyperIn: Matrix, upscaled: Tensor3): Tensor3 {
  // TODO: hyperIn is M x C (one row per mask token), upscaled is C x H x W.
  // out[m][y][x] = sum over c of hyperIn[m][c] * upscaled[c][y][x]; the output is M x H x W.
  return hyperIn.map(() => []);
}
