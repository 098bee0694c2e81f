export function vitClassify(image: Tensor3, p: TinyViT): Vector {
  const tokens = patchEmbed(image, p.W, p.b, p.patchSize);
  const x = vitEmbeddings(tokens, p.cls, p.pos);
  const h = encoderBlock(x, p.block, p.numHeads);
  // only the CLS row is read out, so only it needs the final layer norm
  const cls = layerNorm([h[0]], p.lnF.gamma, p.lnF.beta, 1e-5);
  const logits = matmul(cls, p.head.W)[0];
  return logits.map((v, j) => v + p.head.b[j]);
}
