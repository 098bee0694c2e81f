// TinyViT from swappable parts, as its page runs it: with every part the reference it is the
// engine's vitClassify (and the golden logits train.py computed); on the course's solutions as the
// learner's components it classifies as the reference does, each component matching alone and
// together; an attention without the 1/sqrt(d_k) scale is named from the block on. A digit drawn
// anywhere on the canvas, at any size, is made into MNIST's framing.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Matrix, Tensor3 } from '../../../engine/types.ts';
import { vitClassify } from '../../../engine/vision.ts';
import { readGolden, readWeights } from '../../../exercises/capstone/files.ts';
import { tinyVitFrom } from '../../../exercises/capstone/weights.ts';
import { VIT_COMPONENTS } from '../../../components/capstone/vit-components.ts';
import { clsAttention, composedVit, composeParts, layerDifferences, probabilities, type VitParts } from '../../../components/capstone/vit-compose.ts';
import { checkVit } from '../../../components/capstone/vit-check.ts';
import { describeCheck } from '../../../components/capstone/component-check.ts';
import { DIGIT_SIZE, mnistImage } from '../../../components/capstone/digit-image.ts';
import { freezeDeep, type LearnerModule } from '../../../components/capstone/learner-realm.ts';
import { composeInNode, moduleOf as componentModule, solutionOf } from './compose-in-node.ts';

const model = freezeDeep(tinyVitFrom(readWeights('tiny-vit'))); // as the worker does once learner code may run
const golden = readGolden<{ images: Tensor3[]; labels: number[]; logits: number[][] }>('tiny-vit');
const argmax = (v: number[]) => v.indexOf(Math.max(...v));
const moduleOf = (exerciseId: string, code?: string): LearnerModule => componentModule(VIT_COMPONENTS.find((c) => c.exerciseId === exerciseId)!, code);
const compose = (modules: LearnerModule[]) => composeInNode<VitParts>(modules, VIT_COMPONENTS.map((c) => c.functionName), composeParts);

describe('TinyViT from reference parts', () => {
  it('is the engine network and the golden logits, and reads the CLS row', () => {
    const parts = composeParts({});
    for (let i = 0; i < golden.images.length; i++) {
      const got = composedVit(golden.images[i], model, parts).logits;
      const engine = vitClassify(golden.images[i], model);
      for (let k = 0; k < 10; k++) {
        expect(Math.abs(got[k] - engine[k])).toBeLessThan(1e-9);
        expect(Math.abs(got[k] - golden.logits[i][k])).toBeLessThan(1e-5);
      }
    }
    expect(layerDifferences(golden.images[0], model, parts).every((l) => l.maxAbsDiff === 0)).toBe(true);
  });

  it('gives probabilities that sum to 1, and each head a CLS attention over the 16 patches that sums to at most 1', () => {
    const p = probabilities(golden.logits[0]);
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(argmax(p)).toBe(argmax(golden.logits[0]));
    const att = clsAttention(composedVit(golden.images[0], model, composeParts({})).embeddings, model);
    expect(att).toHaveLength(model.numHeads);
    for (const head of att) {
      expect(head).toHaveLength(16);
      const s = head.reduce((a, b) => a + b, 0);
      expect(s).toBeGreaterThan(0);
      expect(s).toBeLessThanOrEqual(1 + 1e-12); // the CLS token's weight on itself is left out
    }
  });
});

describe("the course's solutions as the learner's components", () => {
  let composed: Awaited<ReturnType<typeof compose>>;
  beforeAll(async () => {
    composed = await compose(VIT_COMPONENTS.map((c) => moduleOf(c.exerciseId)));
  });

  it('each match the reference alone and together, and classify every sample as the reference does', () => {
    expect(composed.learner.problems).toEqual([]);
    const report = checkVit(golden.images[3], model, composed.mine, VIT_COMPONENTS, composed.use);
    expect(report.components).toHaveLength(VIT_COMPONENTS.length);
    for (const c of report.components) {
      expect(c.error, c.name).toBeUndefined();
      expect(describeCheck(c).differs, `${c.name}: ${describeCheck(c).text}`).toBe(false);
    }
    expect(report.combined!.map((l) => l.layer)).toEqual(['patch tokens', 'embeddings', 'block', 'logits']);
    const parts = composeParts(composed.mine);
    composed.use(parts);
    for (let i = 0; i < golden.images.length; i++) expect(argmax(parts.vitClassify(golden.images[i], model))).toBe(argmax(golden.logits[i]));
  });

  it('an attention without the scale is named from the block on', async () => {
    const unscaled = solutionOf('attention/scaled-dot-product').replace('s / Math.sqrt(dk)', 's');
    const { mine, use } = await compose([moduleOf('attention/scaled-dot-product', unscaled)]);
    const [att] = checkVit(golden.images[0], model, mine, VIT_COMPONENTS, use).components;
    const by = Object.fromEntries(att.layers!.map((l) => [l.layer, l.maxAbsDiff]));
    expect(by['embeddings']).toBe(0);
    expect(by['block']).toBeGreaterThan(1e-3);
    expect(describeCheck(att).text).toMatch(/^differs from the reference: largest \|difference\| patch tokens 0\.00e\+0, embeddings 0\.00e\+0, block [\d.e+-]+, logits [\d.e+-]+$/);
  });
});

describe('a drawn digit, as MNIST frames it', () => {
  const canvas = (draw: (x: number, y: number) => boolean): Matrix => Array.from({ length: 280 }, (_, y) => Array.from({ length: 280 }, (_, x) => (draw(x, y) ? 1 : 0)));

  it('is nothing when nothing is drawn', () => {
    expect(mnistImage(canvas(() => false))).toBeNull();
  });

  it('fits the ink in 20 x 20 with its centre of mass at the centre, wherever and however large it was drawn', () => {
    for (const [x0, size] of [[10, 40], [150, 120], [0, 279]]) {
      const square = mnistImage(canvas((x, y) => x >= x0 && x < x0 + size && y >= x0 && y < x0 + size))!;
      expect(square).toHaveLength(1);
      const img = square[0];
      expect(img).toHaveLength(DIGIT_SIZE);
      const rows = img.map((r) => r.some((v) => v > 0.5));
      const cols = img[0].map((_, x) => img.some((r) => r[x] > 0.5));
      expect(rows.filter(Boolean).length).toBe(20);
      expect(cols.filter(Boolean).length).toBe(20);
      expect(rows.indexOf(true)).toBe(4); // 4 + 20 + 4: centred
      expect(cols.indexOf(true)).toBe(4);
    }
  });

  it('keeps a tall stroke tall: a "1" is a 20-pixel line, not a square', () => {
    const one = mnistImage(canvas((x, y) => x >= 130 && x < 150 && y >= 40 && y < 240))![0];
    const rows = one.filter((r) => r.some((v) => v > 0.2)).length;
    const cols = one[0].filter((_, x) => one.some((r) => r[x] > 0.2)).length;
    expect(rows).toBe(20);
    expect(cols).toBeLessThanOrEqual(3);
    const p = probabilities(composeParts({}).vitClassify([one], model));
    expect(argmax(p)).toBe(1);
  });
});
