export function samAttention(q: Matrix, k: Matrix, v: Matrix, w: SamAttentionWeights, numHeads: number): Matrix {
  // TODO: SAM's attention with a downsample rate.
  // 1. project q, k, v with (Wq, bq), (Wk, bk), (Wv, bv): d wide in, d_int wide out
  // 2. split d_int into numHeads contiguous blocks; per head softmax(Q K^T * scale) V,
  //    where the scale comes from the width of one head
  // 3. concatenate the heads in order and project back with (Wo, bo): d wide out
  // `matmul`, `transpose` and `softmax` are available as globals.
  return q.map((row) => row.map(() => 0));
}
