// grade(): one test per verdict kind, each through a real isolate in a real worker process.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareCases } from '../../grader/cases.ts';
import { grade, type GradableExercise } from '../../grader/grade.ts';
import { SandboxPool } from '../../grader/pool.ts';
import type { Verdict } from '../../grader/verdict.ts';
import { attentionExercise, CORRECT_ATTENTION, maskExercise } from './fixtures/attention.ts';
import { CORRECT_DOT, dotExercise } from './fixtures/dot.ts';

let pool: SandboxPool;
beforeAll(async () => {
  pool = new SandboxPool({ size: 2 });
  await pool.ready();
});
afterAll(() => pool.close());

const quick: GradableExercise = { ...dotExercise, timeLimitMs: { perCase: 300, total: 1500 } };
const run = (code: string, exercise: GradableExercise = dotExercise, options = {}) => grade(exercise, code, { pool, ...options });
const kinds = (v: Verdict) => v.cases.map((c) => c.kind);

describe('a correct submission', () => {
  it('passes every case with full score and shows visible inputs, expected and actual', async () => {
    const v = await run(CORRECT_DOT);
    expect(v).toMatchObject({ exerciseId: 'test/dot', status: 'passed', score: 10, maxScore: 10 });
    expect(v.cases).toHaveLength(5);
    expect(v.cases[0]).toEqual({
      name: 'three entries', visible: true, passed: true, points: 2, kind: 'passed', message: 'passed',
      input: [[1, 2, 3], [4, 5, 6]], expected: 32, actual: 32,
    });
    // hidden cases say only that they passed
    expect(v.cases[2]).toEqual({ name: 'random 5', visible: false, passed: true, points: 2, kind: 'passed', message: 'passed' });
    expect(v.cpuMs).toBeGreaterThan(0);
    expect(v.wallMs).toBeGreaterThan(0);
  });

  it('may use the granted engine helpers as globals', async () => {
    const v = await run(CORRECT_ATTENTION, attentionExercise);
    expect(v.status).toBe('passed');
    expect(v.score).toBe(12);
  });

  it('may export a const arrow function and helper functions', async () => {
    const v = await run('const mul = (x: number, y: number) => x * y;\nexport const dot = (a: number[], b: number[]) => a.reduce((s, x, i) => s + mul(x, b[i]), 0);');
    expect(v.status).toBe('passed');
  });
});

describe('wrong answers', () => {
  it('wrong: names the worst element and the matching misconception', async () => {
    const v = await run('export function dot(a: number[], b: number[]) { return a.reduce((s, x, i) => s + x + b[i], 0); }');
    expect(v.status).toBe('failed');
    expect(v.score).toBe(0);
    expect(v.cases[0]).toMatchObject({
      kind: 'wrong',
      message: 'output is 21, expected 32 (off by 1.10e+1)',
      worst: { path: 'output', expected: 32, actual: 21, absError: 11 },
      misconception: { id: 'sum-of-sums', title: 'adding the entries instead of multiplying them' },
      actual: 21,
    });
    // hidden: kind, a fixed message and the authored misconception, nothing about the data
    expect(v.cases[2]).toEqual({
      name: 'random 5', visible: false, passed: false, points: 0, kind: 'wrong', message: 'wrong values on this hidden case',
      misconception: expect.objectContaining({ id: 'sum-of-sums' }),
    });
  });

  it('wrong on some cases only: partial credit per case', async () => {
    const v = await run('export function dot(a: number[], b: number[]) { let s = 0; for (let i = 0; i < a.length; i++) s += a[i] * b[i]; return a.length === 1 ? s + 1 : s; }');
    expect(v.status).toBe('failed');
    expect(kinds(v)).toEqual(['passed', 'passed', 'passed', 'passed', 'wrong']);
    expect(v.score).toBe(8);
    expect(v.cases.map((c) => c.points)).toEqual([2, 2, 2, 2, 0]);
  });

  it('misconception on a matrix output (attention without the scale)', async () => {
    const v = await run('export function attention(Q: number[][], K: number[][], V: number[][], mask?: boolean[][]) {\n  const s = matmul(Q, transpose(K)).map((r, i) => r.map((x, j) => (mask && !mask[i][j] ? -Infinity : x)));\n  return matmul(softmax(s), V);\n}', attentionExercise);
    expect(v.cases.every((c) => c.kind === 'wrong' && c.misconception?.id === 'no-scale')).toBe(true);
    expect(v.cases[0].message).toMatch(/^\d+ of 15 entries off; worst at output\[\d\]\[\d\]: expected/);
  });

  it('shape: a transposed result', async () => {
    const v = await run(`${CORRECT_ATTENTION.replace('export function attention', 'function inner')}\nexport function attention(Q: number[][], K: number[][], V: number[][], mask?: boolean[][]) { return transpose(inner(Q, K, V, mask)); }`, attentionExercise);
    expect(v.cases[0]).toMatchObject({ kind: 'shape', message: 'got 5 x 3, expected 3 x 5: transposed?' });
    expect(v.cases[2]).toMatchObject({ kind: 'shape', message: 'the output has the wrong shape on this hidden case' });
  });

  it('type: a string where a number is expected', async () => {
    const v = await run('export function dot(a: number[], b: number[]) { return String(a[0] * b[0]); }');
    expect(v.cases[0]).toMatchObject({ kind: 'type', message: 'output is a string, expected a number', actual: '4' });
  });

  it('nan: NaN and Infinity survive the copy out of the sandbox, are reported, and stay readable in JSON', async () => {
    const v = await run('export function attention(Q: number[][], K: number[][], V: number[][]) { return Q.map(() => V[0].map((_, j) => (j === 0 ? NaN : Infinity))); }', attentionExercise);
    expect(v.cases[0]).toMatchObject({ kind: 'nan', message: 'output[0][0] is NaN (15 entries are not finite numbers)' });
    expect(v.cases[0].actual).toEqual([['NaN', 'Infinity', 'Infinity', 'Infinity', 'Infinity'], expect.any(Array), expect.any(Array)]);
    expect(JSON.parse(JSON.stringify(v))).toEqual(v);
  });

  it('exact exercises: the first differing entry', async () => {
    const v = await run('export function attentionMask(n: number, valid: number, causal: boolean) { return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => j < valid && (!causal || j < i))); }', maskExercise);
    expect(v.cases[0]).toMatchObject({
      kind: 'wrong',
      message: '3 of 16 entries differ; the first is output[0][0] is false, expected true',
      misconception: { id: 'strict-causal' },
    });
    expect(v.cases[0].worst).toBeUndefined();
  });
});

describe('runtime problems', () => {
  it('mutated: says which input changed and how', async () => {
    const v = await run('export function dot(a: number[], b: number[]) { a.sort(); let s = 0; for (let i = 0; i < a.length; i++) s += a[i] * b[i]; return s; }');
    expect(v.cases[1]).toMatchObject({ kind: 'mutated', message: expect.stringContaining('argument 1[0] was 1, now -2') });
    expect(v.cases[0].kind).toBe('passed'); // already sorted: nothing changed
  });

  it('threw: the learner message and line on visible cases only', async () => {
    const v = await run('export function dot(a: number[], b: number[]) {\n  if (a.length > 0) throw new RangeError(`bad ${a[0]}`);\n  return 0;\n}');
    expect(v.cases[0]).toMatchObject({ kind: 'threw', message: 'threw RangeError: bad 1 (line 2, column 27)' });
    expect(v.cases[2]).toMatchObject({ kind: 'threw', message: 'your function threw an error on this hidden case' });
  });

  it('timeout: per case, then the submission budget', async () => {
    const started = Date.now();
    const v = await run('export function dot(a: number[]) { if (a.length === 3) for (;;) {} return 0.25 * -2 + 1 * 0.5 + (a.length - 2); }', quick);
    expect(v.cases[0]).toMatchObject({ kind: 'timeout', message: 'took longer than 300 ms' });
    expect(v.cases[1].kind).not.toBe('timeout');
    expect(Date.now() - started).toBeLessThan(3000);
    const all = await run('export function dot() { for (;;) {} }', quick);
    expect(kinds(all)).toEqual(['timeout', 'timeout', 'timeout', 'timeout', 'timeout']);
    expect(all.cases[4].message).toBe('your function took longer than the time limit on this hidden case');
    expect(all.wallMs).toBeLessThan(1500 + 1000);
    expect(all.cpuMs).toBeGreaterThan(200); // threadCpuUsage: the loop really spun (loosely: shared cores)
  });

  it('memory: the case that exhausts the heap and every case after it', async () => {
    const v = await run('export function dot(a: number[]) { if (a.length === 2) { const keep = []; for (;;) keep.push(new Array(1e5).fill(a[0])); } return 32; }');
    expect(kinds(v)).toEqual(['passed', 'memory', 'memory', 'memory', 'memory']);
    expect(v.cases[1].message).toBe('ran out of memory (the limit is 128 MB)');
    expect(v.cases[2].message).toBe('your function ran out of memory on this hidden case');
  });

  it('invalid_output: a Promise, with the reason', async () => {
    const v = await run('export async function dot(a: number[], b: number[]) { return a[0] * b[0]; }');
    expect(v.cases[0]).toMatchObject({ kind: 'invalid_output', message: 'output is a Promise: the function must be synchronous (no async, no await)' });
    expect(v.cases[0].actual).toBeUndefined();
  });

  it('invalid_output: typed arrays, class instances and getters', async () => {
    const typed = await run('export function attention(Q: number[][]) { return Q.map((r) => new Float64Array(5)); }', attentionExercise);
    expect(typed.cases[0].message).toBe('output[0] is a Float64Array; return a plain array (Array.from converts it)');
    const instance = await run('class Box { v = 1 }\nexport function dot() { return new Box(); }');
    expect(instance.cases[0].message).toBe('output is an instance of Box; return plain arrays, objects and numbers');
    const getter = await run('export function dot() { return { get v() { return 32; } }; }');
    expect(getter.cases[0].message).toBe('output.v is a getter; return plain data');
  });
});

describe('module problems', () => {
  it('missing_export: names the expected export and what was found', async () => {
    const v = await run('export function Dot(a: number[], b: number[]) { return 0; }');
    expect(v.status).toBe('failed');
    expect(v.cases.every((c) => c.kind === 'missing_export')).toBe(true);
    expect(v.cases[0].message).toBe('expected `export function dot(...)` (your module exports: Dot)');
    const unexported = await run('function dot(a: number[], b: number[]) { return 0; }');
    expect(unexported.cases[3].message).toBe('expected `export function dot(...)` (your module exports nothing); `dot` is declared but not exported: add `export`');
    const notFunction = await run('export const dot = 32;');
    expect(notFunction.cases[0].message).toBe('`dot` is a number, not a function; expected `export function dot(...)` (your module exports: dot)');
  });

  it('compile_error: the learner line and column (1-based)', async () => {
    const v = await run('export function dot(a: number[], b: number[]): number {\n  let s = 0;\n  return s +;\n}');
    expect(v).toMatchObject({ status: 'compile_error', score: 0, cases: [], compileError: { message: 'Unexpected ";"', line: 3, column: 13 } });
  });

  it('compile_error: imports, with the granted helpers', async () => {
    const v = await run('\nimport { matmul } from "../engine/linalg.ts";\nexport const attention = () => matmul([[1]], [[1]]);', attentionExercise);
    expect(v.compileError).toEqual({
      message: 'imports are not available ("../engine/linalg.ts"); granted helpers are globals: matmul, transpose, softmax',
      line: 2,
      column: 1,
    });
    // type-only imports vanish with the types
    const typeOnly = await run(`import type { Matrix } from '../engine/types.ts';\n${CORRECT_ATTENTION}`, attentionExercise);
    expect(typeOnly.status).toBe('passed');
  });

  it('threw at load: every case says why, with the line', async () => {
    const v = await run('const table = null as any;\nconst first = table[0];\nexport function dot() { return first; }');
    expect(v.cases.every((c) => c.kind === 'threw')).toBe(true);
    expect(v.cases[4].message).toBe("the module threw while loading: TypeError: Cannot read properties of null (reading '0') (line 2, column 20)");
  });

  it('a helper the exercise does not grant is not defined', async () => {
    const v = await run('export function dot(a: number[], b: number[]) { return matmul([a], b.map((x) => [x]))[0][0]; }');
    expect(v.cases[0]).toMatchObject({ kind: 'threw', message: expect.stringContaining('ReferenceError: matmul is not defined') });
  });
});

describe('console', () => {
  it('is captured during module load and visible cases only, bounded', async () => {
    const v = await run('console.log("loaded", { x: [1, 2] });\nexport function dot(a: number[], b: number[]) { console.log("args", a, b); let s = 0; for (let i = 0; i < a.length; i++) s += a[i] * b[i]; return s; }');
    expect(v.status).toBe('passed');
    expect(v.console).toBe('loaded { x: [1, 2] }\nargs [1, 2, 3] [4, 5, 6]\nargs [1, -2] [0.5, 0.25]\n');
  });

  it('is cut at 64 KB', async () => {
    const v = await run(`export function dot(a: number[], b: number[]) { for (let i = 0; i < 5000; i++) console.log('x'.repeat(100)); return 32; }`);
    expect(v.console!.length).toBeLessThan(64 * 1024 + 200);
    expect(v.console).toMatch(/console output truncated at 65536 characters\n$/);
  });
});

describe('options', () => {
  it('visibleOnly runs the visible cases and scores over them', async () => {
    const v = await run(CORRECT_DOT, dotExercise, { visibleOnly: true });
    expect(v.cases.map((c) => c.visible)).toEqual([true, true]);
    expect(v.score).toBe(10);
  });

  it('a seed gives its own, reproducible hidden inputs; visible inputs are the same for everyone', () => {
    const ref = dotExercise.reference!;
    const a = prepareCases(dotExercise, ref, 'learner-a', false);
    const again = prepareCases({ ...dotExercise }, ref, 'learner-a', false);
    const b = prepareCases(dotExercise, ref, 'learner-b', false);
    expect(again.map((c) => c.args)).toEqual(a.map((c) => c.args));
    expect(b.slice(0, 2).map((c) => c.args)).toEqual(a.slice(0, 2).map((c) => c.args));
    expect(b[2].args).not.toEqual(a[2].args);
  });

  it('status error when the reference fails or the pool is gone, never blaming the learner', async () => {
    const broken: GradableExercise = { ...dotExercise, reference: () => { throw new Error('boom'); } };
    expect(await run(CORRECT_DOT, broken)).toMatchObject({ status: 'error', error: 'the reference failed on case "three entries": boom', cases: [] });
    const closed = new SandboxPool({ size: 1 });
    await closed.close();
    expect(await grade(dotExercise, CORRECT_DOT, { pool: closed })).toMatchObject({ status: 'error', error: 'the sandbox pool is closed' });
  });
});
