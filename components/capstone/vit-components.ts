// The pieces of TinyViT a learner writes in the course, by the exercise that asks for each, in the
// order the forward pass meets them, with the function each exercise asks for (the part of
// vit-compose.ts it fills). Shared by the server (which finds the learner's code for each) and the
// page (which says, per piece, whose code runs).
import type { VitParts } from './vit-compose.ts';

export const VIT_COMPONENTS = [
  { exerciseId: 'vision/patchify', name: 'Patchify', functionName: 'patchify' },
  { exerciseId: 'vision/patch-embedding', name: 'Patch embedding', functionName: 'patchEmbed' },
  { exerciseId: 'vision/vit-embeddings', name: 'CLS token and positions', functionName: 'vitEmbeddings' },
  { exerciseId: 'transformer/layer-norm', name: 'Layer norm', functionName: 'layerNorm' },
  { exerciseId: 'attention/scaled-dot-product', name: 'Scaled dot-product attention', functionName: 'attention' },
  { exerciseId: 'attention/multi-head', name: 'Multi-head attention', functionName: 'multiHeadAttention' },
  { exerciseId: 'transformer/gelu', name: 'GELU', functionName: 'gelu' },
  { exerciseId: 'transformer/feed-forward', name: 'Feed-forward', functionName: 'feedForward' },
  { exerciseId: 'transformer/encoder-block', name: 'Encoder block', functionName: 'encoderBlock' },
  { exerciseId: 'vision/vit-classify', name: 'The whole ViT', functionName: 'vitClassify' },
] as const satisfies readonly { exerciseId: string; name: string; functionName: keyof VitParts }[];
