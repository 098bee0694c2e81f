export function twoWayBlock(
  queries: Matrix,
  keys: Matrix,
  queryPE: Matrix,
  keyPE: Matrix,
  p: TwoWayParams,
  numHeads: number,
  skipFirstLayerPE: boolean,
): { queries: Matrix; keys: Matrix } {
  const add = (a: Matrix, b: Matrix): Matrix => a.map((row, i) => row.map((v, j) => v + b[i][j]));
  const norm = (x: Matrix, ln: { gamma: Vector; beta: Vector }) => layerNorm(x, ln.gamma, ln.beta, 1e-5);
  const linear = (x: Matrix, W: Matrix, b: Vector): Matrix => matmul(x, W).map((row) => row.map((v, j) => v + b[j]));

  // 1. the prompt tokens look at each other
  let qs: Matrix;
  if (skipFirstLayerPE) {
    qs = samAttention(queries, queries, queries, p.selfAttn, numHeads); // replaces, no residual
  } else {
    const q = add(queries, queryPE);
    qs = add(queries, samAttention(q, q, queries, p.selfAttn, numHeads));
  }
  qs = norm(qs, p.norm1);

  // 2. tokens attend to the image: positions go on queries and keys, never on values
  let q = add(qs, queryPE);
  let k = add(keys, keyPE);
  qs = norm(add(qs, samAttention(q, k, keys, p.crossTokenToImage, numHeads)), p.norm2);

  // 3. an MLP on each token (ReLU)
  const hidden = linear(qs, p.mlp.W1, p.mlp.b1).map((row) => row.map((v) => Math.max(0, v)));
  qs = norm(add(qs, linear(hidden, p.mlp.W2, p.mlp.b2)), p.norm3);

  // 4. the image attends back to the updated tokens
  q = add(qs, queryPE);
  k = add(keys, keyPE);
  const ks = norm(add(keys, samAttention(k, q, qs, p.crossImageToToken, numHeads)), p.norm4);

  return { queries: qs, keys: ks };
}
