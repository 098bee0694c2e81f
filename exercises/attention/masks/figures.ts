import { attentionMask } from '../../../engine/attention.ts';
import type { FigureSet } from '../../figures.ts';

export const figures: FigureSet = {
  'causal-padding-mask': () => ({
    kind: 'heatmap',
    title: 'Causal mask with padding: n = 6, validLength = 4',
    matrix: attentionMask(6, 4, true).map((row) => row.map((allowed) => (allowed ? 1 : 0))),
    rowLabel: 'query i',
    colLabel: 'key j',
    description: 'Allowed pairs are 1 (red), forbidden pairs 0 (white): a lower triangle whose columns 4 and 5 are cut off.',
    domain: [0, 1],
    showValues: true,
  }),
};
