import { attentionMask } from '../../../engine/index.ts';
import type { FigureSet } from '../../figures.ts';

export const figures: FigureSet = {
  'causal-mask': () => ({
    kind: 'heatmap',
    title: 'A causal mask for 6 tokens',
    matrix: attentionMask(6, 6, true).map((row) => row.map((allowed) => (allowed ? 1 : 0))), // (6, 6)
    rowLabel: 'query i',
    colLabel: 'key j',
    description: 'Allowed pairs are 1 (red), forbidden pairs 0 (white): the lower triangle, diagonal included.',
    domain: [0, 1],
    showValues: true,
  }),
};
