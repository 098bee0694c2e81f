// TinySAM on the learner's own components, as its worker runs them: the course's solutions in a
// locked-down realm compose into the trained segmenter to rounding, each alone and all together,
// over the prompt given and one of the other kind (the box encoder runs only for boxes); a
// prompt-image attention without its 1/sqrt(d_head) scale is named with how far off each stage is,
// and a point encoder that throws is named even though it was called inside their own code.
import { beforeAll, describe, expect, it } from 'vitest';
import type { SamPrompt } from '../../../engine/tiny-sam.ts';
import type { Matrix } from '../../../engine/types.ts';
import { readGolden, readWeights } from '../../../exercises/capstone/files.ts';
import { tinySamFrom } from '../../../exercises/capstone/weights.ts';
import { SAM_COMPONENTS } from '../../../components/capstone/sam-components.ts';
import { composedSam, composeParts, type SamParts } from '../../../components/capstone/sam-compose.ts';
import { checkSam, otherPrompt } from '../../../components/capstone/sam-check.ts';
import { describeCheck } from '../../../components/capstone/component-check.ts';
import { freezeDeep, type LearnerModule } from '../../../components/capstone/learner-realm.ts';
import { composeInNode, moduleOf as componentModule, solutionOf } from './compose-in-node.ts';

const model = freezeDeep(tinySamFrom(readWeights('tiny-sam'))); // as the worker does once learner code may run
const golden = readGolden<{ image: Matrix; prompt: SamPrompt }[]>('tiny-sam');
const image = [golden[0].image];
const prompt = golden[0].prompt;
const NAMES = SAM_COMPONENTS.map((c) => c.functionName);
const moduleOf = (exerciseId: string, code?: string): LearnerModule => componentModule(SAM_COMPONENTS.find((c) => c.exerciseId === exerciseId)!, code);
const compose = (modules: LearnerModule[]) => composeInNode<SamParts>(modules, NAMES, composeParts);

it('checks a point prompt against a box around it, and a box against a point at its centre', () => {
  expect(otherPrompt({ points: [[5, 6], [9, 30]], labels: [1, 0] }, 32)).toEqual({ box: [2, 3, 12, 31] });
  expect(otherPrompt({ box: [4, 4, 11, 20] }, 32)).toEqual({ points: [[8, 12]], labels: [1] });
});

describe("the course's solutions as the learner's components", () => {
  let composed: Awaited<ReturnType<typeof compose>>;
  beforeAll(async () => {
    composed = await compose(SAM_COMPONENTS.map((c) => moduleOf(c.exerciseId)));
  });

  it('each match the reference alone and all together, on points and on a box', () => {
    expect(composed.learner.problems).toEqual([]);
    const report = checkSam(image, prompt, model, composed.mine, SAM_COMPONENTS, composed.use);
    expect(report.components).toHaveLength(SAM_COMPONENTS.length);
    for (const c of report.components) {
      expect(c.error, c.name).toBeUndefined();
      for (const l of c.layers!) expect(l.maxAbsDiff, `${c.name} at ${l.layer}`).toBeLessThan(1e-9);
      expect(describeCheck(c).differs).toBe(false);
    }
    expect(report.combined!.map((l) => l.layer)).toEqual(['image tokens', 'prompt tokens', 'two-way queries', 'two-way keys', 'mask logits']);
    for (const l of report.combined!) expect(l.maxAbsDiff).toBeLessThan(1e-9);
  });

  it('segment as the reference does', () => {
    const parts = composeParts(composed.mine);
    composed.use(parts);
    const theirs = composedSam(image, prompt, model, parts).logits;
    const ours = composedSam(image, prompt, model, composeParts({})).logits;
    let worst = 0;
    for (let y = 0; y < ours.length; y++) for (let x = 0; x < ours[y].length; x++) worst = Math.max(worst, Math.abs(theirs[y][x] - ours[y][x]));
    expect(worst).toBeLessThan(1e-9);
  });
});

describe('a component that is wrong', () => {
  it('a prompt-image attention without its scale is named, with its difference per stage', async () => {
    const unscaled = solutionOf('sam/prompt-image-attention').replace('1 / Math.sqrt(dh)', '1');
    const { mine, use } = await compose([moduleOf('sam/prompt-image-attention', unscaled), moduleOf('sam/two-way-block')]);
    const report = checkSam(image, prompt, model, mine, SAM_COMPONENTS, use);
    const att = report.components.find((c) => c.exerciseId === 'sam/prompt-image-attention')!;
    const by = Object.fromEntries(att.layers!.map((l) => [l.layer, l.maxAbsDiff]));
    expect(by['image tokens']).toBe(0); // the image encoder runs before it
    expect(by['mask logits']).toBeGreaterThan(1e-3);
    expect(describeCheck(att).text).toMatch(/^differs from the reference: largest \|difference\| image tokens 0\.00e\+0, prompt tokens 0\.00e\+0, two-way queries [\d.e+-]+/);
    // their two-way block is right: alone (on the reference attention) it matches
    expect(Math.max(...report.components.find((c) => c.exerciseId === 'sam/two-way-block')!.layers!.map((l) => l.maxAbsDiff))).toBeLessThan(1e-9);
  });

  it('a throwing Fourier features is pinned on itself, though their point encoder called it', async () => {
    const throwing = 'export function fourierFeatures(coords: number[][], gaussian: number[][]): number[][] { throw new RangeError("no"); }';
    const { mine, use } = await compose([moduleOf('sam/fourier-features', throwing), moduleOf('sam/point-prompts')]);
    use(composeParts(mine));
    expect(() => composedSam(image, prompt, model, composeParts(mine))).toThrow(/^your Random Fourier features threw RangeError: no/);
  });
});
