export function greedyDecode(prompt: number[], model: TinyGPT, steps: number): number[] {
  // TODO: repeat `steps` times:
  // 1. hidden state = token embedding + position embedding, one row per token so far
  // 2. every block in order, with a causal mask (`attentionMask`, `encoderBlock`)
  // 3. the final layer norm, then logits of the LAST position against the token embeddings
  // 4. append the argmax (ties: lowest index)
  // Return only the new tokens.
  return [];
}
