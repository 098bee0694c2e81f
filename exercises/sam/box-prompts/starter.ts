export function encodeBoxes(boxes: Matrix, imageSize: [number, number], gaussian: Matrix, emb: BoxEmbeddings): Matrix {
  // TODO: imageSize is [H, W]; each box is [x0, y0, x1, y1] in pixels.
  // 1. a box is two corner points: (x0, y0), then (x1, y1)
  // 2. each corner: +0.5, x divided by the width, y by the height, then fourierFeatures (a global)
  // 3. row 2b = first corner + emb.topLeft, row 2b + 1 = second corner + emb.bottomRight
  return [];
}
