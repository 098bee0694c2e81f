export function costModel(c: CostConfig): CostReport {
  const side = c.imageSize / c.patchSize;
  const tokens = side * side + 1; // the patches plus the CLS token
  const attentionScores = tokens * tokens;
  // Q K^T and (weights) V: each tokens x tokens x dModel multiply-adds, 2 FLOPs apiece
  const attentionFlops = 2 * 2 * tokens * tokens * c.dModel;
  const weightsPerFilter = c.channels * c.kernelSize * c.kernelSize;
  const convParams = c.convChannels * weightsPerFilter + c.convChannels;
  // stride 1 and same padding: one output per pixel, per output channel
  const convFlops = 2 * weightsPerFilter * c.convChannels * c.imageSize * c.imageSize;
  return { tokens, attentionScores, attentionFlops, convParams, convFlops };
}
