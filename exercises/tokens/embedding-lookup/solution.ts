export function embed(ids: number[], table: Matrix): Matrix {
  // Copy each row so the caller never shares (and could change) the table itself.
  return ids.map((id) => table[id].slice());
}
