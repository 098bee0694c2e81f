export function nextTokenProbs(logits: Vector, temperature: number): Vector {
  // TODO: divide the logits by the temperature, then take a numerically stable softmax.
  return logits.map(() => 0);
}
