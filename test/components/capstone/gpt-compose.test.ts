// TinyGPT from swappable parts, on the trained weights: with every part the reference it is the
// engine's gptLogits; a part swapped in reaches every caller (an attention without 1/sqrt(d_k)
// changes both blocks and the logits, and the differences say by how much, per layer); a part that
// matches the reference leaves every difference at zero.
import { describe, expect, it } from 'vitest';
import { attention } from '../../../engine/attention.ts';
import { gptLogits } from '../../../engine/llm.ts';
import { feedForward, gelu, layerNorm } from '../../../engine/transformer.ts';
import { composedForward, composeParts, layerDifferences } from '../../../components/capstone/gpt-compose.ts';
import { encodePrompt } from '../../../components/capstone/gpt-session.ts';
import { readWeights } from '../../../exercises/capstone/files.ts';
import { tinyGptFrom } from '../../../exercises/capstone/weights.ts';

const { model, vocab } = tinyGptFrom(readWeights('tiny-gpt'));
const enc = encodePrompt('the scaled dot product', vocab);
if (!enc.ok) throw new Error(enc.message);
const tokens = enc.tokens;

describe('TinyGPT composed from parts', () => {
  it('is the engine network when every part is the reference', () => {
    const { logits } = composedForward(tokens, model, composeParts({}));
    const ref = gptLogits(tokens, model);
    expect(Math.max(...logits.flat().map((x, i) => Math.abs(x - ref.flat()[i])))).toBeLessThan(1e-12);
    expect(layerDifferences(tokens, model, composeParts({})).every((d) => d.maxAbsDiff === 0)).toBe(true);
  });

  it('reaches every caller with a swapped part, and says per layer how far off it is', () => {
    const calls = { attention: 0 };
    const unscaled = composeParts({ attention: (Q, K, V, mask) => (calls.attention++, attention(Q, K, V, mask, { scale: false })) });
    const diffs = layerDifferences(tokens, model, unscaled);
    expect(calls.attention).toBe(2 * 4); // each head of both blocks
    expect(diffs.map((d) => d.layer)).toEqual(['embeddings', 'block 1', 'block 2', 'logits']);
    expect(diffs[0].maxAbsDiff).toBe(0); // the embeddings come before any attention
    for (const d of diffs.slice(1)) expect(d.maxAbsDiff, d.layer).toBeGreaterThan(1e-3);
  });

  it('leaves every difference at zero for parts equal to the reference', () => {
    const same = composeParts({ layerNorm: (x, g, b, eps) => layerNorm(x, g, b, eps), gelu: (x) => gelu(x), feedForward: (x, W1, b1, W2, b2) => feedForward(x, W1, b1, W2, b2) });
    expect(layerDifferences(tokens, model, same).every((d) => d.maxAbsDiff === 0)).toBe(true);
  });

  it('counts a wrong-shaped or non-finite output as infinitely far off', () => {
    const broken = composeParts({ gelu: (x) => x.map((row) => row.map(() => NaN)) });
    expect(layerDifferences(tokens, model, broken).at(-1)!.maxAbsDiff).toBe(Infinity);
  });
});
