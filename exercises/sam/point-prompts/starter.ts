export function encodePoints(
  points: Matrix,
  labels: number[],
  imageSize: [number, number],
  gaussian: Matrix,
  emb: PointEmbeddings,
  pad: boolean,
): Matrix {
  // TODO: imageSize is [H, W]; each point is (x, y) in pixels.
  // 1. move to the pixel centre (+0.5), divide x by the width and y by the height
  // 2. if pad, append one extra point with label -1
  // 3. encode with fourierFeatures (available as a global)
  // 4. label -1: the encoding becomes zeros plus emb.notAPoint; label 0: add emb.negative;
  //    label 1: add emb.positive
  return points.map(() => []);
}
