// One exercise format: every built-in exercise, exported as a folder (imports rewritten to
// `attention-lab`) and renamed, loads as authored content and passes the authored rules on the
// same seeds (the grading rules are covered by exercises:check on the built-ins themselves).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exerciseIds } from '../../../engine/registry.ts';
import { builtinAsFolder } from '../../../lib/authoring/folders.ts';
import { checkAuthoredFiles, formatProblem } from '../../../grader/content/check.ts';
import { SandboxPool } from '../../../grader/pool.ts';

let pool: SandboxPool;
beforeAll(async () => {
  pool = new SandboxPool({ size: 2 });
  await pool.ready();
});
afterAll(() => pool.close());

describe('built-in exercises as folders', () => {
  it('all 37 pass the authored check once renamed', { timeout: 180_000 }, async () => {
    const failures: string[] = [];
    const check = async (id: string) => {
      const files = builtinAsFolder(id);
      expect(files['exercise.ts']).not.toMatch(/from '\.\.?\//);
      const copy = `copy-${id}`; // copy-<module>/<slug>
      const report = await checkAuthoredFiles({ ...files, 'exercise.ts': files['exercise.ts'].replace(`id: '${id}'`, `id: '${copy}'`) }, { pool, expectedId: copy, grading: false });
      if (!report.ok) failures.push(`${id}: ${report.problems.map(formatProblem).join('; ')}`);
    };
    const lanes = [0, 1].map(async (lane) => {
      for (const id of exerciseIds.filter((_, i) => i % 2 === lane)) await check(id);
    });
    await Promise.all(lanes);
    expect(failures).toEqual([]);
    expect(exerciseIds).toHaveLength(37);
  });
});
