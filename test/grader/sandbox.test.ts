// The sandbox itself, in this process: one fresh isolate per submission, the bootstrap first,
// granted helpers only, nothing learner-made left over.
import { describe, expect, it } from 'vitest';
import { bundleHelpers } from '../../grader/helpers-bundle.ts';
import { Sandbox } from '../../grader/sandbox.ts';
import { BOOTSTRAP_SOURCE } from '../../grader/sandbox-bootstrap.ts';
import { encodeArgs } from '../../grader/args-codec.ts';
import type { SandboxJob } from '../../grader/sandbox-protocol.ts';

const job = (code: string, cases: unknown[][] = [[]], helpers: string[] = []): SandboxJob => ({
  code,
  functionName: 'f',
  helpers,
  cases: cases.map((args) => ({ args: encodeArgs(args), visible: true })),
  limits: { perCaseMs: 1000, totalMs: 5000, memoryMb: 64 },
});

describe('Sandbox', () => {
  it('has a bootstrap that is plain JavaScript source (no TypeScript, no transform artefacts)', () => {
    expect(() => new Function(`return ${BOOTSTRAP_SOURCE}`)).not.toThrow();
    expect(BOOTSTRAP_SOURCE).not.toMatch(/__name\(|\bcov_/);
  });

  it('gives every submission a fresh context: globals and top-level state do not survive', () => {
    const sandbox = new Sandbox({ helpersSource: '' });
    const code = 'globalThis.seen = (globalThis.seen ?? 0) + 1;\nlet calls = 0;\nexports.f = () => [globalThis.seen, ++calls];';
    const first = sandbox.run(job(code, [[], []]));
    const second = sandbox.run(job(code, [[]]));
    expect(first.cases.map((c) => c.status === 'ok' && c.value)).toEqual([[1, 1], [1, 2]]);
    expect(second.cases.map((c) => c.status === 'ok' && c.value)).toEqual([[1, 1]]);
  });

  it('grants only the named engine helpers, as globals', async () => {
    const sandbox = new Sandbox({ helpersSource: await bundleHelpers() });
    const code = 'exports.f = () => [typeof matmul, typeof softmax, typeof attention, typeof __attentionLabHelpers, matmul([[1, 2]], [[3], [4]])];';
    const outcome = sandbox.run(job(code, [[]], ['matmul', 'softmax']));
    expect(outcome.cases[0]).toEqual({ status: 'ok', value: ['function', 'function', 'undefined', 'undefined', [[11]]], mutated: null });
  });

  it('rebuilds matrices and masks inside the isolate and spots where they were changed', () => {
    const sandbox = new Sandbox({ helpersSource: '' });
    const args = [[[1, 2], [3, 4]], [[true, false]], { W: [[0.5]], b: [0.25] }, 2];
    const echo = sandbox.run(job('exports.f = (...a) => a;', [args]));
    expect(echo.cases[0]).toEqual({ status: 'ok', value: args, mutated: null });
    const matrix = sandbox.run(job('exports.f = (M) => { M[1][0] = 9; return 0; };', [args]));
    expect(matrix.cases[0]).toMatchObject({ mutated: 'argument 1[1][0] was 3, now 9' });
    const mask = sandbox.run(job('exports.f = (M, mask) => { mask[0][1] = true; return 0; };', [args]));
    expect(mask.cases[0]).toMatchObject({ mutated: 'argument 2[0][1] was false, now true' });
    const weights = sandbox.run(job('exports.f = (M, mask, w) => { w.b.push(1); delete w.W; return 0; };', [args]));
    expect(weights.cases[0]).toMatchObject({ mutated: 'argument 3.W was deleted' });
  });

  it('keeps -0, NaN and the infinities through the copy out', () => {
    const outcome = new Sandbox({ helpersSource: '' }).run(job('exports.f = () => [-0, NaN, Infinity, -Infinity, undefined];'));
    expect(outcome.cases[0]).toEqual({ status: 'ok', value: [-0, NaN, Infinity, -Infinity, undefined], mutated: null });
  });

  it('formats console values itself, without running getters', () => {
    const code = 'console.log("s", -0, 1n, Symbol("k"), null, undefined, [1, [2, [3, [4, [5]]]]], { get g() { throw new Error("ran"); }, f() {} }, new Float64Array(2), Array(200).fill(0));\nexports.f = () => 0;';
    const outcome = new Sandbox({ helpersSource: '' }).run(job(code));
    expect(outcome.console).toBe(
      `s -0 1n Symbol(k) null undefined [1, [2, [3, [4, [Array]]]]] { g: [Getter], f: [Function f] } Float64Array(2) [0, 0] [${Array(100).fill(0).join(', ')}, ... 100 more]\n`,
    );
  });
});
