// The pieces of TinySAM a learner writes in the course, by the exercise that asks for each, in the
// order the forward pass meets them, with the part of sam-compose.ts each one fills. Shared by the
// server (which finds the learner's passing code for each) and the page (which says, per piece,
// whose code runs).
import type { SamParts } from './sam-compose.ts';

export const SAM_COMPONENTS = [
  { exerciseId: 'vision/patchify', name: 'Patchify', part: 'patchify' },
  { exerciseId: 'vision/patch-embedding', name: 'Patch embedding', part: 'patchEmbed' },
  { exerciseId: 'transformer/layer-norm', name: 'Layer norm', part: 'layerNorm' },
  { exerciseId: 'attention/scaled-dot-product', name: 'Scaled dot-product attention', part: 'attention' },
  { exerciseId: 'attention/multi-head', name: 'Multi-head attention', part: 'multiHeadAttention' },
  { exerciseId: 'transformer/gelu', name: 'GELU', part: 'gelu' },
  { exerciseId: 'transformer/feed-forward', name: 'Feed-forward', part: 'feedForward' },
  { exerciseId: 'transformer/encoder-block', name: 'Encoder block (the image encoder)', part: 'encoderBlock' },
  { exerciseId: 'sam/fourier-features', name: 'Random Fourier features', part: 'fourierFeatures' },
  { exerciseId: 'sam/dense-positional-encoding', name: 'Dense positional encoding', part: 'densePE' },
  { exerciseId: 'sam/point-prompts', name: 'Point prompts', part: 'encodePoints' },
  { exerciseId: 'sam/box-prompts', name: 'Box prompts', part: 'encodeBoxes' },
  { exerciseId: 'sam/prompt-image-attention', name: 'Prompt-image attention', part: 'samAttention' },
  { exerciseId: 'sam/two-way-block', name: 'Two-way block', part: 'twoWayBlock' },
  { exerciseId: 'vision/conv2d', name: 'Convolution (the upscaling)', part: 'conv2d' },
  { exerciseId: 'sam/mask-logits', name: 'Mask logits', part: 'maskLogits' },
] as const satisfies readonly { exerciseId: string; name: string; part: keyof SamParts }[];

export type SamComponentId = (typeof SAM_COMPONENTS)[number]['exerciseId'];
