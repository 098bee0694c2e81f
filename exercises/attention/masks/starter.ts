export function attentionMask(n: number, validLength: number, causal: boolean): Mask {
  // TODO: an n x n mask; mask[i][j] is true when query i may attend to key j:
  //       j is a real token (j < validLength) and, if causal, j is not in the future (j <= i).
  return Array.from({ length: n }, () => Array.from({ length: n }, () => true));
}
