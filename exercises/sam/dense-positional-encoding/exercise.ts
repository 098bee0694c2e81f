import { gaussianMatrix } from '../../../engine/generate.ts';
import type { Rng } from '../../../engine/random.ts';
import { densePE } from '../../../engine/sam.ts';
import type { Matrix } from '../../../engine/types.ts';
import { roundAll } from '../../cases.ts';
import { defineExercise } from '../../types.ts';

function gridCase(rng: Rng, name: string, h: number, w: number, F: number) {
  return { name, args: [h, w, gaussianMatrix(rng.fork(name), 2, F)] };
}

export default defineExercise({
  id: 'sam/dense-positional-encoding',
  title: 'Dense positional encoding of the image grid',
  order: 4,
  prerequisites: ['sam/fourier-features'],
  functionName: 'densePE',
  reference: densePE,
  points: 10,
  helpers: ['fourierFeatures'],
  hints: [
    'Cell (y, x) sits at the point ((x + 0.5) / w, (y + 0.5) / h): x first, divided by the number of columns.',
    'Encode all h·w points with one call to fourierFeatures; the encoding of cell (y, x) is row y·w + x.',
    'Lay the result out channel-first: out[ch][y][x] is entry ch of the encoding of cell (y, x), so the output is 2F x h x w.',
  ],
  visibleCases: (rng) => [
    { name: 'worked-example', args: [1, 2, [[0.5, 0.25], [1, 0]]] },
    { name: 'two-by-three', args: [2, 3, roundAll(gaussianMatrix(rng.fork('two-by-three'), 2, 2), 1)] },
  ],
  hiddenCases: (rng) => [
    gridCase(rng, 'wide-grid', 3, 5, 4),
    gridCase(rng, 'tall-grid', 5, 3, 4),
    gridCase(rng, 'square-grid', 4, 4, 8),
    gridCase(rng, 'one-row', 1, 6, 2),
    gridCase(rng, 'two-columns', 7, 2, 3),
    gridCase(rng, 'eight-by-eight-many-frequencies', 8, 8, 16),
    gridCase(rng, 'single-cell', 1, 1, 3),
  ],
  misconceptions: [
    {
      id: 'x-y-order-swapped',
      title: 'cell point given as (y, x)',
      hint: 'The point of cell (y, x) is (x-coordinate, y-coordinate) = ((x + 0.5) / w, (y + 0.5) / h): column first, even though the grid is indexed [y][x].',
      compute: (h: number, w: number, G: Matrix) => densePE(h, w, G, { swapXY: true }),
    },
    {
      id: 'sides-swapped',
      title: 'x divided by h, y divided by w',
      hint: 'x counts columns, so it is divided by the number of columns w; y by the number of rows h.',
      compute: (h: number, w: number, G: Matrix) => densePE(h, w, G, { normalizeBy: 'wh' }),
    },
    {
      id: 'no-cell-centre',
      title: '+0.5 cell-centre shift missing',
      hint: 'Each cell is encoded at its centre, (x + 0.5) / w, not at its top-left corner x / w.',
      compute: (h: number, w: number, G: Matrix) => densePE(h, w, G, { shift: false }),
    },
  ],
});
