import type { Rng } from '../../../engine/random.ts';
import { costModel } from '../../../engine/vision.ts';
import { defineQuestion, EXACT_NUMBER, texNumber } from '../../question-types.ts';

interface Params {
  imageSize: number;
  patchSize: number;
  dModel: number;
}

function draw(rng: Rng): Params {
  const patchSize = rng.pick([8, 16, 32]);
  return { imageSize: patchSize * rng.pick([4, 6, 7, 8, 12, 14, 16]), patchSize, dModel: rng.pick([192, 384, 512, 768, 1024]) };
}

const flopsAt = (p: Params, patchSize: number) => costModel({ imageSize: p.imageSize, patchSize, channels: 3, dModel: p.dModel, kernelSize: 3, convChannels: 8 }).attentionFlops;
const tokensAt = (p: Params, patchSize: number) => (p.imageSize / patchSize) ** 2 + 1;

export default defineQuestion<Params>({
  id: 'vision/patch-scaling',
  title: 'Why patches are not smaller',
  order: 2,
  exercises: ['vision/cost-model'],
  parts: [
    { name: 'ratio', kind: 'number', label: 'attention FLOPs at patch size {{halfPatch}} divided by those at {{patchSize}}', points: 3, tolerance: { sigFigs: 3 } },
    {
      name: 'formula',
      kind: 'expression',
      label: 'the attention FLOPs of one layer as a formula in the image side `S` (patch {{patchSize}}, $D = {{dModel}}$)',
      points: 4,
      variables: [{ name: 'S', min: 16, max: 2048 }],
    },
    { name: 'crossover', kind: 'number', label: 'the token count $N$ at which $4 N^2 D$ equals the projections\' $8 N D^2$', points: 3, tolerance: EXACT_NUMBER },
  ],
  generate: draw,
  answer: (p) => ({
    ratio: flopsAt(p, p.patchSize / 2) / flopsAt(p, p.patchSize),
    formula: `4 * ${p.dModel} * ((S / ${p.patchSize})^2 + 1)^2`,
    crossover: 2 * p.dModel,
  }),
  text: (p) => ({ halfPatch: p.patchSize / 2 }),
  worked: (p) => ({
    n1: tokensAt(p, p.patchSize),
    n2: tokensAt(p, p.patchSize / 2),
    f1: texNumber(flopsAt(p, p.patchSize)),
    f2: texNumber(flopsAt(p, p.patchSize / 2)),
  }),
  misconceptions: [
    {
      id: 'cls-forgotten',
      part: 'ratio',
      title: 'the class token not counted (exactly 16)',
      hint: 'N = (S/p)² + 1: with the class token the ratio is a little below 16.',
      compute: () => 16,
    },
    {
      id: 'tokens-ratio',
      part: 'ratio',
      title: 'the ratio of token counts',
      hint: 'The attention cost grows with N², not N.',
      compute: (p) => tokensAt(p, p.patchSize / 2) / tokensAt(p, p.patchSize),
    },
    {
      id: 'formula-no-cls',
      part: 'formula',
      title: 'the class token not counted',
      hint: 'N = (S/p)² + 1 includes the class token.',
      compute: (p) => `4 * ${p.dModel} * (S / ${p.patchSize})^4`,
    },
    {
      id: 'formula-multiply-adds',
      part: 'formula',
      title: 'multiply-adds counted as FLOPs',
      hint: 'Two products of N² D multiply-adds, at 2 FLOPs each: 4 N² D.',
      compute: (p) => `2 * ${p.dModel} * ((S / ${p.patchSize})^2 + 1)^2`,
    },
    {
      id: 'crossover-d',
      part: 'crossover',
      title: 'N = D',
      hint: 'Set 4 N² D = 8 N D² and divide both sides by 4 N D.',
      compute: (p) => p.dModel,
    },
  ],
});
