export function encodePoints(
  points: Matrix,
  labels: number[],
  imageSize: [number, number],
  gaussian: Matrix,
  emb: PointEmbeddings,
  pad: boolean,
): Matrix {
  const [H, W] = imageSize;
  // pixel centres, then x by the width and y by the height
  const coords = points.map(([x, y]) => [(x + 0.5) / W, (y + 0.5) / H]);
  const allLabels = labels.slice();
  if (pad) {
    coords.push([0, 0]); // its position never matters: a -1 point's encoding is replaced
    allLabels.push(-1);
  }
  const pe = fourierFeatures(coords, gaussian);
  return pe.map((row, i) => {
    const label = allLabels[i];
    if (label === -1) return emb.notAPoint.slice();
    const extra = label === 1 ? emb.positive : emb.negative;
    return row.map((v, j) => v + extra[j]);
  });
}
