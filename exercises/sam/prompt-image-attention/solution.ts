export function samAttention(q: Matrix, k: Matrix, v: Matrix, w: SamAttentionWeights, numHeads: number): Matrix {
  const addBias = (X: Matrix, b: Vector): Matrix => X.map((row) => row.map((x, j) => x + b[j]));
  const Q = addBias(matmul(q, w.Wq), w.bq); // (n, d_int)
  const K = addBias(matmul(k, w.Wk), w.bk); // (m, d_int)
  const V = addBias(matmul(v, w.Wv), w.bv); // (m, d_int)
  const dInt = w.bq.length;
  const dh = dInt / numHeads;
  const cols = (X: Matrix, h: number) => X.map((row) => row.slice(h * dh, (h + 1) * dh));
  // the scale belongs to the width of one head, the width the dot products run over
  const scale = 1 / Math.sqrt(dh);
  const heads: Matrix[] = [];
  for (let h = 0; h < numHeads; h++) {
    const Qh = cols(Q, h);
    const Kh = cols(K, h);
    const scores = matmul(Qh, transpose(Kh)).map((row) => row.map((s) => s * scale)); // (n, m)
    heads.push(matmul(softmax(scores), cols(V, h))); // (n, dh)
  }
  const concat = Q.map((_, i) => heads.flatMap((Hh) => Hh[i])); // (n, d_int)
  return addBias(matmul(concat, w.Wo), w.bo); // (n, d)
}
