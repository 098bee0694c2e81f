// Case generators: deterministic, the right shapes (checked by the curriculum validator), O(1)
// values, and clear of the curriculum's knife edges.
import { describe, expect, it } from 'vitest';
import { exampleArgs } from '../../engine/examples.ts';
import {
  binaryTarget, boxes, drawUntil, logitsAwayFromZero, mlmDraws, pixelPoints, randomMask, tinyGPT, tinyGPTDecodingCase, tinyViT, topKDraw,
  twoWayParams, vector, WORDPIECE_VOCAB, wordpieceText,
} from '../../engine/generate.ts';
import { decodeTrace, topKMargin } from '../../engine/llm.ts';
import { createRng } from '../../engine/random.ts';
import { exerciseIds, references } from '../../engine/registry.ts';
import { wordpiece } from '../../engine/tokens.ts';
import { validateArgs } from '../../engine/validate.ts';

/** Largest |x| over every number in a nested value. */
function maxAbs(v: unknown): number {
  if (typeof v === 'number') return Math.abs(v);
  if (Array.isArray(v)) return v.reduce((m: number, x) => Math.max(m, maxAbs(x)), 0);
  if (v && typeof v === 'object') return Object.values(v).reduce((m: number, x) => Math.max(m, maxAbs(x)), 0);
  return 0;
}

describe('exampleArgs', () => {
  it.each([...exerciseIds])('%s: valid arguments, a finite reference output, the same for the same seed', (id) => {
    for (let s = 0; s < 15; s++) {
      const args = exampleArgs(id, createRng(`${id}/${s}`));
      expect(validateArgs(id, args), `${id} seed ${s}`).toBeNull();
      expect(exampleArgs(id, createRng(`${id}/${s}`))).toEqual(args);
      const out = references[id](...args);
      expect(Number.isFinite(maxAbs(out)), `${id} seed ${s}`).toBe(true);
      if (!['vision/cost-model', 'tokens/mlm-masking'].includes(id)) expect(maxAbs(out), `${id} seed ${s}`).toBeLessThan(50); // ids and counts aside
    }
  });
});

describe('generators', () => {
  it('scale weights like a default init so activations stay O(1)', () => {
    const rng = createRng('scale');
    const gpt = tinyGPT(rng, { vocab: 10, d: 16, tMax: 8, numBlocks: 2, numHeads: 4, dFF: 32 });
    expect(gpt.blocks).toHaveLength(2);
    expect(gpt.tokenEmbedding).toHaveLength(10);
    expect(gpt.positionEmbedding).toHaveLength(8);
    expect(maxAbs(gpt.blocks[0].attn.Wq)).toBeLessThanOrEqual(2.5 / 4);
    const vit = tinyViT(rng, { channels: 3, imageSize: 8, patchSize: 4, d: 6, numHeads: 2, dFF: 12, classes: 5 });
    expect(vit.W).toHaveLength(48);
    expect(vit.pos).toHaveLength(5);
    expect(vit.head.W[0]).toHaveLength(5);
    const two = twoWayParams(rng, 8, 16);
    expect(two.crossTokenToImage.Wq[0]).toHaveLength(4);
    expect(two.selfAttn.Wo).toHaveLength(8);
  });

  it('give masks with an allowed key in every row', () => {
    const rng = createRng('masks');
    for (let i = 0; i < 50; i++) for (const row of randomMask(rng, 4, 5, 0.05)) expect(row).toContain(true);
  });

  it('keep top-k draws and greedy decoding away from knife edges', () => {
    const rng = createRng('edges');
    for (let i = 0; i < 30; i++) {
      const logits = vector(rng, 6, 3);
      const u = topKDraw(rng, logits, 4, 0.7);
      expect(u >= 0 && u < 1).toBe(true);
      expect(topKMargin(logits, 4, 0.7, u)).toBeGreaterThanOrEqual(1e-4);
    }
    const { prompt, model } = tinyGPTDecodingCase(rng, { vocab: 6, d: 4, tMax: 7, numBlocks: 2, numHeads: 2, dFF: 8 }, 3, 4);
    expect(decodeTrace(prompt, model, 4).margins.every((m) => m > 1e-4)).toBe(true);
  });

  it('keep MLM draws off the thresholds and loss logits off zero', () => {
    const rng = createRng('mlm');
    const draws = mlmDraws(rng, 200, 50);
    for (const u of draws.select) expect(Math.abs(u - 0.15)).toBeGreaterThan(1e-9);
    expect(draws.select.filter((u) => u < 0.15).length).toBeGreaterThan(10);
    for (const row of logitsAwayFromZero(rng, 10, 10)) for (const l of row) expect(Math.abs(l)).toBeGreaterThanOrEqual(1e-3);
    expect(binaryTarget(rng, 3, 3).flat().every((t) => t === 0 || t === 1)).toBe(true);
  });

  it('put SAM points and boxes inside the image', () => {
    const rng = createRng('sam');
    for (const [x, y] of pixelPoints(rng, 50, [6, 10])) expect(x >= 0 && x < 10 && y >= 0 && y < 6).toBe(true);
    for (const [x0, y0, x1, y1] of boxes(rng, 50, [6, 10])) expect(0 <= x0 && x0 <= x1 && x1 < 10 && 0 <= y0 && y0 <= y1 && y1 < 6).toBe(true);
  });

  it('write wordpiece texts that exercise pieces, accents, punctuation, unknown words and odd spaces', () => {
    const rng = createRng('text');
    const tokens = Array.from({ length: 40 }, () => wordpiece(wordpieceText(rng), [...WORDPIECE_VOCAB])).flat();
    expect(tokens.some((t) => t.startsWith('##'))).toBe(true);
    expect(tokens).toContain('[UNK]');
    expect(tokens).toContain('cafe');
    expect(tokens.some((t) => /^\p{P}$/u.test(t))).toBe(true);
  });

  it('drawUntil retries until the predicate holds and says what it could not find', () => {
    const rng = createRng('until');
    expect(drawUntil(() => rng.int(0, 9), (x) => x === 7, 'a seven')).toBe(7);
    expect(() => drawUntil(() => 1, (x) => x === 2, 'a two', 5)).toThrow('no a two in 5 draws');
  });
});
