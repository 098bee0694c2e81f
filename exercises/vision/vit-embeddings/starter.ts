export function vitEmbeddings(patchTokens: Matrix, cls: Vector, pos: Matrix): Matrix {
  // TODO: put the cls vector in front of the patch tokens (it becomes row 0),
  // then add the learned position embedding row by row: pos has N + 1 rows.
  return patchTokens.map((row) => row.slice());
}
