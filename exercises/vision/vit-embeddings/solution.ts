export function vitEmbeddings(patchTokens: Matrix, cls: Vector, pos: Matrix): Matrix {
  // the CLS token is row 0, so every patch moves down one row and meets pos[i + 1]
  const rows = [cls, ...patchTokens];
  return rows.map((row, i) => row.map((v, d) => v + pos[i][d]));
}
