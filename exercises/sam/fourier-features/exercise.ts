import { gaussianMatrix, unitCoords } from '../../../engine/generate.ts';
import type { Rng } from '../../../engine/random.ts';
import { fourierFeatures } from '../../../engine/sam.ts';
import type { Matrix } from '../../../engine/types.ts';
import { roundAll } from '../../cases.ts';
import { defineExercise } from '../../types.ts';

function fourierCase(rng: Rng, name: string, N: number, F: number, std = 1, extra: Matrix = []) {
  const r = rng.fork(name);
  return { name, args: [[...extra, ...unitCoords(r, N)], gaussianMatrix(r, 2, F, std)] };
}

export default defineExercise({
  id: 'sam/fourier-features',
  title: 'Random Fourier features',
  order: 1,
  prerequisites: ['position/sinusoidal'],
  functionName: 'fourierFeatures',
  reference: fourierFeatures,
  points: 10,
  helpers: [],
  hints: [
    'Centre first: c = 2·(x, y) − 1 maps the unit square onto [−1, 1]², with the image centre at the origin.',
    'Phase f is 2π·(c_x·G[0][f] + c_y·G[1][f]): the centred point (a 1 x 2 row) times the 2 x F matrix, times 2π.',
    'Each output row is the F sines followed by the F cosines, 2F numbers.',
  ],
  visibleCases: (rng) => [
    { name: 'worked-example', args: [[[0.75, 0.25]], [[1, 0], [0, 0.5]]] },
    {
      name: 'three-points',
      args: [[[0, 0], [0.5, 0.5], [1, 0.25]], roundAll(gaussianMatrix(rng.fork('three-points'), 2, 2), 1)],
    },
  ],
  hiddenCases: (rng) => [
    fourierCase(rng, 'one-point-one-frequency', 1, 1),
    fourierCase(rng, 'corners-and-centre', 2, 3, 1, [[0, 0], [1, 1], [0.5, 0.5], [0, 1]]),
    fourierCase(rng, 'five-points', 5, 4),
    fourierCase(rng, 'many-frequencies', 8, 16),
    fourierCase(rng, 'high-frequencies', 4, 6, 10),
    fourierCase(rng, 'low-frequencies', 6, 5, 0.1),
  ],
  misconceptions: [
    {
      id: 'not-centred',
      title: 'coordinates not centred (2c − 1 missing)',
      hint: 'Map each coordinate from [0, 1] to [−1, 1] with 2c − 1 before multiplying by the Gaussian matrix.',
      compute: (coords: Matrix, G: Matrix) => fourierFeatures(coords, G, { centre: false }),
    },
    {
      id: 'cos-first',
      title: 'cosine block first',
      hint: 'The row is [sin(φ), cos(φ)]: the F sines first, then the F cosines.',
      compute: (coords: Matrix, G: Matrix) => fourierFeatures(coords, G, { order: 'cos-sin' }),
    },
    {
      id: 'no-two-pi',
      title: '2π factor missing',
      hint: 'The phase is 2π times the projected point: the Gaussian entries are frequencies in cycles, and sin takes radians.',
      compute: (coords: Matrix, G: Matrix) => fourierFeatures(coords, G, { twoPi: false }),
    },
    {
      id: 'x-y-swapped',
      title: 'x and y swapped',
      hint: 'Row 0 of the Gaussian matrix multiplies the x coordinate (column 0 of coords) and row 1 multiplies y.',
      compute: (coords: Matrix, G: Matrix) => fourierFeatures(coords, G, { swapXY: true }),
    },
  ],
});
