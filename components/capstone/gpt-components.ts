// The pieces of TinyGPT a learner writes in the course, by the exercise that asks for each, in the
// order the forward pass meets them, with the function name each exercise asks for (the name
// other learner modules call it by). Shared by the server (which finds the learner's passing code
// for each) and the page (which says, per piece, whose code runs).
export const GPT_COMPONENTS = [
  { exerciseId: 'tokens/embedding-lookup', functionName: 'embed', name: 'Embedding lookup' },
  { exerciseId: 'attention/scaled-dot-product', functionName: 'attention', name: 'Scaled dot-product attention' },
  { exerciseId: 'attention/multi-head', functionName: 'multiHeadAttention', name: 'Multi-head attention' },
  { exerciseId: 'transformer/layer-norm', functionName: 'layerNorm', name: 'Layer norm' },
  { exerciseId: 'transformer/gelu', functionName: 'gelu', name: 'GELU' },
  { exerciseId: 'transformer/feed-forward', functionName: 'feedForward', name: 'Feed-forward' },
  { exerciseId: 'transformer/encoder-block', functionName: 'encoderBlock', name: 'Encoder block' },
  { exerciseId: 'llm/top-k-sample', functionName: 'sampleTopK', name: 'Top-k sampling' },
] as const;

export type GptComponentId = (typeof GPT_COMPONENTS)[number]['exerciseId'];
