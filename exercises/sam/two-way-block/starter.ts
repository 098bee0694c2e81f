export function twoWayBlock(
  queries: Matrix,
  keys: Matrix,
  queryPE: Matrix,
  keyPE: Matrix,
  p: TwoWayParams,
  numHeads: number,
  skipFirstLayerPE: boolean,
): { queries: Matrix; keys: Matrix } {
  // TODO: SAM's two-way block, four steps; layer norms use eps 1e-5 and come AFTER each residual add.
  // 1. self-attention of the tokens (p.selfAttn), then norm1; with skipFirstLayerPE it has no
  //    positions and no residual
  // 2. tokens attend to the image (p.crossTokenToImage), then norm2
  // 3. the ReLU MLP (p.mlp), then norm3
  // 4. the image attends to the tokens (p.crossImageToToken), then norm4 on the keys
  // Positional encodings are added to what is compared (queries and keys), never to the values.
  // `samAttention`, `layerNorm` and `matmul` are available as globals.
  return { queries: queries.map((r) => r.slice()), keys: keys.map((r) => r.slice()) };
}
