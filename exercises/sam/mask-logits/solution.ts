export function maskLogits(hyperIn: Matrix, upscaled: Tensor3): Tensor3 {
  const C = upscaled.length;
  const H = upscaled[0].length;
  const W = upscaled[0][0].length;
  // each mask token is a 1 x 1 filter: a weighted sum of the C feature maps, pixel by pixel
  return hyperIn.map((weights) => {
    const mask: Matrix = [];
    for (let y = 0; y < H; y++) {
      const row: Vector = [];
      for (let x = 0; x < W; x++) {
        let sum = 0;
        for (let c = 0; c < C; c++) sum += weights[c] * upscaled[c][y][x];
        row.push(sum);
      }
      mask.push(row);
    }
    return mask;
  });
}
