export function fourierFeatures(coords: Matrix, gaussian: Matrix): Matrix {
  const F = gaussian[0].length;
  return coords.map(([x, y]) => {
    // centre [0, 1] on [-1, 1] so the image centre sits at the origin
    const cx = 2 * x - 1;
    const cy = 2 * y - 1;
    const phase: Vector = [];
    for (let f = 0; f < F; f++) phase.push(2 * Math.PI * (cx * gaussian[0][f] + cy * gaussian[1][f]));
    return [...phase.map(Math.sin), ...phase.map(Math.cos)];
  });
}
