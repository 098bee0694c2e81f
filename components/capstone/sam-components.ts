// The pieces of TinySAM a learner writes in the course, by the exercise that asks for each, in the
// order the forward pass meets them, with the function each exercise asks for, which is the part of sam-compose.ts it fills. Shared by the
// server (which finds the learner's passing code for each) and the page (which says, per piece,
// whose code runs).
import type { SamParts } from './sam-compose.ts';

export const SAM_COMPONENTS = [
  { exerciseId: 'vision/patchify', name: 'Patchify', functionName: 'patchify' },
  { exerciseId: 'vision/patch-embedding', name: 'Patch embedding', functionName: 'patchEmbed' },
  { exerciseId: 'transformer/layer-norm', name: 'Layer norm', functionName: 'layerNorm' },
  { exerciseId: 'attention/scaled-dot-product', name: 'Scaled dot-product attention', functionName: 'attention' },
  { exerciseId: 'attention/multi-head', name: 'Multi-head attention', functionName: 'multiHeadAttention' },
  { exerciseId: 'transformer/gelu', name: 'GELU', functionName: 'gelu' },
  { exerciseId: 'transformer/feed-forward', name: 'Feed-forward', functionName: 'feedForward' },
  { exerciseId: 'transformer/encoder-block', name: 'Encoder block (the image encoder)', functionName: 'encoderBlock' },
  { exerciseId: 'sam/fourier-features', name: 'Random Fourier features', functionName: 'fourierFeatures' },
  { exerciseId: 'sam/dense-positional-encoding', name: 'Dense positional encoding', functionName: 'densePE' },
  { exerciseId: 'sam/point-prompts', name: 'Point prompts', functionName: 'encodePoints' },
  { exerciseId: 'sam/box-prompts', name: 'Box prompts', functionName: 'encodeBoxes' },
  { exerciseId: 'sam/prompt-image-attention', name: 'Prompt-image attention', functionName: 'samAttention' },
  { exerciseId: 'sam/two-way-block', name: 'Two-way block', functionName: 'twoWayBlock' },
  { exerciseId: 'vision/conv2d', name: 'Convolution (the upscaling)', functionName: 'conv2d' },
  { exerciseId: 'sam/mask-logits', name: 'Mask logits', functionName: 'maskLogits' },
] as const satisfies readonly { exerciseId: string; name: string; functionName: keyof SamParts }[];

export type SamComponentId = (typeof SAM_COMPONENTS)[number]['exerciseId'];
