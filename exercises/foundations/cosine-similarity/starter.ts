export function cosineSimilarity(a: Vector, b: Vector): number {
  // TODO: the dot product of a and b, divided by the product of their lengths (norms).
  // TODO: return 0 when either vector is all zeros.
  return 2;
}
