import type { Rng } from '../../../engine/random.ts';
import type { CostConfig } from '../../../engine/types.ts';
import { costModel } from '../../../engine/vision.ts';
import { defineExercise } from '../../types.ts';

const config = (imageSize: number, patchSize: number, channels: number, dModel: number, kernelSize: number, convChannels: number): CostConfig => ({
  imageSize, patchSize, channels, dModel, kernelSize, convChannels,
});

/** A random but plausible configuration: the image side a whole number of patches. */
function randomConfig(rng: Rng): CostConfig {
  const patchSize = rng.pick([2, 4, 7, 8, 14, 16, 32]);
  return config(patchSize * rng.int(1, 40), patchSize, rng.pick([1, 3, 4]), 8 * rng.int(1, 128), rng.pick([1, 3, 5, 7]), 8 * rng.int(1, 32));
}

export default defineExercise({
  id: 'vision/cost-model',
  title: 'What global attention costs',
  order: 5,
  prerequisites: ['vision/conv2d', 'vision/vit-embeddings', 'attention/scaled-dot-product'],
  functionName: 'costModel',
  reference: costModel,
  points: 10,
  exact: true,
  helpers: [],
  hints: [
    'tokens = (imageSize / patchSize)² + 1: the patches and the class token.',
    'Attention has two tokens x tokens x dModel products (Q Kᵀ and weights times V); each multiply-add counts as 2 FLOPs.',
    'A stride-1, same-padded conv produces convChannels values per pixel, each costing channels · kernelSize² multiply-adds; its parameters are the weights plus one bias per output channel.',
  ],
  visibleCases: () => [
    { name: 'small-example', args: [config(32, 8, 3, 64, 3, 16)] },
    { name: 'vit-base-patch-16', args: [config(224, 16, 3, 768, 3, 64)] },
  ],
  hiddenCases: (rng) => [
    { name: 'vit-base-patch-8', args: [config(224, 8, 3, 768, 3, 64)] },
    { name: 'one-patch-1x1-conv', args: [config(16, 16, 1, 8, 1, 2)] },
    // A ViT-H/16 at SAM's 1024 input, class token included (SAM's own encoder has none).
    { name: 'vit-huge-1024-input', args: [config(1024, 16, 3, 1280, 3, 256)] },
    { name: 'vit-large-384', args: [config(384, 16, 3, 1024, 7, 96)] },
    { name: 'tiny-patches', args: [config(64, 2, 1, 32, 5, 8)] },
    ...['random-a', 'random-b', 'random-c'].map((name) => ({ name, args: [randomConfig(rng.fork(name))] })),
  ],
  misconceptions: [
    {
      id: 'cls-forgotten',
      title: 'class token not counted',
      hint: 'A ViT sequence has one token per patch plus the class token; the +1 also enters every count that squares the token number.',
      compute: (c: CostConfig) => costModel(c, { noCls: true }),
    },
    {
      id: 'multiply-adds-as-flops',
      title: 'a multiply-add counted as one FLOP',
      hint: 'This exercise counts a multiply-add as two floating-point operations, one multiply and one add, as scaling-law papers do (many vision papers count multiply-adds instead, so check which convention a FLOP figure uses).',
      compute: (c: CostConfig) => costModel(c, { flopsPerMultiplyAdd: 1 }),
    },
    {
      id: 'conv-bias-forgotten',
      title: 'conv biases not counted',
      hint: 'A conv layer has one bias per output channel besides its weights.',
      compute: (c: CostConfig) => costModel(c, { convBias: false }),
    },
  ],
});
