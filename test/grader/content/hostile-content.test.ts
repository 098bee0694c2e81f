// Hostile authored code: an instructor's exercise runs only in its own isolate, under time and
// memory limits. Each attack must end as a clear problem of that exercise, and the grader must keep
// grading learners correctly (a built-in exercise graded right after still passes).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkAuthoredFiles, formatProblem } from '../../../grader/content/check.ts';
import { loadAuthoredExercise } from '../../../grader/content/exercise.ts';
import { grade } from '../../../grader/grade.ts';
import { SandboxPool } from '../../../grader/pool.ts';
import { CORRECT_DOT, dotExercise } from '../fixtures/dot.ts';
import { rmsNorm, withExercise, withReference } from './support.ts';

const limits = { perCallMs: 300, totalMs: 3000, memoryMb: 64 };
let pool: SandboxPool;
beforeAll(async () => {
  pool = new SandboxPool({ size: 2 });
  await pool.ready();
});
afterAll(() => pool.close());

/** The check's problems as text; a learner's submission graded alongside must still pass. */
async function problemsOf(files: Record<string, string>): Promise<string[]> {
  const [report, bystander] = await Promise.all([
    checkAuthoredFiles(files, { pool, limits, grading: false, expectedId: 'transformer-extras/rms-norm' }),
    grade(dotExercise, CORRECT_DOT, { pool }),
  ]);
  expect(bystander.status).toBe('passed');
  expect(report.ok).toBe(false);
  return report.problems.map(formatProblem);
}

describe('authored code is contained', () => {
  it('an endless loop in the reference is stopped at the time limit', async () => {
    const problems = await problemsOf(withReference('() => { while (true) {} }'));
    expect(problems.join('\n')).toMatch(/reference fails on "the worked example" \(visible\): reference on case "the worked example": took longer than 300 ms/);
  });

  it('unbounded allocation ends in a memory problem, not a dead host', async () => {
    const problems = await problemsOf(withReference('() => { const a: number[][] = []; for (;;) a.push(new Array(1e5).fill(1)); }'));
    expect(problems.join('\n')).toMatch(/ran out of memory \(the limit is 64 MB\)/);
  });

  it('process and require do not exist in the isolate', async () => {
    const p1 = await problemsOf(withReference('() => (globalThis as any).process.env'));
    expect(p1.join('\n')).toMatch(/reference fails on .*TypeError: Cannot read properties of undefined \(reading 'env'\)/);
    const p2 = await problemsOf(withExercise((s) => s.replace("export default", "const fs = require('node:fs');\nexport default")));
    expect(p2.join('\n')).toMatch(/^exercise\.ts:\d+:\d+: "node:fs" cannot be imported/m);
    const p3 = await problemsOf(withExercise((s) => s.replace("export default", "const req = (globalThis as any)['req' + 'uire'];\nreq('node:fs');\nexport default")));
    expect(p3).toEqual(['exercise.ts: loading the exercise: TypeError: req is not a function']);
    expect(typeof process.env).toBe('object'); // the host is untouched
  });

  it('an import of node:fs is refused with its file and line', async () => {
    const problems = await problemsOf(withExercise((s) => `import { readFileSync } from 'node:fs';\nconsole.log(readFileSync);\n${s}`));
    expect(problems).toContain('exercise.ts:1:30: "node:fs" cannot be imported: an exercise imports only from "attention-lab" and its own files');
  });

  it('npm packages and paths out of the folder are refused', async () => {
    const npm = await problemsOf(withExercise((s) => s.replace("from 'attention-lab';", "from 'attention-lab';\nimport pg from 'pg';\nconsole.log(pg);")));
    expect(npm.join('\n')).toMatch(/^exercise\.ts:2:\d+: "pg" cannot be imported/m);
    const out = await problemsOf(withExercise((s) => `import { references } from '../../../engine/registry.ts';\nconsole.log(references);\n${s}`));
    expect(out.join('\n')).toMatch(/^exercise\.ts:1:\d+: "\.\.\/\.\.\/\.\.\/engine\/registry\.ts" is outside the exercise folder/m);
  });

  it('a reference that poisons shared prototypes harms only its own exercise', async () => {
    const poisoned = withReference(`(x: Matrix) => {
      (Array.prototype as any).map = function () { return [42]; };
      (Object.prototype as any).polluted = true;
      (JSON as any).stringify = () => '"pwned"';
      return x;
    }`);
    const loaded = await loadAuthoredExercise(poisoned, { pool, limits });
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    const cases = await loaded.exercise.prepare(1, true);
    // the runtime read the output with its own captured intrinsics: the real input came back
    expect(cases[0].expected).toEqual([[1, 2, 2, 4]]);
    // nothing leaked into the host or into the learners' isolates
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect([1, 2].map((v) => v * 2)).toEqual([2, 4]);
    for (let i = 0; i < 3; i++) expect((await grade(dotExercise, CORRECT_DOT, { pool })).status).toBe('passed');
  });

  it('non-data outputs are refused with what they are', async () => {
    const fn = await problemsOf(withReference('() => () => 1'));
    expect(fn.join('\n')).toMatch(/the output is a function at the top level, not data/);
    const map = await problemsOf(withReference('() => new Map([[1, 2]])'));
    expect(map.join('\n')).toMatch(/not a plain object .*Map/);
    const getter = await problemsOf(withReference('() => ({ get x() { return 1; } })'));
    expect(getter.join('\n')).toMatch(/holds a getter "x"/);
  });

  it('an endless loop while the module loads is stopped', async () => {
    const problems = await problemsOf(withExercise((s) => s.replace('export default', 'while (Date.now() > 0) {}\nexport default')));
    expect(problems).toEqual(['exercise.ts: loading the exercise: took longer than 300 ms']);
  });

  it('a thrown object with a hostile toString is reported without running it', async () => {
    const problems = await problemsOf(withReference("() => { throw { toString() { while (true) {} }, get message() { while (true) {} } }; }"));
    expect(problems.join('\n')).toMatch(/reference fails on "the worked example" \(visible\): a thrown object/);
  });
});

describe('the example itself', () => {
  it('passes every rule, grading included', async () => {
    const report = await checkAuthoredFiles(rmsNorm, { pool, expectedId: 'transformer-extras/rms-norm' });
    expect(report.problems.map(formatProblem)).toEqual([]);
    expect(report.ok).toBe(true);
  });
});
