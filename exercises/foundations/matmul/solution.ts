export function matmul(A: Matrix, B: Matrix): Matrix {
  const n = A.length;
  const k = B.length; // = A[0].length
  const m = B[0].length;
  const C: Matrix = [];
  for (let i = 0; i < n; i++) {
    const row: number[] = [];
    for (let j = 0; j < m; j++) {
      let sum = 0;
      for (let t = 0; t < k; t++) sum += A[i][t] * B[t][j];
      row.push(sum);
    }
    C.push(row);
  }
  return C;
}
