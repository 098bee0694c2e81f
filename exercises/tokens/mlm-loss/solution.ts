export function mlmLoss(logits: Matrix, labels: number[]): number {
  let total = 0;
  let count = 0;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] === -100) continue;
    const row = logits[i];
    // log softmax(row)[label] = row[label] - (max + log sum exp(row - max))
    const max = Math.max(...row);
    let sumExp = 0;
    for (const l of row) sumExp += Math.exp(l - max);
    const logProb = row[labels[i]] - max - Math.log(sumExp);
    total += -logProb;
    count++;
  }
  return count === 0 ? 0 : total / count;
}
