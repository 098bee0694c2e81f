export function segmentationLosses(logits: Matrix, target: Matrix): { focal: number; dice: number; iou: number } {
  let focalSum = 0;
  let pt = 0; // sum of p * t
  let pSum = 0;
  let tSum = 0;
  let inter = 0;
  let union = 0;
  let n = 0;
  logits.forEach((row, i) =>
    row.forEach((l, j) => {
      const t = target[i][j];
      const p = 1 / (1 + Math.exp(-l));
      // BCE from the logit: never takes the log of a probability that rounded to 0 or 1
      const bce = Math.max(l, 0) - l * t + Math.log1p(Math.exp(-Math.abs(l)));
      const pTrue = t === 1 ? p : 1 - p; // probability given to the right answer
      const alpha = t === 1 ? 0.25 : 0.75;
      focalSum += alpha * (1 - pTrue) ** 2 * bce;
      pt += p * t;
      pSum += p;
      tSum += t;
      const inside = l > 0;
      if (inside && t === 1) inter++;
      if (inside || t === 1) union++;
      n++;
    }),
  );
  return {
    focal: focalSum / n,
    dice: 1 - (2 * pt + 1) / (pSum + tSum + 1),
    iou: union === 0 ? 1 : inter / union,
  };
}
