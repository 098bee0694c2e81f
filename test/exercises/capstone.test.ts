// The capstone's trained models are the curriculum's networks: loaded from their float32 weights,
// the reference engine reproduces the outputs PyTorch computed at training time
// (scripts/capstone/train.py, float64 from the same weights) within 1e-5, the way micrograd checks
// each operation against PyTorch. The model cards' figures are the ones measured.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gptLogits, greedyDecode } from '../../engine/llm.ts';
import { vitClassify } from '../../engine/vision.ts';
import { modelFolder, readGolden, readWeights } from '../../exercises/capstone/files.ts';
import { tinyGptFrom, tinySamFrom, tinyVitFrom } from '../../exercises/capstone/weights.ts';
import { tinySamMask, type SamPrompt } from '../../engine/tiny-sam.ts';
import type { Matrix, Tensor3, Vector } from '../../engine/types.ts';

/** The largest |a - b| over two equal-shaped arrays (throws on a shape mismatch). */
function maxAbsDiff(a: number[] | number[][], b: number[] | number[][]): number {
  const fa = (a as unknown[]).flat(2) as number[];
  const fb = (b as unknown[]).flat(2) as number[];
  expect(fa.length).toBe(fb.length);
  return fa.reduce((m, x, i) => Math.max(m, Math.abs(x - fb[i])), 0);
}

describe('TinyGPT (exercises/capstone/tiny-gpt)', () => {
  const weights = readWeights('tiny-gpt');
  const { model, vocab, contextLength } = tinyGptFrom(weights);
  const golden = readGolden<{ prompt: number[]; logits: Matrix; greedy: { prompt: number[]; steps: number; tokens: number[] } }>('tiny-gpt');

  it('has the curriculum layout its manifest states', () => {
    const { vocabSize, d, layers, numHeads } = weights.manifest.config;
    expect(model.tokenEmbedding).toHaveLength(vocabSize);
    expect(model.tokenEmbedding[0]).toHaveLength(d);
    expect(model.positionEmbedding).toHaveLength(contextLength);
    expect(model.blocks).toHaveLength(layers);
    expect(d % numHeads).toBe(0);
    expect(vocab).toHaveLength(vocabSize);
  });

  it('gives the logits PyTorch computed, at every position of the prompt, within 1e-5', () => {
    expect(maxAbsDiff(gptLogits(golden.prompt, model), golden.logits)).toBeLessThan(1e-5);
  });

  it('decodes greedily the continuation PyTorch decoded', () => {
    expect(greedyDecode(golden.greedy.prompt, model, golden.greedy.steps)).toEqual(golden.greedy.tokens);
  });

  it('writes words of its training text', () => {
    const text = (ids: number[]) => ids.map((i) => vocab[i]).join('');
    const words = text(golden.greedy.tokens).split(/[^a-z]+/).filter((w) => w.length >= 3);
    const known = courseWords();
    expect(words.length).toBeGreaterThan(3);
    expect(words.filter((w) => known.has(w)).length / words.length).toBeGreaterThanOrEqual(0.6);
  });
});

describe('TinyViT (exercises/capstone/tiny-vit)', () => {
  const weights = readWeights('tiny-vit');
  const model = tinyVitFrom(weights);
  const golden = readGolden<{ images: Tensor3[]; labels: number[]; logits: Vector[]; heldOut: { count: number; accuracy: number } }>('tiny-vit');

  it('gives the logits PyTorch computed on held-out digits, within 1e-5', () => {
    for (const [i, image] of golden.images.entries()) expect(maxAbsDiff(vitClassify(image, model), golden.logits[i])).toBeLessThan(1e-5);
  });

  it('reads the digits, and its card states the held-out accuracy measured (at least 95 %)', () => {
    const argmax = (v: Vector) => v.indexOf(Math.max(...v));
    const right = golden.images.filter((img, i) => argmax(vitClassify(img, model)) === golden.labels[i]).length;
    expect(right / golden.images.length).toBeGreaterThanOrEqual(0.9);
    expect(golden.heldOut.accuracy).toBeGreaterThanOrEqual(0.95);
    const card = readFileSync(join(modelFolder('tiny-vit'), 'MODEL_CARD.md'), 'utf8');
    expect(card).toContain(`${(golden.heldOut.accuracy * 100).toFixed(2)} %`);
  });
});

describe('TinySAM (exercises/capstone/tiny-sam)', () => {
  const model = tinySamFrom(readWeights('tiny-sam'));
  const manifest = readWeights('tiny-sam').manifest as { meanIoU?: number };
  const golden = readGolden<{ mode: 'points' | 'box'; image: Matrix; prompt: SamPrompt; target: Matrix; logits: Matrix }[]>('tiny-sam');

  it('gives the mask logits PyTorch computed for points and for boxes, within 1e-5', () => {
    expect(new Set(golden.map((g) => g.mode))).toEqual(new Set(['points', 'box']));
    for (const g of golden) expect(maxAbsDiff(tinySamMask([g.image], g.prompt, model), g.logits)).toBeLessThan(1e-5);
  });

  it('segments the prompted shape, and its card states the held-out mean IoU measured (at least 0.8)', () => {
    const iou = (logits: Matrix, target: Matrix) => {
      let inter = 0;
      let union = 0;
      logits.forEach((row, y) => row.forEach((l, x) => {
        const p = l > 0;
        const t = target[y][x] > 0.5;
        if (p && t) inter++;
        if (p || t) union++;
      }));
      return union === 0 ? 1 : inter / union;
    };
    const mean = golden.reduce((s, g) => s + iou(tinySamMask([g.image], g.prompt, model), g.target), 0) / golden.length;
    expect(mean).toBeGreaterThanOrEqual(0.7);
    expect(manifest.meanIoU).toBeGreaterThanOrEqual(0.8);
    expect(readFileSync(join(modelFolder('tiny-sam'), 'MODEL_CARD.md'), 'utf8')).toContain(manifest.meanIoU!.toFixed(3));
  });
});

describe('the weights files', () => {
  it('name what is missing or of the wrong rank', () => {
    const w = readWeights('tiny-vit');
    expect(() => w.matrix('nope')).toThrow(/no tensor "nope"/);
    expect(() => w.vector('W')).toThrow(/not rank 1/);
  });
});

/** Every word of the course's prompts and worked solutions (what the GPT trained on), lower-cased. */
function courseWords(): Set<string> {
  const words = new Set<string>();
  const root = join(modelFolder('tiny-gpt'), '..', '..');
  for (const module of readdirSync(root)) {
    if (module === 'capstone' || !statSync(join(root, module)).isDirectory()) continue;
    for (const slug of readdirSync(join(root, module))) {
      for (const file of ['prompt.md', 'solution.md']) {
        const path = join(root, module, slug, file);
        if (existsSync(path)) for (const w of readFileSync(path, 'utf8').toLowerCase().split(/[^a-z]+/)) words.add(w);
      }
    }
  }
  return words;
}
