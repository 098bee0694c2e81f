export function multiHeadAttention(
  Xq: Matrix,
  Xkv: Matrix,
  w: MHAWeights,
  numHeads: number,
  mask?: Mask,
): Matrix {
  const addBias = (M: Matrix, b: Vector): Matrix => M.map((row) => row.map((v, j) => v + b[j]));
  const Q = addBias(matmul(Xq, w.Wq), w.bq); // (n, d)
  const K = addBias(matmul(Xkv, w.Wk), w.bk); // (m, d)
  const V = addBias(matmul(Xkv, w.Wv), w.bv); // (m, d)
  const d = Q[0].length;
  const dh = d / numHeads;

  // Head h owns the contiguous columns h*dh .. (h+1)*dh - 1; attention scales by 1/sqrt(dh).
  const heads: Matrix[] = [];
  for (let h = 0; h < numHeads; h++) {
    const block = (M: Matrix): Matrix => M.map((row) => row.slice(h * dh, (h + 1) * dh));
    heads.push(attention(block(Q), block(K), block(V), mask)); // (n, dh)
  }
  const concat = Q.map((_, i) => heads.flatMap((H) => H[i])); // (n, d), heads in order
  return addBias(matmul(concat, w.Wo), w.bo);
}
