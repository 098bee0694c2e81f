// The exercise view for instructors (every case with its inputs, the solution, the misconceptions,
// the version history) and "try any code" through the real grader.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../../support/database.ts';
import { syncCatalog } from '../../../lib/catalog-sync.ts';
import { RateLimiter } from '../../../lib/rate-limit.ts';
import { SandboxPool } from '../../../grader/pool.ts';
import { grade } from '../../../grader/grade.ts';
import { exerciseVersion, readExerciseFile } from '../../../exercises/files.ts';
import { listExercises } from '../../../exercises/catalog.ts';
import { exerciseDetail, instructorCatalog, PREVIEW_SEED, tryCode } from '../../../lib/instructor/exercises.ts';
import { makeCohort, makeUser } from './support.ts';

const EX = 'attention/scaled-dot-product';
let t: TestDatabase;
let pool: SandboxPool;

beforeAll(async () => {
  t = await freshDatabase();
  await syncCatalog(t.db);
  pool = new SandboxPool({ size: 1 });
  await pool.ready();
});
afterAll(async () => {
  await pool?.close();
  await t?.drop();
});

describe('instructorCatalog', () => {
  it('lists every exercise in curriculum order with its current version', async () => {
    const teacher = await makeUser(t.db, 'instructor');
    const rows = await instructorCatalog(t.db, teacher);
    expect(rows.map((r) => r.id)).toEqual(listExercises().map((e) => e.id));
    expect(rows.find((r) => r.id === EX)).toMatchObject({ title: 'Scaled dot-product attention', module: 'attention', moduleTitle: 'Attention', functionName: 'attention', version: exerciseVersion(EX) });
  });
});

describe('exerciseDetail', () => {
  it('shows prompt, solution, visible and hidden cases with inputs, misconceptions and versions', async () => {
    const teacher = await makeUser(t.db, 'instructor');
    const s = await makeUser(t.db, 'student');
    await makeCohort(t.db, teacher, [s]);
    const current = exerciseVersion(EX);
    await t.db.exerciseVersion.create({ data: { exerciseId: EX, contentVersion: 'older00000', firstSeenAt: new Date('2020-01-01T00:00:00Z') } });
    await t.db.submission.create({ data: { userId: s.id, exerciseId: EX, exerciseVersion: 'older00000', kind: 'submit', code: '', seed: 'x', status: 'graded', score: 1, maxScore: 10, verdict: {}, gradedAt: new Date() } });

    const d = await exerciseDetail(t.db, teacher, EX);
    expect(d.solution).toBe(readExerciseFile(EX, 'solution.ts'));
    expect(d.starter).toBe(readExerciseFile(EX, 'starter.ts'));
    expect(d.promptHtml).toContain('class="katex');
    expect(d.seed).toBe(PREVIEW_SEED);
    expect(d.casesError).toBeNull();
    const visible = d.cases.filter((c) => c.visible);
    const hidden = d.cases.filter((c) => !c.visible);
    expect(visible.length).toBeGreaterThan(0);
    expect(hidden.length).toBeGreaterThan(0);
    for (const c of hidden) {
      expect(Array.isArray(c.args)).toBe(true);
      expect(c.expected).toBeDefined();
    }
    expect(d.misconceptions.map((m) => m.id)).toContain('missing-scale');
    expect(d.versions).toEqual([
      { version: current, firstSeenAt: expect.any(Date), current: true, submissions: 0 },
      { version: 'older00000', firstSeenAt: new Date('2020-01-01T00:00:00Z'), current: false, submissions: 1 },
    ]);
    // a student's seed gives that student's hidden inputs; the visible ones are everyone's
    const theirs = await exerciseDetail(t.db, teacher, EX, { seed: 'student-seed-1' });
    expect(theirs.cases.filter((c) => c.visible)).toEqual(visible);
    expect(theirs.cases.filter((c) => !c.visible)).not.toEqual(hidden);
  });

  it('is a 404 for an exercise not in the catalog', async () => {
    const teacher = await makeUser(t.db, 'instructor');
    await expect(exerciseDetail(t.db, teacher, '../../etc/passwd')).rejects.toMatchObject({ status: 404 });
  });
});

describe('tryCode', () => {
  it('grades any code on every case with the real grader, and shows the hidden inputs beside the verdict', async () => {
    const teacher = await makeUser(t.db, 'instructor');
    const ok = await tryCode(t.db, teacher, { exerciseId: EX, code: readExerciseFile(EX, 'solution.ts') }, { grader: { grade, pool } });
    expect(ok.verdict).toMatchObject({ exerciseId: EX, status: 'passed', exerciseVersion: exerciseVersion(EX) });
    expect(ok.verdict.score).toBe(ok.verdict.maxScore);
    expect(ok.cases.map((c) => c.name)).toEqual(ok.verdict.cases.map((c) => c.name));
    const unscaled = 'export function attention(Q: number[][], K: number[][], V: number[][], mask?: boolean[][]): number[][] {\n' +
      '  const s = Q.map((q) => K.map((k, j) => q.reduce((a, x, i) => a + x * k[i], 0)));\n' +
      '  const m = s.map((r, i) => r.map((v, j) => (mask && !mask[i][j] ? -Infinity : v)));\n' +
      '  const w = m.map((r) => { const mx = Math.max(...r); const e = r.map((v) => Math.exp(v - mx)); const z = e.reduce((a, b) => a + b, 0); return e.map((v) => v / z); });\n' +
      '  return w.map((r) => V[0].map((_, c) => r.reduce((a, x, j) => a + x * V[j][c], 0)));\n}\n';
    const bad = await tryCode(t.db, teacher, { exerciseId: EX, code: unscaled, seed: 'abc' }, { grader: { grade, pool } });
    expect(bad.seed).toBe('abc');
    expect(bad.verdict.status).toBe('failed');
    expect(bad.verdict.cases.some((c) => c.misconception?.id === 'missing-scale')).toBe(true);
    expect(await t.db.submission.count()).toBe(1); // the one from the test above: trying records nothing
  });

  it('refuses empty code and too many tries with a message', async () => {
    const teacher = await makeUser(t.db, 'instructor');
    await expect(tryCode(t.db, teacher, { exerciseId: EX, code: '  ' }, { grader: { grade, pool } })).rejects.toThrow('Your code is empty.');
    const limiter = new RateLimiter(t.db, 'try-code-test', { limit: 1, windowMs: 60_000 });
    await tryCode(t.db, teacher, { exerciseId: EX, code: 'export const x = 1;' }, { grader: { grade, pool }, limiter });
    await expect(tryCode(t.db, teacher, { exerciseId: EX, code: 'export const x = 1;' }, { grader: { grade, pool }, limiter })).rejects.toThrow(/Too many tries in a minute/);
  });
});
