export function patchEmbed(image: Tensor3, W: Matrix, b: Vector, patchSize: number): Matrix {
  const p = patchSize;
  const C = image.length;
  const rows = image[0].length / p;
  const cols = image[0][0].length / p;
  const D = b.length;
  const tokens: Matrix = [];
  for (let py = 0; py < rows; py++) {
    for (let px = 0; px < cols; px++) {
      // token = flattened patch (channel, y, x) times W, plus b
      const token = b.slice();
      let i = 0;
      for (let c = 0; c < C; c++) {
        for (let y = 0; y < p; y++) {
          for (let x = 0; x < p; x++, i++) {
            const v = image[c][py * p + y][px * p + x];
            for (let d = 0; d < D; d++) token[d] += v * W[i][d];
          }
        }
      }
      tokens.push(token);
    }
  }
  return tokens;
}
