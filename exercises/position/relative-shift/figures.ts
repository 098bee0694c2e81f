import { shiftMatrix } from '../../../engine/index.ts';
import type { FigureSet } from '../../figures.ts';

export const figures: FigureSet = {
  'shift-matrix': () => ({
    kind: 'heatmap',
    title: 'The shift matrix for k = 3, dModel = 8',
    matrix: shiftMatrix(3, 8), // (8, 8)
    rowLabel: 'row',
    colLabel: 'column',
    description:
      'Four 2 x 2 rotation blocks on the diagonal, zeros elsewhere. The first block turns by 3 radians; each later block turns by a smaller angle, and the last is almost the identity.',
    domain: [-1, 1],
    showValues: true,
  }),
};
