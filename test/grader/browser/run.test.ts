// Run in the browser judges exactly as the server does. The browser's core runs here in Node (the
// worker's executor in its own vm realm, the page's session, grader/browser/), against grade() with
// the isolated-vm sandbox on the same visible cases: for built-in exercises the two Verdicts are
// equal (CPU and wall times aside) for correct, wrong, misconception-matching, NaN, wrong-shape,
// throwing and non-plain outputs, and the scratch case matches the server grading that case alone.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionResult } from '../../../grader/browser/session.ts';
import { prepareCases } from '../../../grader/cases.ts';
import { catalogExercise, grade, type GradableExercise } from '../../../grader/grade.ts';
import { misconceptionSubmission } from '../../../grader/misconception-submission.ts';
import { SandboxPool } from '../../../grader/pool.ts';
import type { Verdict } from '../../../grader/verdict.ts';
import { listExercises } from '../../../exercises/catalog.ts';
import { validateArgs } from '../../../engine/validate.ts';
import { runInNode } from './in-node.ts';

let pool: SandboxPool;
beforeAll(async () => {
  pool = new SandboxPool({ size: 2 });
  await pool.ready();
});
afterAll(() => pool.close());

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
const file = (id: string, name: string) => fs.readFileSync(path.join(ROOT, 'exercises', id, name), 'utf8');

async function onServer(id: string, code: string, exercise?: GradableExercise): Promise<Verdict> {
  return grade(exercise ?? (await catalogExercise(id))!, code, { visibleOnly: true, pool });
}

async function inBrowser(id: string, code: string, scratchArgs?: unknown[]): Promise<SessionResult> {
  return runInNode({ setup: { kind: 'builtin', exerciseId: id, version: (await catalogExercise(id))!.version }, code, scratchArgs });
}

function verdictOf(r: SessionResult): Verdict {
  if (r.kind !== 'verdict') throw new Error(`expected a verdict, got ${JSON.stringify(r)}`);
  return r.verdict;
}

/** A verdict without its timings, which no two runs share. */
function timeless(v: Verdict): Omit<Verdict, 'cpuMs' | 'wallMs'> {
  const { cpuMs: _c, wallMs: _w, ...rest } = v;
  return rest;
}

async function expectSameVerdict(id: string, code: string): Promise<Verdict> {
  const [server, browser] = await Promise.all([onServer(id, code), inBrowser(id, code)]);
  expect(timeless(verdictOf(browser))).toEqual(timeless(server));
  return server;
}

describe('every built-in exercise', () => {
  for (const e of listExercises()) {
    it(`${e.id}: the solution and the starter get the server's verdict`, async () => {
      expect((await expectSameVerdict(e.id, file(e.id, 'solution.ts'))).status).toBe('passed');
      expect((await expectSameVerdict(e.id, file(e.id, 'starter.ts'))).status).not.toBe('passed');
    });
  }

  it('every misconception, answered on the visible cases, gets the server verdict and the same hint', async () => {
    let named = 0;
    for (const e of listExercises()) {
      const cases = prepareCases(e, e.reference, 0, true);
      for (const m of e.misconceptions) {
        const answers = cases.map((c) => ({ args: c.args, output: m.compute(...structuredClone(c.args)) }));
        const server = await expectSameVerdict(e.id, misconceptionSubmission(e.functionName, answers));
        if (server.cases.some((c) => c.misconception?.id === m.id)) named++;
      }
    }
    // most misconceptions show on the visible cases already; the check is that both sides agree
    expect(named).toBeGreaterThan(40);
  });
});

describe('each kind of failure, worded as the server words it', () => {
  const DOT = 'foundations/dot-product';
  const MATMUL = 'foundations/matmul';
  const SOFTMAX = 'foundations/softmax';
  const sources: [string, string, string][] = [
    ['wrong values, with the worst element', DOT, 'export function dot(a: number[], b: number[]): number {\n  return a[0] * b[0];\n}\n'],
    ['a misconception (adding instead of multiplying)', DOT, 'export function dot(a: number[], b: number[]) { return a.reduce((s, x, i) => s + x + b[i], 0); }'],
    ['NaN in the output', SOFTMAX, 'export function softmax(x: number[][]): number[][] {\n  return x.map((row) => row.map(() => NaN));\n}\n'],
    ['the NaNs of a softmax without the max shift', SOFTMAX, 'export function softmax(x: number[][]): number[][] {\n  return x.map((row) => { const e = row.map((v) => Math.exp(v * 1000)); const s = e.reduce((a, b) => a + b, 0); return e.map((v) => v / s); });\n}\n'],
    ['the wrong shape', MATMUL, 'export function matmul(A: number[][], B: number[][]): number[][] {\n  return [[1]];\n}\n'],
    ['a transposed output', MATMUL, 'export function matmul(A: number[][], B: number[][]): number[][] {\n  const C = A.map((r) => B[0].map((_, j) => r.reduce((s, x, t) => s + x * B[t][j], 0)));\n  return C[0].map((_, j) => C.map((r) => r[j]));\n}\n'],
    ['a thrown error, at its line and column', DOT, 'export function dot(a: number[], b: number[]): number {\n  const n: number = a.length;\n    throw new RangeError(`bad ${n}`);\n}\n'],
    ['a thrown non-error', DOT, 'export function dot(): number {\n  throw { code: 7 };\n}\n'],
    ['a typed array', DOT, 'export function dot(a: number[]) { return new Float64Array(a) as unknown as number; }'],
    ['a Promise', DOT, 'export async function dot(a: number[], b: number[]) { return 1; }'],
    ['a getter', MATMUL, 'export function matmul(A: number[][]) { return [{ get 0() { return 1; } }] as unknown as number[][]; }'],
    ['a class instance', DOT, 'class N { v = 1 }\nexport function dot() { return new N() as unknown as number; }'],
    ['a function', DOT, 'export function dot() { return (() => 1) as unknown as number; }'],
    ['a cycle', MATMUL, 'export function matmul(A: number[][]) { const r: any[] = []; r.push(r); return r; }'],
    ['inputs changed in place', DOT, 'export function dot(a: number[], b: number[]): number {\n  a[0] = 99;\n  return a.reduce((s, x, i) => s + x * b[i], 0);\n}\n'],
    ['no export', DOT, 'function dot(a: number[], b: number[]) { return 0; }'],
    ['the wrong export', DOT, 'export function dotProduct(a: number[], b: number[]) { return 0; }'],
    ['an export that is not a function', DOT, 'export const dot = 3;'],
    ['an import', DOT, "import { dot as d } from 'engine';\nexport function dot(a: number[], b: number[]) { return d(a, b); }"],
    ['a module that throws while loading', DOT, 'const table: number[] = [];\nconsole.log("loading");\ntable.at(0)!.toFixed();\nexport function dot() { return 0; }'],
    ['console output of the module and the visible cases', DOT, 'console.log("module", { a: [1, 2] });\nexport function dot(a: number[], b: number[]) { console.log("case", a.length); return a.reduce((s, x, i) => s + x * b[i], 0); }'],
    ['several names in one export declaration', DOT, 'export const mul = (x: number, y: number) => x * y, dot = (a: number[], b: number[]) => a.reduce((s, x, i) => s + mul(x, b[i]), 0);'],
    ['a destructured export', DOT, 'const impl = { dot: (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i], 0) };\nexport const { dot } = impl;'],
    ['an enum and optional chaining', DOT, 'enum K { Zero }\nexport function dot(a: number[], b?: number[]) { return a.reduce((s, x, i) => s + x * (b?.[i] ?? K.Zero), 0); }'],
    ['a granted helper', 'attention/scaled-dot-product', file('attention/scaled-dot-product', 'solution.ts')],
  ];
  for (const [what, id, code] of sources) {
    it(what, async () => {
      await expectSameVerdict(id, code);
    });
  }

  it('a syntax error: the same line and column (each transpiler words its own message)', async () => {
    const at = (v: Verdict) => ({ status: v.status, line: v.compileError?.line, column: v.compileError?.column });
    for (const code of ['export function dot(a: number[], b: number[]) {\n  return a[0] * ;\n}\n', 'export function dot(a: number[] {\n  return 0;\n}\n', 'const x = 1;\n}\nexport function dot() { return x }', 'export function dot() {\n  return [1, 2;\n}\n']) {
      const [server, browser] = [await onServer('foundations/dot-product', code), verdictOf(await inBrowser('foundations/dot-product', code))];
      expect(at(browser)).toEqual(at(server));
      expect(server.status).toBe('compile_error');
    }
    // an unterminated string: the same line; sucrase points at its start, esbuild at the line's end
    const code = 'export function dot() {\n  return "abc;\n}\n';
    const [server, browser] = [await onServer('foundations/dot-product', code), verdictOf(await inBrowser('foundations/dot-product', code))];
    expect(browser.compileError).toMatchObject({ line: server.compileError!.line, column: 10 });
  });

  it('a throw on the first line points at it (the bootstrap\'s "use strict" prefix is not counted)', async () => {
    const v = await expectSameVerdict('foundations/dot-product', 'throw new Error("no");');
    expect(v.cases[0].message).toBe('the module threw while loading: Error: no (line 1, column 7)');
  });

  it('top-level await: the server message at its place', async () => {
    await expectSameVerdict('foundations/dot-product', 'const w = await Promise.resolve(1);\nexport function dot() { return w; }');
  });

  it('a TypeScript namespace, which sucrase cannot compile, goes to the server', async () => {
    const r = await inBrowser('foundations/dot-product', 'namespace M { export const k = 1 }\nexport function dot() { return M.k; }');
    expect(r).toMatchObject({ kind: 'server' });
  });
});

describe('the scratch case', () => {
  const ID = 'attention/scaled-dot-product';
  const scratchOnServer = async (code: string, args: unknown[]) => {
    const e = (await catalogExercise(ID))!;
    const alone: GradableExercise = { ...e, visibleCases: () => [{ name: 'Your case', args }], hiddenCases: () => [] };
    return (await onServer(ID, code, alone)).cases[0];
  };
  const args = [[[1, 2], [0, 1]], [[1, 0], [0, 1], [2, 2]], [[1, 1], [0, 2], [3, 0]]];

  it('beside the visible cases: the reference output, yours, and the server verdict on that case alone', async () => {
    const noScale = 'export function attention(Q: number[][], K: number[][], V: number[][]): number[][] {\n  const s = Q.map((q) => K.map((k) => q.reduce((a, x, i) => a + x * k[i], 0)));\n  const p = s.map((r) => { const m = Math.max(...r); const e = r.map((x) => Math.exp(x - m)); const t = e.reduce((a, b) => a + b, 0); return e.map((x) => x / t); });\n  return p.map((r) => V[0].map((_, j) => r.reduce((a, w, t) => a + w * V[t][j], 0)));\n}\n';
    const r = await inBrowser(ID, noScale, args);
    if (r.kind !== 'verdict') throw new Error(r.kind);
    expect(timeless(r.verdict)).toEqual(timeless(await onServer(ID, noScale)));
    expect(r.scratch?.verdict).toEqual(await scratchOnServer(noScale, args));
    expect(r.scratch?.verdict?.misconception?.id).toBe('missing-scale');
    expect(r.scratch?.expected).toEqual(r.scratch?.verdict?.expected);
    expect(r.scratch?.actual).toEqual(r.scratch?.verdict?.actual);
  });

  it('passes with the solution, and carries the console of its own run', async () => {
    const code = `${file(ID, 'solution.ts')}\nconsole.log('loaded');\n`;
    const r = await inBrowser(ID, code, args);
    if (r.kind !== 'verdict') throw new Error(r.kind);
    expect(r.scratch?.verdict).toEqual(await scratchOnServer(code, args));
    expect(r.scratch?.verdict?.passed).toBe(true);
    expect(r.scratch?.console).toBe('loaded\n');
  });

  it('arguments the reference rejects: its message, and the visible cases still run', async () => {
    const bad = [[[1, 2]], [[1, 2, 3]], [[1]]];
    const r = await inBrowser(ID, file(ID, 'solution.ts'), bad);
    if (r.kind !== 'verdict') throw new Error(r.kind);
    expect(r.verdict.status).toBe('passed');
    expect(r.scratch).toEqual({ args: bad, referenceError: validateArgs(ID, bad)!.message });
  });

  it('a module that fails to load fails the scratch case the same way', async () => {
    const code = 'throw new Error("no");\nexport function attention() { return []; }';
    const r = await inBrowser(ID, code, args);
    if (r.kind !== 'verdict') throw new Error(r.kind);
    expect(r.scratch?.verdict).toEqual(await scratchOnServer(code, args));
  });
});
