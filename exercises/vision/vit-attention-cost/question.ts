import type { Rng } from '../../../engine/random.ts';
import { costModel } from '../../../engine/vision.ts';
import { defineQuestion, EXACT_NUMBER, texNumber } from '../../question-types.ts';

interface Params {
  imageSize: number;
  patchSize: number;
  dModel: number;
  heads: number;
}

function draw(rng: Rng): Params {
  const patchSize = rng.pick([8, 14, 16, 32]);
  const dModel = rng.pick([192, 384, 768, 1024]);
  return { imageSize: patchSize * rng.int(4, 32), patchSize, dModel, heads: rng.pick([4, 6, 8, 12, 16].filter((h) => dModel % h === 0)) };
}

/** The curriculum's cost model (vision/cost-model); the conv fields are not asked. */
const cost = (p: Params, noCls = false, flopsPerMultiplyAdd: 1 | 2 = 2) =>
  costModel({ ...p, channels: 3, kernelSize: 3, convChannels: 8 }, { noCls, flopsPerMultiplyAdd });

export default defineQuestion<Params>({
  id: 'vision/vit-attention-cost',
  title: 'The attention cost of a ViT',
  order: 1,
  exercises: ['vision/cost-model', 'vision/vit-embeddings'],
  parts: [
    { name: 'tokens', kind: 'number', label: 'the number of tokens $N$', points: 3, tolerance: EXACT_NUMBER },
    { name: 'flops', kind: 'number', label: 'the attention FLOPs of one layer', points: 4, tolerance: EXACT_NUMBER },
    { name: 'memory', kind: 'number', label: 'the bytes of attention weights of one layer, all heads', points: 3, tolerance: EXACT_NUMBER },
  ],
  generate: draw,
  answer: (p) => {
    const c = cost(p);
    return { tokens: c.tokens, flops: c.attentionFlops, memory: 4 * p.heads * c.attentionScores };
  },
  worked: (p) => {
    const c = cost(p);
    return { side: p.imageSize / p.patchSize, n2: texNumber(c.attentionScores), flopsTex: texNumber(c.attentionFlops), memoryTex: texNumber(4 * p.heads * c.attentionScores) };
  },
  misconceptions: [
    {
      id: 'cls-forgotten',
      part: 'tokens',
      title: 'the class token not counted',
      hint: 'A ViT adds one class token to the patch tokens.',
      compute: (p) => cost(p, true).tokens,
    },
    {
      id: 'cls-forgotten-flops',
      part: 'flops',
      title: 'the class token not counted',
      hint: 'N includes the class token, and N enters squared.',
      compute: (p) => cost(p, true).attentionFlops,
    },
    {
      id: 'multiply-adds-as-flops',
      part: 'flops',
      title: 'a multiply-add counted as one FLOP',
      hint: 'Q Kᵀ and the weights times V are N x N x D multiply-adds each, and a multiply-add is 2 FLOPs: 4 N² D.',
      compute: (p) => cost(p, false, 1).attentionFlops,
    },
    {
      id: 'one-head',
      part: 'memory',
      title: 'the weights of one head only',
      hint: 'Each head holds its own N x N matrix of weights.',
      compute: (p) => 4 * cost(p).attentionScores,
    },
    {
      id: 'entries-not-bytes',
      part: 'memory',
      title: 'entries counted instead of bytes',
      hint: 'A float32 takes 4 bytes.',
      compute: (p) => p.heads * cost(p).attentionScores,
    },
  ],
});
