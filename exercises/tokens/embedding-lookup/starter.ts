export function embed(ids: number[], table: Matrix): Matrix {
  // table is V x d: one row (an embedding vector) per token id.
  // TODO: the result has one row per id: row i is table[ids[i]].
  return [];
}
