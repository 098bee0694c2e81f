// Authored exercises on a real PostgreSQL, graded by the real worker step and the real sandbox:
// a failing draft cannot be published; a published version is immutable and content-hashed; a
// submission is graded with the version recorded on it; a new version is picked up by the next
// grading and by regrade with no restart; folders go in and out.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import type { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../../support/database.ts';
import { createAuthoredExercise, publishExercise, saveDraftFiles, AuthoringError, currentVersion } from '../../../lib/authoring/store.ts';
import { builtinAsFolder, exportableFiles, importExercise, writeExerciseFolder } from '../../../lib/authoring/folders.ts';
import { gradeSubmission } from '../../../lib/grading.ts';
import { GRADE_QUEUE, startQueue, type GradeJob } from '../../../lib/queue.ts';
import { createAssignments } from '../../../lib/instructor/assignments.ts';
import { requestRegrade } from '../../../lib/instructor/regrade.ts';
import { checkAuthoredFiles, formatProblem } from '../../../grader/content/check.ts';
import { readExerciseFolder } from '../../../grader/content/folder.ts';
import { SandboxPool } from '../../../grader/pool.ts';
import type { Verdict } from '../../../grader/verdict.ts';
import { rmsNorm } from '../../grader/content/support.ts';
import { makeCohort, makeUser } from '../instructor/support.ts';

const ID = 'transformer-extras/rms-norm';
const SOLUTION = rmsNorm['solution.ts'];
const EPS_OUTSIDE = SOLUTION.replace('Math.sqrt(meanSquare + eps)', 'Math.sqrt(meanSquare) + eps');

let t: TestDatabase;
let pool: SandboxPool;
let boss: PgBoss;
beforeAll(async () => {
  t = await freshDatabase();
  pool = new SandboxPool({ size: 1 });
  boss = await startQueue(t.url, { max: 3 });
  await pool.ready();
});
afterAll(async () => {
  await boss?.stop({ graceful: false, close: true }).catch(() => undefined);
  await pool?.close();
  await t?.drop();
});

/** A submit as the app records it: in the learner's cohort, under its assignment of the exercise. */
async function submit(userId: string, code: string, version: string, cohortId: string) {
  const assignment = await t.db.assignment.findUniqueOrThrow({ where: { cohortId_exerciseId: { cohortId, exerciseId: ID } } });
  return t.db.submission.create({ data: { userId, exerciseId: ID, exerciseVersion: version, kind: 'submit', code, seed: `seed-${userId}`, status: 'queued', cohortId, assignmentId: assignment.id } });
}

async function work(): Promise<void> {
  for (;;) {
    const jobs = await boss.fetch<GradeJob>(GRADE_QUEUE, { batchSize: 10 });
    if (jobs.length === 0) return;
    for (const job of jobs) {
      await gradeSubmission(t.db, pool, job.data.submissionId);
      await boss.complete(GRADE_QUEUE, job.id);
    }
  }
}

describe('authored exercises', () => {
  it('refuses ids that are not kebab <module>/<slug> or belong to the built-in course', async () => {
    await expect(createAuthoredExercise(t.db, { id: 'Foo/bar', ownerId: null, files: rmsNorm })).rejects.toThrow(/not an exercise id/);
    await expect(createAuthoredExercise(t.db, { id: 'foundations/softmax', ownerId: null, files: rmsNorm })).rejects.toThrow(/is a built-in exercise/);
  });

  it('publishes only a draft that passes its check, then versions it, grades with it and regrades onto the next', async () => {
    const teacher = await makeUser(t.db, 'instructor');
    const ada = await makeUser(t.db, 'student', 'Ada');
    await createAuthoredExercise(t.db, { id: ID, ownerId: teacher.id, files: { ...rmsNorm, 'solution.ts': EPS_OUTSIDE } });

    // a deliberate mistake in the solution: the check says where, and nothing is published
    const refused = await publishExercise(t.db, pool, { id: ID, userId: teacher.id, changeNote: 'first version' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AuthoringError);
    expect((refused as AuthoringError).problems.map(formatProblem).join('\n')).toMatch(/^solution\.ts: does not pass for seed 1/m);
    expect(await t.db.exercise.count({ where: { id: ID } })).toBe(0);
    await expect(publishExercise(t.db, pool, { id: ID, userId: teacher.id, changeNote: '  ' })).rejects.toThrow(/change note is required/);

    await saveDraftFiles(t.db, ID, rmsNorm);
    const v1 = await publishExercise(t.db, pool, { id: ID, userId: teacher.id, changeNote: 'first version' });
    expect(v1.number).toBe(1);
    const row = await t.db.exercise.findUniqueOrThrow({ where: { id: ID } });
    expect(row).toMatchObject({ source: 'authored', contentVersion: v1.version, title: 'RMSNorm', module: 'transformer-extras', points: 10 });
    await expect(publishExercise(t.db, pool, { id: ID, userId: teacher.id, changeNote: 'again' })).rejects.toThrow(/nothing changed/);

    // assigned like any exercise; a learner's submit is graded with v1, misconception named
    const cohort = await makeCohort(t.db, teacher, [ada]);
    await createAssignments(t.db, teacher, cohort.id, { target: ID, opensAt: '2026-01-01T00:00', dueAt: '2030-01-01T00:00', latePolicy: 'accept' } as never);
    const good = await submit(ada.id, SOLUTION, v1.version, cohort.id);
    const wrong = await submit(ada.id, EPS_OUTSIDE, v1.version, cohort.id);
    for (const s of [good, wrong]) await gradeSubmission(t.db, pool, s.id);
    const [g, w] = await Promise.all([good, wrong].map((s) => t.db.submission.findUniqueOrThrow({ where: { id: s.id } })));
    expect(g.status).toBe('graded');
    expect((g.verdict as unknown as Verdict).status).toBe('passed');
    expect((g.verdict as unknown as Verdict).exerciseVersion).toBe(v1.version);
    const wv = w.verdict as unknown as Verdict;
    expect(wv.status).toBe('failed');
    expect(wv.cases.some((c) => c.misconception?.id === 'eps-outside-sqrt')).toBe(true);
    // hidden cases carry no inputs, only the authored hint
    expect(wv.cases.filter((c) => !c.visible).every((c) => c.input === undefined && c.expected === undefined)).toBe(true);

    // version 2: a new hidden case; the next grading and the regrade use it, no restart
    const v2files = { ...rmsNorm, 'exercise.ts': rmsNorm['exercise.ts'].replace("rmsCase(rng, 'tiny values'", "rmsCase(rng, 'two features', matrix(rng, 3, 2, 2), 1e-5),\n    rmsCase(rng, 'tiny values'") };
    await saveDraftFiles(t.db, ID, v2files);
    const v2 = await publishExercise(t.db, pool, { id: ID, userId: teacher.id, changeNote: 'a case with two features' });
    expect(v2.number).toBe(2);
    expect(v2.version).not.toBe(v1.version);
    expect((await currentVersion(t.db, ID))?.version).toBe(v2.version);
    const versions = await t.db.exerciseVersion.findMany({ where: { exerciseId: ID }, orderBy: { number: 'asc' } });
    expect(versions.map((v) => [v.number, v.changeNote])).toEqual([[1, 'first version'], [2, 'a case with two features']]);

    const regrade = await requestRegrade(t.db, boss, teacher, { cohortId: cohort.id, exerciseId: ID });
    expect(regrade.queued).toBe(2);
    await work();
    const after = await t.db.submission.findUniqueOrThrow({ where: { id: good.id } });
    const av = after.verdict as unknown as Verdict;
    expect(after.exerciseVersion).toBe(v2.version);
    expect(av.exerciseVersion).toBe(v2.version);
    expect(av.cases.map((c) => c.name)).toContain('two features');
    expect(av.status).toBe('passed');
    expect(await t.db.regrade.count({ where: { submissionId: good.id, exerciseVersion: v1.version } })).toBe(1);
  });

  it('imports a folder (refusing a failing one) and exports it back unchanged', async () => {
    const id = 'practice/rms-norm-copy';
    const files = { ...rmsNorm, 'exercise.ts': rmsNorm['exercise.ts'].replace(`id: '${ID}'`, `id: '${id}'`) };
    const bad = await importExercise(t.db, pool, { id, files: { ...files, 'starter.ts': SOLUTION }, ownerId: null, changeNote: 'import' });
    expect(bad.outcome).toBe('refused');
    expect(bad.problems.map(formatProblem)).toContain('starter.ts: graded "passed", expected "failed": the starter must not already solve the exercise');
    expect(await t.db.authoredExercise.count({ where: { id } })).toBe(0);

    const ok = await importExercise(t.db, pool, { id, files, ownerId: null, changeNote: 'import' });
    expect(ok).toMatchObject({ outcome: 'published', number: 1 });
    expect((await importExercise(t.db, pool, { id, files, ownerId: null, changeNote: 'import' })).outcome).toBe('unchanged');

    const dir = mkdtempSync(join(os.tmpdir(), 'al-export-'));
    try {
      const folder = writeExerciseFolder(dir, id, await exportableFiles(t.db, id));
      expect(readExerciseFolder(folder)).toEqual(files);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exports a built-in exercise as a folder that passes the authored check once renamed', async () => {
    const files = builtinAsFolder('foundations/softmax');
    expect(files['exercise.ts']).toMatch(/^import \{[^}]*\} from 'attention-lab';$/m);
    expect(files['exercise.ts']).not.toMatch(/from '\.\.\//);
    const renamed = { ...files, 'exercise.ts': files['exercise.ts'].replace("id: 'foundations/softmax'", "id: 'my-course/softmax'") };
    const report = await checkAuthoredFiles(renamed, { pool, expectedId: 'my-course/softmax' });
    expect(report.problems.map(formatProblem)).toEqual([]);
  });
});
