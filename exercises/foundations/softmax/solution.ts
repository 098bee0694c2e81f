export function softmax(x: Matrix): Matrix {
  return x.map((row) => {
    // Subtracting the row max changes nothing mathematically and keeps exp() from overflowing.
    const max = Math.max(...row);
    const exps = row.map((v) => Math.exp(v - max));
    const total = exps.reduce((s, e) => s + e, 0);
    return exps.map((e) => e / total);
  });
}
