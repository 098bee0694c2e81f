export function embedWithPositions(ids: number[], table: Matrix): Matrix {
  const d = table[0].length;
  // the encoding of the positions 0 .. ids.length - 1, one row per token
  const pe = sinusoidalEncoding(ids.length, d);
  return ids.map((id, pos) => table[id].map((v, j) => v + pe[pos][j]));
}
