export function sampleTopK(logits: Vector, k: number, temperature: number, u: number): number {
  // TODO:
  // 1. keep the k largest logits (equal logits: lower index first)
  // 2. softmax over them, with the temperature
  // 3. walk them from most to least probable, summing probabilities;
  //    return the index (in logits) of the token where the sum first exceeds u
  return -1;
}
