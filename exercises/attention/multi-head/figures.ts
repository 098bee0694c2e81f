import { headColumns } from '../../../engine/attention.ts';
import type { FigureSet } from '../../figures.ts';

const D = 8;
const H = 2;

export const figures: FigureSet = {
  'head-columns': () => ({
    kind: 'heatmap',
    title: 'Which columns of Q each head owns (d = 8, 2 heads)',
    matrix: Array.from({ length: H }, (_, h) => {
      const owned = new Set(headColumns(D, H, h));
      return Array.from({ length: D }, (_, c) => (owned.has(c) ? 1 : 0));
    }),
    rowLabel: 'head h',
    colLabel: 'column of Q, K and V',
    description: 'Head 0 owns columns 0 to 3 and head 1 owns columns 4 to 7: contiguous blocks.',
    domain: [0, 1],
    showValues: true,
  }),
};
