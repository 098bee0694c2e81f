export function mlmLoss(logits: Matrix, labels: number[]): number {
  // logits is n x V (one row of vocabulary scores per position); labels has n entries.
  // TODO: for every position whose label is not -100, take -log softmax(row)[label].
  // TODO: return the mean over those positions (0 when there are none).
  // Compute the log-softmax stably: some logits are large.
  return -1;
}
