export function sinusoidalEncoding(seqLen: number, dModel: number): Matrix {
  // TODO: build a seqLen x dModel matrix.
  // Column 2i holds sin(pos / 10000^(2i/dModel)), column 2i+1 the cosine of the same angle.
  const pe: Matrix = [];
  for (let pos = 0; pos < seqLen; pos++) {
    pe.push(new Array(dModel).fill(0));
  }
  return pe;
}
