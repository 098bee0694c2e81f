// `npm run exercises:check` inside the test suite: the whole catalog passes every check, and the
// check itself catches the faults it exists for.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { createRng } from '../../engine/random.ts';
import { getExercise, type CatalogExercise } from '../../exercises/catalog.ts';
import { grade } from '../../grader/grade.ts';
import {
  checkExerciseGrading,
  checkExercises,
  checkExerciseStatic,
  literal,
  misconceptionSubmission,
} from '../../scripts/exercises-check.ts';

describe('exercises:check over the whole catalog', () => {
  it('finds no problem in any of the 37 exercises', { timeout: 600_000 }, async () => {
    const reports = await checkExercises();
    expect(reports).toHaveLength(37);
    expect(reports.filter((r) => !r.ok)).toEqual([]);
  });
});

describe('the check catches broken exercises', () => {
  const root = mkdtempSync(join(tmpdir(), 'exercises-check-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const folder = join(root, 'exercises', 'attention', 'scaled-dot-product');
  cpSync(join(import.meta.dirname, '../../exercises/attention/scaled-dot-product'), folder, { recursive: true });
  const sdpa = getExercise('attention/scaled-dot-product')!;
  const variant = (patch: Partial<CatalogExercise>): CatalogExercise => ({ ...sdpa, ...patch });

  it('passes the real exercise', async () => {
    expect((await checkExerciseStatic(sdpa, root)).problems).toEqual([]);
  });

  it('reports a misconception the hidden cases cannot tell from the reference', async () => {
    const same = { id: 'same', title: 'the reference itself', hint: 'nothing to see here', compute: sdpa.reference };
    const { problems } = await checkExerciseStatic(variant({ misconceptions: [same] }), root);
    expect(problems).toEqual(['misconception same: equals the reference on every hidden case for seeds 1, 2, 3, 4, 5, ...']);
  });

  it('reports case generation that ignores the rng it is given', async () => {
    const hiddenCases = () => sdpa.hiddenCases(createRng(Math.random()));
    const { problems } = await checkExerciseStatic(variant({ hiddenCases }), root);
    expect(problems).toContain('hiddenCases: the same seed gave different cases');
  });

  it('reports visible cases too big to read and arguments that break the signature', async () => {
    const big = Array.from({ length: 9 }, () => Array.from({ length: 8 }, () => 1));
    const visibleCases = () => [{ name: 'big', args: [big, big, big] }, { name: 'bad', args: [[[1, 2]], [[1, 2, 3]], [[1]]] }];
    const { problems } = await checkExerciseStatic(variant({ visibleCases }), root);
    expect(problems).toContain('visibleCases "big": args[0] holds 72 values, more than 64 is too much to read');
    expect(problems.some((p) => p.startsWith('visibleCases "bad": arguments break the curriculum signature'))).toBe(true);
  });

  it('reports a prompt formula KaTeX cannot render, an unknown figure, and a starter that does not type-check', async () => {
    writeFileSync(join(folder, 'prompt.md'), '# Attention\n\n$\\frac{1}{$\n');
    writeFileSync(join(folder, 'starter.ts'), 'export function attention(Q: Matrix): Vector {\n  return Q;\n}\n');
    let { problems } = await checkExerciseStatic(sdpa, root);
    expect(problems).toContain('figures: "causal-attention-weights" is defined but prompt.md never places it');
    expect(problems.some((p) => /^prompt\.md: line 3: KaTeX cannot render a formula/.test(p))).toBe(true);
    expect(problems.some((p) => /^starter\.ts: starter\.ts:2:3: error TS2322/.test(p))).toBe(true);
    writeFileSync(join(folder, 'prompt.md'), '# Attention\n\n::figure{name="nope"}\n');
    ({ problems } = await checkExerciseStatic(sdpa, root));
    expect(problems).toContain(
      'prompt.md: line 3: unknown figure "nope"; this exercise\'s figures.ts defines: causal-attention-weights',
    );
  });
});

describe('the grading steps catch what only the grader can see', () => {
  const sdpa = getExercise('attention/scaled-dot-product')!;

  it('report a solution that fails and a starter that passes', async () => {
    const s = await checkExerciseStatic(sdpa);
    const swapped = { ...s, starter: s.solution, solution: s.starter };
    const problems = await checkExerciseGrading(sdpa, swapped, grade);
    expect(problems[0]).toBe('starter.ts: graded "passed", expected "failed"');
    expect(problems[1]).toMatch(/^solution\.ts: does not pass for seed 1: 12 of 12 cases failed \("the worked example": wrong/);
  });

  it('report a misconception the grader never names (an earlier one with the same outputs wins)', async () => {
    const [first] = sdpa.misconceptions;
    const twin = { ...first, id: 'twin' };
    const ex = { ...sdpa, misconceptions: [first, twin] };
    const problems = await checkExerciseGrading(ex, await checkExerciseStatic(ex), grade);
    expect(problems).toEqual(['misconception twin: the grader does not name it when its outputs are submitted (seed 1, 2)']);
  });
});

describe('misconception submissions', () => {
  it('answer each case with the given output, NaN and -0 included', async () => {
    const source = misconceptionSubmission('dot', [
      { args: [[1], [2]], output: NaN },
      { args: [[3], [4]], output: -0 },
    ]);
    const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
    const mod = await import(`data:text/javascript,${encodeURIComponent(js)}`);
    expect(mod.dot([1], [2])).toBeNaN();
    expect(Object.is(mod.dot([3], [4]), -0)).toBe(true);
    expect(mod.dot([5], [6])).toBeUndefined();
  });

  it('keep NaN, Infinity and -0 apart in literals', () => {
    expect(literal([NaN, Infinity, -Infinity, -0, 0, 'a', true, null, { x: [1.5] }])).toBe('[NaN,Infinity,-Infinity,-0,0,"a",true,null,{"x":[1.5]}]');
  });
});
