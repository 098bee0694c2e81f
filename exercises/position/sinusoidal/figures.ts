import { sinusoidalEncoding } from '../../../engine/index.ts';
import type { FigureSet } from '../../figures.ts';

export const figures: FigureSet = {
  'sinusoidal-heatmap': () => ({
    kind: 'heatmap',
    title: 'Sinusoidal encoding: 32 positions x 64 features',
    matrix: sinusoidalEncoding(32, 64), // (32, 64)
    rowLabel: 'position',
    colLabel: 'feature (sin, cos pairs)',
    description:
      'The left columns alternate quickly between -1 and 1 from one position to the next; towards the right the waves slow down until the sine columns stay near 0 and the cosine columns near 1.',
    domain: [-1, 1],
  }),
};
