// The catalog path: gradeById and the CLI on real exercises (exercises/<module>/<slug>/solution.ts).
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { gradeById, UnknownExerciseError } from '../../grader/grade.ts';
import { SandboxPool } from '../../grader/pool.ts';
import type { Verdict } from '../../grader/verdict.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const solution = (id: string) => `${root}exercises/${id}/solution.ts`;
const pool = new SandboxPool({ size: 1 });
afterAll(() => pool.close());

function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('npx', ['tsx', 'scripts/grade.ts', ...args], { cwd: root, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('gradeById', () => {
  it('grades a catalog exercise, stamped with its content version', async () => {
    const v = await gradeById('foundations/dot-product', readFileSync(solution('foundations/dot-product'), 'utf8'), { pool, seed: 42 });
    expect(v.status).toBe('passed');
    expect(v.exerciseVersion).toMatch(/^[0-9a-f]{12}$/);
  });

  it('recognises softmax without the max shift by the NaNs it produces on large logits', async () => {
    const naive = 'export function softmax(x: number[][]): number[][] {\n  return x.map((row) => { const e = row.map(Math.exp); const z = e.reduce((a, b) => a + b, 0); return e.map((v) => v / z); });\n}';
    const v = await gradeById('foundations/softmax', naive, { pool });
    const large = v.cases.find((c) => c.name === 'large logits')!;
    expect(large).toMatchObject({ kind: 'nan', misconception: { id: 'no-max-subtraction' } });
    expect(v.cases.filter((c) => !c.visible && c.kind === 'nan').every((c) => c.misconception?.id === 'no-max-subtraction')).toBe(true);
  });

  it('throws UnknownExerciseError for an id outside the catalog', async () => {
    await expect(gradeById('foundations/nope', 'export const x = 1;', { pool })).rejects.toBeInstanceOf(UnknownExerciseError);
  });
});

describe('scripts/grade.ts', () => {
  it('exits 0 and prints a readable report when every case passes', async () => {
    const { code, stdout } = await cli('attention/multi-head', solution('attention/multi-head'));
    expect(code).toBe(0);
    expect(stdout).toMatch(/^attention\/multi-head \(version [0-9a-f]{12}\)\nPASSED  score 15 \/ 15/);
  });

  it('exits 1 with the Verdict JSON when a case fails', async () => {
    const { code, stdout } = await cli('attention/multi-head', solution('attention/multi-head').replace('solution.ts', 'starter.ts'), '--json', '--seed', '3');
    expect(code).toBe(1);
    const verdict = JSON.parse(stdout) as Verdict;
    expect(verdict.status).not.toBe('passed');
    expect(verdict.exerciseId).toBe('attention/multi-head');
  });

  it('exits 2 for usage errors', async () => {
    const unknown = await cli('nope/nope', solution('attention/multi-head'));
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown exercise "nope/nope"');
    expect((await cli('attention/multi-head', '/no/such/file.ts')).code).toBe(2);
    expect((await cli('attention/multi-head')).code).toBe(2);
    expect((await cli('attention/multi-head', solution('attention/multi-head'), '--bogus')).code).toBe(2);
  });
});
