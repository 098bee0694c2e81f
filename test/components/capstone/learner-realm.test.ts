// The learner's own functions running TinyGPT's real weights, as the capstone worker runs them:
// their modules in one locked-down realm (a node:vm context here, the Web Worker's scope in the
// browser), each component checked alone against the reference, then all together. The course's
// model solutions compose into the reference model to rounding; an attention without the
// 1/sqrt(d_k) scale is named with how far off each layer is; a failure is pinned on the component
// whose code failed, even when it was called inside another learner function.
import { beforeAll, describe, expect, it } from 'vitest';
import { readWeights } from '../../../exercises/capstone/files.ts';
import { tinyGptFrom } from '../../../exercises/capstone/weights.ts';
import { GPT_COMPONENTS } from '../../../components/capstone/gpt-components.ts';
import { composeParts, type GptParts } from '../../../components/capstone/gpt-compose.ts';
import { checkComponents } from '../../../components/capstone/gpt-check.ts';
import { describeCheck } from '../../../components/capstone/component-check.ts';
import { freezeDeep, type LearnerModule } from '../../../components/capstone/learner-realm.ts';
import { encodePrompt, sampleNext } from '../../../components/capstone/gpt-session.ts';
import { composeInNode, moduleOf as componentModule, solutionOf } from './compose-in-node.ts';

const { model, vocab, contextLength } = tinyGptFrom(readWeights('tiny-gpt'));
freezeDeep(model); // as the worker does once learner code may run
const PROMPT = encodePrompt('the attention of', vocab);
if (!PROMPT.ok) throw new Error(PROMPT.message);
const tokens = PROMPT.tokens;
const SAMPLING = { topK: 10, temperature: 0.8 };

const moduleOf = (exerciseId: string, code?: string): LearnerModule => componentModule(GPT_COMPONENTS.find((c) => c.exerciseId === exerciseId)!, code);
const compose = (modules: LearnerModule[]) => composeInNode<GptParts>(modules, GPT_COMPONENTS.map((c) => c.functionName), composeParts);

describe("the course's solutions as the learner's components", () => {
  let report: ReturnType<typeof checkComponents>;
  let composed: Awaited<ReturnType<typeof compose>>;

  beforeAll(async () => {
    composed = await compose(GPT_COMPONENTS.map((c) => moduleOf(c.exerciseId)));
    report = checkComponents(tokens, model, composed.mine, GPT_COMPONENTS, SAMPLING, composed.use);
  });

  it('load, every one of them', () => {
    expect(composed.learner.problems).toEqual([]);
    expect(Object.keys(composed.learner.functions).sort()).toEqual(GPT_COMPONENTS.map((c) => c.functionName).sort());
  });

  it('each match the reference alone, layer by layer, and the sampler draws the same tokens', () => {
    expect(report.components.map((c) => c.exerciseId)).toEqual(GPT_COMPONENTS.map((c) => c.exerciseId));
    for (const c of report.components) {
      expect(c.error).toBeUndefined();
      if (c.layers) for (const l of c.layers) expect(l.maxAbsDiff, `${c.name} at ${l.layer}`).toBeLessThan(1e-9);
      else expect(c.draws).toEqual([]);
      expect(describeCheck(c).differs).toBe(false);
    }
  });

  it('together give the reference model, and generate what the reference generates', () => {
    expect(report.combined!.map((l) => l.layer)).toEqual(['embeddings', 'block 1', 'block 2', 'logits']);
    for (const l of report.combined!) expect(l.maxAbsDiff).toBeLessThan(1e-9);
    const parts = composeParts(composed.mine);
    composed.use(parts);
    const theirs: number[] = [...tokens];
    const ours: number[] = [...tokens];
    for (const u of [0.3, 0.7, 0.05, 0.95]) {
      theirs.push(sampleNext(theirs, model, contextLength, SAMPLING, u, parts));
      ours.push(sampleNext(ours, model, contextLength, SAMPLING, u));
    }
    expect(theirs).toEqual(ours);
  });
});

describe('a component that is wrong', () => {
  it('an attention without the 1/sqrt(d_k) scale is named, with its difference per layer', async () => {
    const unscaled = solutionOf('attention/scaled-dot-product').replace('s / Math.sqrt(dk)', 's');
    const { mine, use } = await compose([moduleOf('attention/scaled-dot-product', unscaled), moduleOf('attention/multi-head')]);
    const report = checkComponents(tokens, model, mine, GPT_COMPONENTS, SAMPLING, use);
    const att = report.components.find((c) => c.exerciseId === 'attention/scaled-dot-product')!;
    expect(att.layers![0]).toEqual({ layer: 'embeddings', maxAbsDiff: 0 });
    expect(att.layers!.slice(1).every((l) => l.maxAbsDiff > 1e-3)).toBe(true);
    expect(describeCheck(att)).toMatchObject({ differs: true, text: expect.stringMatching(/^differs from the reference: largest \|difference\| embeddings 0\.00e\+0, block 1 [\d.e-]+, block 2 [\d.e-]+, logits [\d.e-]+$/) });
    // their multi-head attention is right: alone (with the reference attention inside) it matches
    const mha = report.components.find((c) => c.exerciseId === 'attention/multi-head')!;
    expect(Math.max(...mha.layers!.map((l) => l.maxAbsDiff))).toBeLessThan(1e-9);
    // together, the unscaled attention runs inside their multi-head attention
    expect(report.combined![1].maxAbsDiff).toBeCloseTo(att.layers![1].maxAbsDiff, 9);
  });

  it('a throw inside their attention is pinned on attention, not on the multi-head attention that called it', async () => {
    const throwing = 'export function attention(Q: Matrix, K: Matrix, V: Matrix, mask?: Mask): Matrix { throw new Error("not yet"); }';
    const { mine, use } = await compose([moduleOf('attention/scaled-dot-product', throwing), moduleOf('attention/multi-head')]);
    const report = checkComponents(tokens, model, mine, GPT_COMPONENTS, SAMPLING, use);
    const byId = Object.fromEntries(report.components.map((c) => [c.exerciseId, c]));
    expect(byId['attention/scaled-dot-product'].error).toMatch(/^your Scaled dot-product attention threw Error: not yet/);
    // alone, their multi-head attention calls the reference attention and is fine
    expect(byId['attention/multi-head'].error).toBeUndefined();
    expect(report.combined).toBeNull();
    // in the mix, the failure surfaces through their multi-head attention, still named as attention's
    use(composeParts(mine));
    expect(() => composeParts(mine).encoderBlock(model.tokenEmbedding.slice(0, 3), model.blocks[0], model.numHeads)).toThrow(/your Scaled dot-product attention threw/);
  });

  it('a layer norm that writes into the weights it is given is named, and the weights are untouched', async () => {
    const writer = 'export function layerNorm(x: number[][], gamma: number[], beta: number[], eps: number): number[][] { gamma[0] = 0; return x; }';
    const { mine, use } = await compose([moduleOf('transformer/layer-norm', writer)]);
    const before = model.blocks[0].ln1.gamma[0];
    const [ln] = checkComponents(tokens, model, mine, GPT_COMPONENTS, SAMPLING, use).components;
    expect(ln.error).toMatch(/^your Layer norm threw TypeError: Cannot assign to read only property '0'/);
    expect(model.blocks[0].ln1.gamma[0]).toBe(before);
  });

  it('a module that does not load runs the reference, and says why', async () => {
    const { learner } = await compose([moduleOf('transformer/layer-norm', 'export function layerNormal() { return []; }')]);
    expect(learner.functions).toEqual({});
    expect(learner.problems.map((p) => [p.exerciseId, p.message])).toEqual([['transformer/layer-norm', expect.stringMatching(/^your Layer norm did not load: .*layerNorm/)]]);
  });

  it('a sampler that answers what is not a token id stops generation with what it answered', async () => {
    const { mine, use } = await compose([moduleOf('llm/top-k-sample', 'export function sampleTopK(logits: number[], k: number, t: number, u: number): number { return 0.5; }')]);
    const report = checkComponents(tokens, model, mine, GPT_COMPONENTS, SAMPLING, use);
    expect(describeCheck(report.components[0])).toMatchObject({ differs: true, text: expect.stringMatching(/^draws another token than the reference at 7 of 7 test draws \(u = 0.001: token 0.5/) });
    const parts = composeParts(mine);
    use(parts);
    expect(() => sampleNext(tokens, model, contextLength, SAMPLING, 0.5, parts)).toThrow(/the sampler answered 0.5, not a token id from 0 to 45/);
  });
});
