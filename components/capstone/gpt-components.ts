// The pieces of TinyGPT a learner writes in the course, by the exercise that asks for each, in the
// order the forward pass meets them. Shared by the server (which finds the learner's passing code
// for each) and the page (which says, per piece, whose code runs).
export const GPT_COMPONENTS = [
  { exerciseId: 'attention/scaled-dot-product', name: 'Scaled dot-product attention' },
  { exerciseId: 'attention/multi-head', name: 'Multi-head attention' },
  { exerciseId: 'transformer/layer-norm', name: 'Layer norm' },
  { exerciseId: 'transformer/gelu', name: 'GELU' },
  { exerciseId: 'transformer/feed-forward', name: 'Feed-forward' },
  { exerciseId: 'transformer/encoder-block', name: 'Encoder block' },
  { exerciseId: 'llm/top-k-sample', name: 'Top-k sampling' },
] as const;

export type GptComponentId = (typeof GPT_COMPONENTS)[number]['exerciseId'];
