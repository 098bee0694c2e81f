import { gaussianMatrix } from '../../../engine/generate.ts';
import { createRng } from '../../../engine/random.ts';
import { densePE } from '../../../engine/sam.ts';
import type { FigureSet } from '../../figures.ts';

const SIDE = 16;
const F = 64;
const [CY, CX] = [5, 10];

export const figures: FigureSet = {
  'dense-pe-similarity': () => {
    const pe = densePE(SIDE, SIDE, gaussianMatrix(createRng('dense-pe-similarity'), 2, F)); // (2F, SIDE, SIDE)
    // dot product of every cell's encoding with the encoding of cell (CY, CX), divided by F
    const similarity = Array.from({ length: SIDE }, (_, y) =>
      Array.from({ length: SIDE }, (_, x) => pe.reduce((s, plane) => s + plane[y][x] * plane[CY][CX], 0) / F),
    );
    return {
      kind: 'heatmap',
      title: `How similar each cell's encoding is to that of cell (y = ${CY}, x = ${CX}), on a ${SIDE} x ${SIDE} grid`,
      matrix: similarity,
      rowLabel: 'y',
      colLabel: 'x',
      description:
        'The dot product of two encodings, divided by F, is 1 at the chosen cell and falls off smoothly around it: a click there would attend mostly to the image tokens nearby.',
      domain: [-1, 1],
      showValues: false,
    };
  },
};
