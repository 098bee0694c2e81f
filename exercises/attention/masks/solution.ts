export function attentionMask(n: number, validLength: number, causal: boolean): Mask {
  const mask: Mask = [];
  for (let i = 0; i < n; i++) {
    const row: boolean[] = [];
    for (let j = 0; j < n; j++) {
      const notPadding = j < validLength; // keys past the real tokens are padding
      const notFuture = !causal || j <= i; // causal: no peeking at later positions
      row.push(notPadding && notFuture);
    }
    mask.push(row);
  }
  return mask;
}
