export function sinusoidalEncoding(seqLen: number, dModel: number): Matrix {
  const pe: Matrix = [];
  for (let pos = 0; pos < seqLen; pos++) {
    const row: number[] = new Array(dModel).fill(0);
    for (let i = 0; 2 * i < dModel; i++) {
      // one frequency per (sin, cos) pair of columns
      const angle = pos / Math.pow(10000, (2 * i) / dModel);
      row[2 * i] = Math.sin(angle);
      row[2 * i + 1] = Math.cos(angle);
    }
    pe.push(row);
  }
  return pe;
}
