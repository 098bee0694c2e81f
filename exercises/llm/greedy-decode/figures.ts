import { attentionWeights, createRng, generate } from '../../../engine/index.ts';
import type { FigureSet } from '../../figures.ts';

export const figures: FigureSet = {
  'causal-attention': () => {
    const rng = createRng('figure:greedy-decode:causal-attention');
    const n = 8;
    return {
      kind: 'heatmap',
      title: 'Attention weights under a causal mask, 8 tokens',
      // queries and keys of one head for a random sequence, (n, 8) each
      matrix: attentionWeights(generate.matrix(rng, n, 8, 1.5), generate.matrix(rng, n, 8, 1.5), generate.causalMask(n)), // (n, n)
      rowLabel: 'query i',
      colLabel: 'key j',
      description: 'Each row sums to 1 over keys 0 .. i; every weight above the diagonal is exactly 0. Row 0 puts all its weight on key 0.',
      domain: [0, 1],
    };
  },
};
