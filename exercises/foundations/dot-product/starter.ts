export function dot(a: Vector, b: Vector): number {
  // TODO: multiply the vectors entry by entry and add the products up.
  // a and b have the same length (at least 1).
  return 0;
}
