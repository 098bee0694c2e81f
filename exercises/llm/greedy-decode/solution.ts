export function greedyDecode(prompt: number[], model: TinyGPT, steps: number): number[] {
  const seq = prompt.slice();
  const generated: number[] = [];
  for (let step = 0; step < steps; step++) {
    const n = seq.length;
    // (n, d): what each token is plus where it is
    let h: Matrix = seq.map((t, pos) =>
      model.tokenEmbedding[t].map((v, j) => v + model.positionEmbedding[pos][j]),
    );
    // a token may look only at itself and the tokens before it
    const mask = attentionMask(n, n, true);
    for (const block of model.blocks) h = encoderBlock(h, block, model.numHeads, mask);
    h = layerNorm(h, model.lnF.gamma, model.lnF.beta, 1e-5);
    const last = h[n - 1];
    // tied weights: the logit of token v is the dot product with its embedding row
    let best = 0;
    let bestLogit = -Infinity;
    model.tokenEmbedding.forEach((row, v) => {
      const logit = row.reduce((s, e, j) => s + e * last[j], 0);
      if (logit > bestLogit) {
        bestLogit = logit;
        best = v;
      }
    });
    seq.push(best);
    generated.push(best);
  }
  return generated;
}
