// Regrading on a real PostgreSQL, through the real queue (pg-boss), the real worker step
// (gradeSubmission) and the real grader: stale submissions are found, queued once, regraded on the
// current version, the old verdict kept for audit, and scores and progress recomputed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PgBoss } from 'pg-boss';
import { freshDatabase, type TestDatabase } from '../../support/database.ts';
import { syncCatalog } from '../../../lib/catalog-sync.ts';
import { GRADE_QUEUE, startQueue, type GradeJob } from '../../../lib/queue.ts';
import { gradeSubmission } from '../../../lib/grading.ts';
import { recordProgress } from '../../../lib/progress.ts';
import { SandboxPool } from '../../../grader/pool.ts';
import { exerciseVersion } from '../../../exercises/files.ts';
import { createAssignments } from '../../../lib/instructor/assignments.ts';
import { gradebook, studentDrilldown } from '../../../lib/instructor/gradebook.ts';
import { listStaleSubmissions, regradeOverview, requestRegrade, retryFailedRegrades } from '../../../lib/instructor/regrade.ts';
import { at, DUE, HOUR, makeCohort, makeUser, T0, verdictFor } from './support.ts';

const EX = 'foundations/dot-product';
const CORRECT = 'export function dot(a: number[], b: number[]): number {\n  let s = 0;\n  for (let i = 0; i < a.length; i++) s += a[i] * b[i];\n  return s;\n}\n';
const WRONG = 'export function dot(a: number[], b: number[]): number {\n  return a[0] * b[0];\n}\n';

let t: TestDatabase;
let boss: PgBoss;
let pool: SandboxPool;
let current: string;
let points: number;

beforeAll(async () => {
  t = await freshDatabase();
  await syncCatalog(t.db);
  boss = await startQueue(t.url, { max: 3 });
  pool = new SandboxPool({ size: 1 });
  await pool.ready();
  current = exerciseVersion(EX);
  points = (await t.db.exercise.findUniqueOrThrow({ where: { id: EX } })).points;
  // an earlier version of the exercise, as the catalog sync recorded it before the files changed
  await t.db.exerciseVersion.create({ data: { exerciseId: EX, contentVersion: 'old0000000', firstSeenAt: new Date('2026-01-01T00:00:00Z') } });
});
afterAll(async () => {
  await boss?.stop({ graceful: false, close: true }).catch(() => undefined);
  await pool?.close();
  await t?.drop();
});

/** A submit in a cohort graded on the old version, with the verdict that version gave. */
async function oldSubmit(user: { id: string }, code: string, passed: number, createdAt: Date, cohortId: string | null) {
  const v = verdictFor(EX, points, passed, 4, [], 'old0000000');
  const s = await t.db.submission.create({
    data: { userId: user.id, cohortId, exerciseId: EX, exerciseVersion: 'old0000000', kind: 'submit', code, seed: `seed-${user.id}`, status: 'graded', score: v.score, maxScore: v.maxScore, verdict: v as object, createdAt, gradedAt: at(createdAt, 1000) },
  });
  await t.db.$transaction((tx) => recordProgress(tx, { userId: user.id, cohortId, exerciseId: EX, score: v.score, maxScore: v.maxScore, solved: v.status === 'passed' }));
  return s;
}

async function jobsFor(ids: string[]): Promise<string[]> {
  const rows = await t.db.$queryRawUnsafe<{ data: GradeJob }[]>(`select data from pgboss.job where name = $1`, GRADE_QUEUE);
  return rows.map((r) => r.data.submissionId).filter((id) => ids.includes(id)).sort();
}

/** What the worker does: take the queued jobs and grade each submission. */
async function work(): Promise<number> {
  let n = 0;
  for (;;) {
    const jobs = await boss.fetch<GradeJob>(GRADE_QUEUE, { batchSize: 10 });
    if (jobs.length === 0) return n;
    for (const job of jobs) {
      await gradeSubmission(t.db, pool, job.data.submissionId);
      await boss.complete(GRADE_QUEUE, job.id);
      n += 1;
    }
  }
}

describe('regrade', () => {
  it('finds the stale submits, regrades them once, keeps the old verdicts and recomputes scores and progress', async () => {
    const teacher = await makeUser(t.db, 'instructor');
    const other = await makeUser(t.db, 'instructor');
    const [ada, bob] = [await makeUser(t.db, 'student', 'Ada'), await makeUser(t.db, 'student', 'Bob')];
    const outsider = await makeUser(t.db, 'student');
    const cohort = await makeCohort(t.db, teacher, [ada, bob]);
    const otherCohort = await makeCohort(t.db, other, [outsider]);
    const [assignment] = (await createAssignments(t.db, teacher, cohort.id, { target: EX, opensAt: T0, dueAt: DUE, latePolicy: 'penalty' })).created;

    // The old version graded Ada's wrong code as full marks and Bob's correct code as half.
    const adaSub = await oldSubmit(ada, WRONG, 4, at(T0, HOUR), cohort.id);
    const bobSub = await oldSubmit(bob, CORRECT, 2, at(T0, HOUR), cohort.id);
    const outsiderSub = await oldSubmit(outsider, CORRECT, 0, at(T0, HOUR), otherCohort.id);
    const before = await gradebook(t.db, teacher, cohort.id);
    expect(before.rows.map((r) => [r.name, r.cells[assignment.id].score])).toEqual([['Ada', points], ['Bob', points / 2]]);

    const overview = await regradeOverview(t.db, teacher);
    expect(overview).toEqual({
      stale: [{ exerciseId: EX, title: expect.any(String), module: 'foundations', currentVersion: current, versions: [{ version: 'old0000000', firstSeenAt: new Date('2026-01-01T00:00:00Z'), submissions: 2 }], submissions: 2, students: 2 }],
      inProgress: 0,
      failed: 0,
    });
    expect((await listStaleSubmissions(t.db, teacher)).map((s) => s.id).sort()).toEqual([adaSub.id, bobSub.id].sort());
    expect((await regradeOverview(t.db, other)).stale[0].submissions).toBe(1); // only the outsider

    // two requests at once (a double click): each submission is queued exactly once
    const [r1, r2] = await Promise.all([requestRegrade(t.db, boss, teacher, { exerciseId: EX }, { batchSize: 1 }), requestRegrade(t.db, boss, teacher, { exerciseId: EX }, { batchSize: 1 })]);
    expect(r1.queued + r2.queued).toBe(2);
    expect(await requestRegrade(t.db, boss, teacher, { exerciseId: EX })).toEqual({ queued: 0, remaining: 0 });
    expect(await jobsFor([adaSub.id, bobSub.id, outsiderSub.id])).toEqual([adaSub.id, bobSub.id].sort());
    expect(await t.db.regrade.count({ where: { submissionId: { in: [adaSub.id, bobSub.id] } } })).toBe(2);
    expect(await t.db.submission.findUniqueOrThrow({ where: { id: adaSub.id } })).toMatchObject({ status: 'queued', score: null, verdict: null });
    expect(await regradeOverview(t.db, teacher)).toMatchObject({ stale: [], inProgress: 2 });

    expect(await work()).toBe(2);

    const ada2 = await t.db.submission.findUniqueOrThrow({ where: { id: adaSub.id }, include: { regrades: true } });
    expect(ada2).toMatchObject({ status: 'graded', exerciseVersion: current });
    expect(ada2.score!).toBeLessThan(points);
    expect(ada2.regrades).toHaveLength(1);
    expect(ada2.regrades[0]).toMatchObject({ exerciseVersion: 'old0000000', score: points, maxScore: points });
    expect(ada2.regrades[0].verdict).toMatchObject({ status: 'passed', exerciseVersion: 'old0000000' });
    const bob2 = await t.db.submission.findUniqueOrThrow({ where: { id: bobSub.id } });
    expect(bob2).toMatchObject({ status: 'graded', score: points, exerciseVersion: current });

    // the gradebook and the learners' progress follow, down as well as up
    const after = await gradebook(t.db, teacher, cohort.id);
    expect(after.rows.map((r) => r.name)).toEqual(['Ada', 'Bob']);
    expect(after.rows[0].cells[assignment.id].score).toBeCloseTo(ada2.score!, 2);
    expect(after.rows[1].cells[assignment.id].score).toBe(points);
    const progressIn = (userId: string) => t.db.progress.findUniqueOrThrow({ where: { userId_scope_exerciseId: { userId, scope: cohort.id, exerciseId: EX } } });
    const adaProgress = await progressIn(ada.id);
    expect(adaProgress).toMatchObject({ attempts: 1, firstSolvedAt: null });
    expect(adaProgress.bestScore).toBeCloseTo(ada2.score!, 9);
    const bobProgress = await progressIn(bob.id);
    expect(bobProgress).toMatchObject({ bestScore: points, attempts: 1, firstSolvedAt: bobSub.createdAt });

    // the drill-down shows the audit trail
    const d = await studentDrilldown(t.db, teacher, cohort.id, ada.id);
    expect(d.assignments[0].submissions[0]).toMatchObject({ stale: false, regrades: [{ exerciseVersion: 'old0000000', score: points }] });

    // nothing stale is left for this instructor; the outsider's submit was never touched
    expect(await regradeOverview(t.db, teacher)).toEqual({ stale: [], inProgress: 0, failed: 0 });
    expect(await t.db.submission.findUniqueOrThrow({ where: { id: outsiderSub.id } })).toMatchObject({ status: 'graded', exerciseVersion: 'old0000000' });
  });

  it('resumes: regrades that failed in the grader are queued again without a second audit row', async () => {
    const teacher = await makeUser(t.db, 'instructor');
    const s = await makeUser(t.db, 'student');
    const cohort = await makeCohort(t.db, teacher, [s]);
    const sub = await oldSubmit(s, CORRECT, 1, at(T0, HOUR), cohort.id);
    expect(await requestRegrade(t.db, boss, teacher, { cohortId: cohort.id })).toEqual({ queued: 1, remaining: 0 });
    // the worker gave up on it (e.g. the exercise was broken at the time): job failed, submission in error
    const [job] = await boss.fetch<GradeJob>(GRADE_QUEUE);
    expect(job.data.submissionId).toBe(sub.id);
    await t.db.submission.update({ where: { id: sub.id }, data: { status: 'error', verdict: { error: 'the reference failed' } } });
    await boss.fail(GRADE_QUEUE, job.id);
    expect(await regradeOverview(t.db, teacher, { cohortId: cohort.id })).toMatchObject({ stale: [], inProgress: 0, failed: 1 });
    expect(await retryFailedRegrades(t.db, boss, teacher, { cohortId: cohort.id })).toBe(1);
    expect(await jobsFor([sub.id])).toContain(sub.id);
    await work();
    expect(await t.db.submission.findUniqueOrThrow({ where: { id: sub.id } })).toMatchObject({ status: 'graded', score: points, exerciseVersion: current });
    expect(await t.db.regrade.count({ where: { submissionId: sub.id } })).toBe(1);
    expect(await retryFailedRegrades(t.db, boss, teacher, { cohortId: cohort.id })).toBe(0);
  });

  it("regrades a student's work only in the cohorts the instructor teaches, and recomputes progress per cohort", async () => {
    const [teachA, teachB] = [await makeUser(t.db, 'instructor'), await makeUser(t.db, 'instructor')];
    const s = await makeUser(t.db, 'student');
    const [a, b] = [await makeCohort(t.db, teachA, [s]), await makeCohort(t.db, teachB, [s])];
    const inA = await oldSubmit(s, WRONG, 4, at(T0, HOUR), a.id); // full marks from the old version, wrong in fact
    const inB = await oldSubmit(s, CORRECT, 1, at(T0, HOUR), b.id);
    // practice work is nobody's to list or regrade
    const mine = await oldSubmit(s, CORRECT, 0, at(T0, HOUR), null);

    expect((await listStaleSubmissions(t.db, teachA)).map((x) => x.id)).toEqual([inA.id]);
    await expect(requestRegrade(t.db, boss, teachA, { cohortId: b.id })).rejects.toMatchObject({ status: 404 });
    expect(await requestRegrade(t.db, boss, teachA, {})).toEqual({ queued: 1, remaining: 0 });
    expect(await jobsFor([inA.id, inB.id, mine.id])).toEqual([inA.id]);
    await work();

    const progress = (scope: string) => t.db.progress.findUniqueOrThrow({ where: { userId_scope_exerciseId: { userId: s.id, scope, exerciseId: EX } } });
    expect((await progress(a.id)).bestScore).toBeLessThan(points); // down, from the regrade in A
    expect(await progress(b.id)).toMatchObject({ bestScore: points / 4, attempts: 1 }); // B's untouched
    expect(await t.db.submission.findUniqueOrThrow({ where: { id: inB.id } })).toMatchObject({ exerciseVersion: 'old0000000' });
    expect(await t.db.submission.findUniqueOrThrow({ where: { id: mine.id } })).toMatchObject({ exerciseVersion: 'old0000000' });
  });
});
