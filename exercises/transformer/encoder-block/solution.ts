export function encoderBlock(x: Matrix, p: BlockParams, numHeads: number, mask?: Mask): Matrix {
  const eps = 1e-5;
  const add = (a: Matrix, b: Matrix): Matrix => a.map((row, i) => row.map((v, j) => v + b[i][j]));
  // attention sub-layer: normalise first, then add the result back onto the stream
  const a = layerNorm(x, p.ln1.gamma, p.ln1.beta, eps);
  const h = add(x, multiHeadAttention(a, a, p.attn, numHeads, mask));
  // feed-forward sub-layer, same pattern
  const f = layerNorm(h, p.ln2.gamma, p.ln2.beta, eps);
  return add(h, feedForward(f, p.ffn.W1, p.ffn.b1, p.ffn.W2, p.ffn.b2));
}
