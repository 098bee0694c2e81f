export function densePE(h: number, w: number, gaussian: Matrix): Tensor3 {
  // one point per cell centre, in raster order: cell (y, x) is row y * w + x
  const coords: Matrix = [];
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) coords.push([(x + 0.5) / w, (y + 0.5) / h]);
  }
  const pe = fourierFeatures(coords, gaussian); // (h w, 2F)
  // channel-first: out[ch][y][x]
  return pe[0].map((_, ch) =>
    Array.from({ length: h }, (_, y) => Array.from({ length: w }, (_, x) => pe[y * w + x][ch])),
  );
}
