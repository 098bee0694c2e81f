import { tensor3, tinyViT, type TinyViTConfig } from '../../../engine/generate.ts';
import type { Rng } from '../../../engine/random.ts';
import type { Tensor3, TinyViT } from '../../../engine/types.ts';
import { vitClassify } from '../../../engine/vision.ts';
import { defineExercise } from '../../types.ts';

function vitCase(rng: Rng, name: string, c: TinyViTConfig) {
  const r = rng.fork(name);
  return { name, args: [tensor3(r, c.channels, c.imageSize, c.imageSize), tinyViT(r, c)] };
}

export default defineExercise({
  id: 'vision/vit-classify',
  title: 'A whole Vision Transformer',
  order: 6,
  prerequisites: ['vision/vit-embeddings', 'transformer/encoder-block'],
  functionName: 'vitClassify',
  reference: vitClassify,
  points: 20,
  helpers: ['patchEmbed', 'vitEmbeddings', 'encoderBlock', 'layerNorm', 'matmul'],
  hints: [
    'Chain the parts you have: patchEmbed with p.W, p.b and p.patchSize; vitEmbeddings with p.cls and p.pos; encoderBlock with p.block, p.numHeads and no mask.',
    'After the block comes the final layer norm p.lnF with eps 1e-5; a pre-LN block leaves its output unnormalised.',
    'Only row 0, the class token, is read out: its normalised vector times p.head.W plus p.head.b gives one logit per class.',
  ],
  visibleCases: (rng) => [
    vitCase(rng, 'grey-4x4-patch-2', { channels: 1, imageSize: 4, patchSize: 2, d: 4, numHeads: 2, dFF: 8, classes: 3 }),
    vitCase(rng, 'two-channels-4x4-patch-2', { channels: 2, imageSize: 4, patchSize: 2, d: 4, numHeads: 2, dFF: 8, classes: 2 }),
  ],
  hiddenCases: (rng) => [
    vitCase(rng, 'rgb-8x8-patch-4', { channels: 3, imageSize: 8, patchSize: 4, d: 6, numHeads: 3, dFF: 12, classes: 5 }),
    vitCase(rng, 'two-channels-6x6-patch-3', { channels: 2, imageSize: 6, patchSize: 3, d: 8, numHeads: 4, dFF: 16, classes: 2 }),
    vitCase(rng, 'sixteen-patches', { channels: 3, imageSize: 8, patchSize: 2, d: 8, numHeads: 2, dFF: 16, classes: 4 }),
    vitCase(rng, 'one-patch-one-head', { channels: 1, imageSize: 4, patchSize: 4, d: 4, numHeads: 1, dFF: 8, classes: 3 }),
    vitCase(rng, 'heads-of-size-1', { channels: 2, imageSize: 4, patchSize: 2, d: 6, numHeads: 6, dFF: 12, classes: 10 }),
    vitCase(rng, 'single-class', { channels: 3, imageSize: 6, patchSize: 2, d: 4, numHeads: 2, dFF: 8, classes: 1 }),
  ],
  misconceptions: [
    {
      id: 'mean-pooling',
      title: 'tokens averaged instead of the class token read out',
      hint: 'The head reads row 0 only, the class token, which gathered the image through attention; averaging all tokens is a different model.',
      compute: (image: Tensor3, p: TinyViT) => vitClassify(image, p, { readout: 'mean' }),
    },
    {
      id: 'no-final-norm',
      title: 'final layer norm skipped',
      hint: 'In a pre-LN network the residual stream is never normalised inside the blocks; apply p.lnF (eps 1e-5) after the block, before the head.',
      compute: (image: Tensor3, p: TinyViT) => vitClassify(image, p, { finalNorm: false }),
    },
    {
      id: 'channels-last-flattening',
      title: 'patches flattened in (y, x, c) order',
      hint: 'Patches are flattened channel by channel, (channel, y, x), to match the rows of p.W.',
      compute: (image: Tensor3, p: TinyViT) => vitClassify(image, p, { order: 'yxc' }),
    },
  ],
});
