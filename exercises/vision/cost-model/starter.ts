export function costModel(c: CostConfig): CostReport {
  // TODO: every field is an exact integer.
  // tokens: patches on the grid plus the CLS token
  // attentionScores: one score per (query, key) pair, one head, one layer
  // attentionFlops: Q K^T and weights times V, counting a multiply-add as 2 FLOPs
  // convParams: weights and biases of a conv layer with convChannels filters of kernelSize x kernelSize
  // convFlops: that conv over the whole image, stride 1, same padding
  return { tokens: 0, attentionScores: 0, attentionFlops: 0, convParams: 0, convFlops: 0 };
}
