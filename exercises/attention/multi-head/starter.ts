export function multiHeadAttention(
  Xq: Matrix,
  Xkv: Matrix,
  w: MHAWeights,
  numHeads: number,
  mask?: Mask,
): Matrix {
  // Xq is n x d, Xkv is m x d; every weight matrix is d x d, every bias has d entries.
  // TODO 1: Q = Xq Wq + bq, K = Xkv Wk + bk, V = Xkv Wv + bv
  // TODO 2: head h uses columns h*dh .. (h+1)*dh - 1 of Q, K and V (dh = d / numHeads)
  //         and runs scaled dot-product attention on them (with the mask)
  // TODO 3: concatenate the head outputs in head order, then apply Wo and bo
  // matmul, transpose, softmax and attention are available.
  return Xq.map((row) => row.slice());
}
