export function encodeBoxes(boxes: Matrix, imageSize: [number, number], gaussian: Matrix, emb: BoxEmbeddings): Matrix {
  const [H, W] = imageSize;
  // each box is two corner points: (x0, y0) then (x1, y1)
  const corners: Matrix = [];
  for (const [x0, y0, x1, y1] of boxes) {
    corners.push([(x0 + 0.5) / W, (y0 + 0.5) / H]);
    corners.push([(x1 + 0.5) / W, (y1 + 0.5) / H]);
  }
  const pe = fourierFeatures(corners, gaussian);
  return pe.map((row, i) => {
    const extra = i % 2 === 0 ? emb.topLeft : emb.bottomRight;
    return row.map((v, j) => v + extra[j]);
  });
}
