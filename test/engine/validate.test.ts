// Argument validation: every curriculum id accepts its golden cases and rejects broken ones with a
// message that names the argument and the expected shape.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { exerciseIds } from '../../engine/registry.ts';
import { parameterNames, validateArgs } from '../../engine/validate.ts';

const golden = JSON.parse(readFileSync(new URL('../fixtures/golden/cases.json', import.meta.url), 'utf8')) as Record<string, { name: string; args: unknown[] }[]>;

describe('validateArgs', () => {
  it.each([...exerciseIds])('%s: accepts the golden cases, rejects each argument replaced or missing', (id) => {
    for (const c of golden[id]) expect(validateArgs(id, c.args), c.name).toBeNull();
    const args = golden[id][0].args;
    const required = parameterNames(id).filter((p) => !p.endsWith('?')).length;
    for (let i = 0; i < args.length; i++) {
      const broken = [...args];
      broken[i] = typeof args[i] === 'string' ? 5 : 'oops';
      const problem = validateArgs(id, broken);
      expect(problem, `argument ${i + 1}`).not.toBeNull();
      expect(problem!.argument).toBe(i);
      expect(problem!.message).toMatch(new RegExp(`^argument ${i + 1} \\(${parameterNames(id)[i].replace('?', '')}`));
    }
    expect(validateArgs(id, args.slice(0, required - 1))?.message).toMatch(/^got \d+ arguments, expected/);
    expect(validateArgs(id, [...args, ...new Array(parameterNames(id).length + 1 - args.length).fill(0)])?.message).toMatch(/^got \d+ arguments/);
  });

  it('names nested parts and the dimension that disagrees', () => {
    const mha = structuredClone(golden['attention/multi-head'][0].args) as [unknown, unknown, { Wq: number[][] }, number];
    mha[2].Wq[1] = [...mha[2].Wq[1], 3];
    expect(validateArgs('attention/multi-head', mha)?.message).toBe('argument 3 (w.Wq[1]): length 5, expected d = 4; w.Wq should be a matrix d x d of numbers');
    const gpt = structuredClone(golden['llm/greedy-decode'][0].args) as [number[], { blocks: { ln2: { beta: unknown[] } }[] }, number];
    gpt[1].blocks[0].ln2.beta[2] = null;
    expect(validateArgs('llm/greedy-decode', gpt)?.message).toMatch(/^argument 2 \(model\.blocks\[0\]\.ln2\.beta\[2\]\): got null; model\.blocks\[0\]\.ln2\.beta should be a vector d/);
  });

  it('rejects ragged, empty and non-finite arrays', () => {
    expect(validateArgs('foundations/softmax', [[[1, 2], [3]]])?.message).toMatch(/\(x\[1\]\): length 1, expected m = 2/);
    expect(validateArgs('foundations/dot-product', [[], []])?.message).toMatch(/empty array/);
    expect(validateArgs('foundations/dot-product', [[1, Infinity], [1, 2]])?.message).toMatch(/\(a\[1\]\): got Infinity/);
    expect(validateArgs('foundations/dot-product', [[1, 2], [1, 2, 3]])?.message).toMatch(/\(b\): length 3, expected n = 2/);
  });

  it('checks the preconditions the curriculum states', () => {
    expect(validateArgs('attention/scaled-dot-product', [[[1]], [[1], [2]], [[1], [2]], [[false, false]]])?.message).toMatch(/row 0 of the mask allows no key/);
    expect(validateArgs('attention/masks', [3, 0, true])?.message).toMatch(/validLength/);
    expect(validateArgs('position/sinusoidal', [3, 5])?.message).toMatch(/dModel = 5 must be even/);
    expect(validateArgs('tokens/embedding-lookup', [[0, 3], [[1], [2], [3]]])?.message).toMatch(/ids\[1\] = 3 is outside 0 .. 2/);
    expect(validateArgs('tokens/mlm-loss', [[[1, 2]], [2]])?.message).toMatch(/labels\[0\] = 2 is neither -100 nor a class/);
    expect(validateArgs('llm/top-k-sample', [[1, 2], 3, 1, 0.5])?.message).toMatch(/k = 3 exceeds the 2 logits/);
    expect(validateArgs('llm/top-k-sample', [[1, 2], 1, 1, 1])?.message).toMatch(/argument 4 \(u\)/);
    expect(validateArgs('llm/next-token', [[1, 2], 0])?.message).toMatch(/argument 2 \(temperature\): got 0; expected a finite number > 0/);
    expect(validateArgs('vision/patchify', [[[[1, 2, 3]]], 2])?.message).toMatch(/patchSize 2 does not divide the 1 x 3 image/);
    expect(validateArgs('vision/conv2d', [[[[1]]], [[[[1, 1], [1, 1]]]], [0], 1, 0])?.message).toMatch(/kernel is larger than the padded/);
    expect(validateArgs('vision/vit-embeddings', [[[1]], [1], [[1]]])?.message).toMatch(/pos has 1 rows, expected N \+ 1 = 2/);
    expect(validateArgs('sam/point-prompts', [[[1, 1]], [2], [4, 4], [[1], [1]], { notAPoint: [0, 0], negative: [0, 0], positive: [0, 0] }, false])?.message).toMatch(/expected one of -1, 0, 1/);
    expect(validateArgs('sam/box-prompts', [[[0, 0, 1, 1]], [4, 4], [[1], [1]], { topLeft: [0, 0, 0], bottomRight: [0, 0, 0] }])?.message).toMatch(/expected 2F = 2|length 3, expected F2 = /);
    expect(validateArgs('nope/nope', [])?.message).toBe('unknown exercise id "nope/nope"');
  });
});
