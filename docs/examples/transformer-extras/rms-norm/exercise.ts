import { defineExercise, matrix, shortMatrix, shortVector, vector, type CaseSpec, type Matrix, type Rng, type Vector } from 'attention-lab';

// RMSNorm (Zhang & Sennrich, 2019), as LLaMA uses it: no centring and no beta, only a learned gain.
//   y_j = x_j / sqrt(mean(x^2) + eps) * g_j
function rmsNorm(x: Matrix, g: Vector, eps: number, options: { centre?: boolean; epsOutside?: boolean } = {}): Matrix {
  return x.map((row) => {
    const d = row.length;
    const mean = options.centre ? row.reduce((s, v) => s + v, 0) / d : 0;
    const centred = row.map((v) => v - mean);
    const meanSquare = centred.reduce((s, v) => s + v * v, 0) / d;
    const rms = options.epsOutside ? Math.sqrt(meanSquare) + eps : Math.sqrt(meanSquare + eps);
    return centred.map((v, j) => (v / rms) * g[j]);
  });
}

function rmsCase(rng: Rng, name: string, x: Matrix, eps: number): CaseSpec {
  return { name, args: [x, vector(rng, x[0].length, 1).map((v) => 1 + 0.5 * v), eps] };
}

export default defineExercise({
  id: 'transformer-extras/rms-norm',
  title: 'RMSNorm',
  functionName: 'rmsNorm',
  reference: (x: Matrix, g: Vector, eps: number) => rmsNorm(x, g, eps),
  points: 10,
  hints: [
    'Work one row at a time: the root mean square is taken over the d features of one token.',
    'Do not subtract the mean: RMSNorm divides each x_j by sqrt(mean of x squared + eps), then multiplies by g_j.',
  ],
  visibleCases: (rng) => [
    { name: 'the worked example', args: [[[1, 2, 2, 4]], [1, 1, 1, 1], 1e-5] },
    { name: '2 tokens, 3 features', args: [shortMatrix(rng, 2, 3), [1, 0.5, 2], 1e-5] },
    { name: 'a large eps', args: [[shortVector(rng, 4, 1)], [1, 1, 1, 1], 0.5] },
  ],
  hiddenCases: (rng) => [
    rmsCase(rng, 'random rows', matrix(rng, 3, 5, 2), 1e-5),
    rmsCase(rng, 'rows far from zero', matrix(rng, 3, 6, 1).map((r) => r.map((v) => v + 5)), 1e-5),
    rmsCase(rng, 'a large eps', matrix(rng, 2, 4, 0.5), 0.5),
    rmsCase(rng, 'a single row', matrix(rng, 1, 8, 2), 1e-6),
    rmsCase(rng, 'many tokens', matrix(rng, 12, 4, 3), 1e-5),
    rmsCase(rng, 'tiny values', matrix(rng, 2, 5, 0.01), 1e-3),
  ],
  misconceptions: [
    {
      id: 'centred-like-layer-norm',
      title: 'the mean subtracted, as in layer norm',
      hint: 'RMSNorm does not centre: it divides each feature by the root mean square of the raw row. Subtracting the mean first turns it back into layer norm without beta.',
      compute: (x: Matrix, g: Vector, eps: number) => rmsNorm(x, g, eps, { centre: true }),
    },
    {
      id: 'eps-outside-sqrt',
      title: 'eps added after the square root',
      hint: 'eps belongs inside the square root: divide by sqrt(mean(x^2) + eps). The difference shows when eps is large or the values are small.',
      compute: (x: Matrix, g: Vector, eps: number) => rmsNorm(x, g, eps, { epsOutside: true }),
    },
  ],
});
