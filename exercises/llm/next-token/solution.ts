export function nextTokenProbs(logits: Vector, temperature: number): Vector {
  const scaled = logits.map((l) => l / temperature);
  // subtracting the max changes nothing mathematically but keeps exp() finite
  const max = Math.max(...scaled);
  const exps = scaled.map((s) => Math.exp(s - max));
  const total = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / total);
}
