import { attentionWeights } from '../../../engine/attention.ts';
import { causalMask, matrix } from '../../../engine/generate.ts';
import { createRng } from '../../../engine/random.ts';
import type { FigureSet } from '../../figures.ts';

export const figures: FigureSet = {
  'causal-attention-weights': () => {
    const rng = createRng('figure:causal-attention-weights');
    const n = 6;
    return {
      kind: 'heatmap',
      title: 'Causal attention weights, 6 tokens',
      matrix: attentionWeights(matrix(rng, n, 8, 1.5), matrix(rng, n, 8, 1.5), causalMask(n)), // (n, n)
      rowLabel: 'query i',
      colLabel: 'key j',
      description: 'Each row sums to 1; every weight above the diagonal is exactly 0.',
      domain: [0, 1],
    };
  },
};
