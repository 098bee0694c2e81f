// TinySAM from swappable parts, on the trained weights: with every part the reference it is the
// engine's tinySamMask (and the golden logits train.py computed); a part swapped in reaches every
// caller (a samAttention without its 1/sqrt(dh) scale changes the two-way block and the mask, but
// not the image encoder before it), and the differences say by how much, per stage.
import { describe, expect, it } from 'vitest';
import { samAttention } from '../../../engine/sam.ts';
import { tinySamMask, type SamPrompt } from '../../../engine/tiny-sam.ts';
import { fourierFeatures } from '../../../engine/sam.ts';
import { composedSam, composeParts, layerDifferences } from '../../../components/capstone/sam-compose.ts';
import { SAM_COMPONENTS } from '../../../components/capstone/sam-components.ts';
import { readGolden, readWeights } from '../../../exercises/capstone/files.ts';
import { tinySamFrom } from '../../../exercises/capstone/weights.ts';
import type { Matrix, Tensor3 } from '../../../engine/types.ts';

interface GoldenCase { mode: 'points' | 'box'; image: Matrix; prompt: SamPrompt; target: Matrix; logits: Matrix }

const model = tinySamFrom(readWeights('tiny-sam'));
const golden = readGolden<GoldenCase[]>('tiny-sam');
const largest = (a: Matrix, b: Matrix) => Math.max(...a.flatMap((row, i) => row.map((x, j) => Math.abs(x - b[i][j]))));

describe('TinySAM composed from parts', () => {
  it('is the engine network (and the golden logits) when every part is the reference, for points and boxes', () => {
    expect(new Set(golden.map((g) => g.mode))).toEqual(new Set(['points', 'box']));
    for (const g of golden) {
      const image: Tensor3 = [g.image];
      const { logits } = composedSam(image, g.prompt, model, composeParts({}));
      expect(largest(logits, tinySamMask(image, g.prompt, model)), g.mode).toBeLessThan(1e-9);
      expect(largest(logits, g.logits), g.mode).toBeLessThan(1e-5);
    }
    const g = golden[0];
    expect(layerDifferences([g.image], g.prompt, model, composeParts({})).every((d) => d.maxAbsDiff === 0)).toBe(true);
  });

  it('reaches every caller with a swapped part, and says per stage how far off it is', () => {
    const g = golden.find((c) => c.mode === 'points')!;
    let calls = 0;
    const unscaled = composeParts({ samAttention: (q, k, v, w, h) => (calls++, samAttention(q, k, v, w, h, { scale: false })) });
    const diffs = layerDifferences([g.image], g.prompt, model, unscaled);
    expect(calls).toBe(3); // the two-way block's three attentions
    expect(diffs.map((d) => d.layer)).toEqual(['image tokens', 'prompt tokens', 'two-way queries', 'two-way keys', 'mask logits']);
    const by = Object.fromEntries(diffs.map((d) => [d.layer, d.maxAbsDiff]));
    expect(by['image tokens']).toBe(0); // before the decoder: untouched
    expect(by['prompt tokens']).toBe(0);
    for (const stage of ['two-way queries', 'two-way keys', 'mask logits']) expect(by[stage], stage).toBeGreaterThan(1e-3);
  });

  it('reaches the prompt encoders and the dense PE through a swapped fourierFeatures', () => {
    const g = golden.find((c) => c.mode === 'box')!;
    let calls = 0;
    const swapped = composeParts({ fourierFeatures: (coords, G) => (calls++, fourierFeatures(coords, G, { order: 'cos-sin' })) });
    const diffs = layerDifferences([g.image], g.prompt, model, swapped);
    expect(calls).toBe(2); // densePE and encodeBoxes
    expect(diffs.find((d) => d.layer === 'prompt tokens')!.maxAbsDiff).toBeGreaterThan(1e-3);
    expect(diffs.find((d) => d.layer === 'mask logits')!.maxAbsDiff).toBeGreaterThan(1e-3);
  });

  it('counts a wrong-shaped or non-finite output as infinitely far off', () => {
    const g = golden[0];
    const broken = composeParts({ maskLogits: (hyperIn, up) => [up[0].map((row) => row.map(() => NaN))] });
    expect(layerDifferences([g.image], g.prompt, model, broken).at(-1)!.maxAbsDiff).toBe(Infinity);
    const short = composeParts({ patchEmbed: () => [[0]] });
    expect(() => layerDifferences([g.image], g.prompt, model, short)).toThrow();
  });

  it('names a part of the composition for every component the page lists', () => {
    const parts = composeParts({});
    for (const c of SAM_COMPONENTS) expect(typeof parts[c.functionName], c.functionName).toBe('function');
    expect(new Set(SAM_COMPONENTS.map((c) => c.exerciseId)).size).toBe(SAM_COMPONENTS.length);
  });
});
