export function sampleTopK(logits: Vector, k: number, temperature: number, u: number): number {
  // token indices, largest logit first; equal logits keep the lower index first
  const order = logits.map((_, i) => i).sort((a, b) => logits[b] - logits[a] || a - b);
  const kept = order.slice(0, k);
  const scaled = kept.map((i) => logits[i] / temperature);
  const max = Math.max(...scaled);
  const exps = scaled.map((s) => Math.exp(s - max));
  const total = exps.reduce((a, b) => a + b, 0);
  const candidates = kept.map((token, j) => ({ token, p: exps[j] / total }));
  candidates.sort((a, b) => b.p - a.p || a.token - b.token);
  let running = 0;
  for (const c of candidates) {
    running += c.p;
    if (running > u) return c.token;
  }
  // rounding can leave the final sum a hair below u
  return candidates[candidates.length - 1].token;
}
