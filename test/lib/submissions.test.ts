// Submitting on a real PostgreSQL with the real queue: the row and its grading job are written in
// one transaction, in the scope it was made for (a cohort the learner studies in, or practice), bad
// input and over-limit requests are refused with a message and leave nothing behind, and only the
// owner and the staff of that very cohort read a submission back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PgBoss } from 'pg-boss';
import { freshDatabase, type TestDatabase } from '../support/database.ts';
import { syncCatalog } from '../../lib/catalog-sync.ts';
import { GRADE_QUEUE, startQueue, type GradeJob } from '../../lib/queue.ts';
import { recordProgress } from '../../lib/progress.ts';
import { ARCHIVED_COHORT, canViewSubmission, learnerSeed, submissionDetail, submissionHistory, submissionStatus, submit, verdictSummary, type SubmitDeps } from '../../lib/submissions.ts';
import { MAX_CODE_BYTES } from '../../lib/limits.ts';
import { exerciseVersion } from '../../exercises/files.ts';
import { NOT_IN_COHORT } from '../../lib/scope.ts';
import { inCohort, practice } from '../support/scope.ts';
import type { Verdict } from '../../grader/verdict.ts';

const EX = 'attention/scaled-dot-product';
const CODE = 'export function attention(Q: Matrix, K: Matrix, V: Matrix): Matrix {\n  return V;\n}\n';

let t: TestDatabase;
let boss: PgBoss;
let deps: SubmitDeps;
const users: Record<'ada' | 'bob' | 'cy' | 'dana' | 'teacher' | 'otherTeacher' | 'admin', string> = {} as never;
const cohorts = { a: '', b: '' };

async function queuedJobs(): Promise<GradeJob[]> {
  const res = await t.db.$queryRawUnsafe<{ data: GradeJob }[]>(`select data from pgboss.job where name = $1 order by created_on`, GRADE_QUEUE);
  return res.map((r) => r.data);
}

beforeAll(async () => {
  t = await freshDatabase();
  await syncCatalog(t.db);
  boss = await startQueue(t.url, { max: 3 });
  deps = { db: t.db, boss: async () => boss, limits: { perMinute: 3, maxQueued: 1000 } };
  for (const [key, role] of [['ada', 'student'], ['bob', 'student'], ['cy', 'student'], ['dana', 'student'], ['teacher', 'instructor'], ['otherTeacher', 'instructor'], ['admin', 'admin']] as const) {
    users[key] = (await t.db.user.create({ data: { email: `${key.toLowerCase()}@example.test`, name: key, role } })).id;
  }
  const cohort = await t.db.cohort.create({ data: { name: 'A', joinCode: 'COHORT-A' } });
  const other = await t.db.cohort.create({ data: { name: 'B', joinCode: 'COHORT-B' } });
  await t.db.enrollment.createMany({
    data: [
      { cohortId: cohort.id, userId: users.ada, role: 'student' },
      { cohortId: cohort.id, userId: users.teacher, role: 'instructor' },
      { cohortId: other.id, userId: users.bob, role: 'student' },
      { cohortId: other.id, userId: users.otherTeacher, role: 'instructor' },
      // dana studies in both
      { cohortId: cohort.id, userId: users.dana, role: 'student' },
      { cohortId: other.id, userId: users.dana, role: 'student' },
    ],
  });
  cohorts.a = cohort.id;
  cohorts.b = other.id;
});
afterAll(async () => {
  await boss?.stop({ graceful: false, close: true }).catch(() => undefined);
  await t?.drop();
});

describe('submit', () => {
  it('writes a queued submission and its grading job together', async () => {
    const r = await submit(deps, inCohort(users.ada, cohorts.a), { exerciseId: EX, code: CODE }, { saveDraft: true });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const row = await t.db.submission.findUniqueOrThrow({ where: { id: r.submissionId } });
    expect(row).toMatchObject({ userId: users.ada, cohortId: cohorts.a, assignmentId: null, exerciseId: EX, kind: 'submit', status: 'queued', code: CODE, exerciseVersion: exerciseVersion(EX), seed: learnerSeed(users.ada, EX) });
    expect(await queuedJobs()).toContainEqual({ submissionId: r.submissionId });
    const [job] = await boss.fetch<GradeJob>(GRADE_QUEUE);
    expect(job.data).toEqual({ submissionId: r.submissionId });
    // the draft was saved with it, in the same scope
    expect((await t.db.draft.findUniqueOrThrow({ where: { userId_scope_exerciseId: { userId: users.ada, scope: cohorts.a, exerciseId: EX } } })).code).toBe(CODE);
  });

  it("records the cohort's assignment of the exercise with the submission", async () => {
    const day = 86_400_000;
    const a = await t.db.assignment.create({ data: { cohortId: cohorts.b, exerciseId: 'attention/scores', opensAt: new Date(Date.now() - day), dueAt: new Date(Date.now() + day), latePolicy: 'accept' } });
    const r = await submit(deps, inCohort(users.dana, cohorts.b), { exerciseId: 'attention/scores', code: CODE });
    if (!r.ok) throw new Error(r.error);
    expect(await t.db.submission.findUniqueOrThrow({ where: { id: r.submissionId } })).toMatchObject({ cohortId: cohorts.b, assignmentId: a.id });
    // the same exercise in the other cohort, not assigned there, and in practice: no assignment
    const inA = await submit(deps, inCohort(users.dana, cohorts.a), { exerciseId: 'attention/scores', code: CODE });
    const mine = await submit(deps, practice(users.dana), { exerciseId: 'attention/scores', code: CODE });
    if (!inA.ok || !mine.ok) throw new Error('refused');
    expect(await t.db.submission.findUniqueOrThrow({ where: { id: inA.submissionId } })).toMatchObject({ cohortId: cohorts.a, assignmentId: null });
    expect(await t.db.submission.findUniqueOrThrow({ where: { id: mine.submissionId } })).toMatchObject({ cohortId: null, assignmentId: null });
    // and the database refuses a submission naming another cohort's assignment
    await expect(t.db.submission.update({ where: { id: inA.submissionId }, data: { assignmentId: a.id } })).rejects.toThrow(/Submission_assignment_in_scope/);
    // deleting the assignment keeps the work, in its cohort
    await t.db.assignment.delete({ where: { id: a.id } });
    expect(await t.db.submission.findUniqueOrThrow({ where: { id: r.submissionId } })).toMatchObject({ cohortId: cohorts.b, assignmentId: null });
  });

  it('refuses a cohort the learner is not a student of, and an archived one, recording nothing', async () => {
    const before = await t.db.submission.count();
    for (const who of [inCohort(users.bob, cohorts.a), inCohort(users.teacher, cohorts.a), inCohort(users.ada, 'no-such-cohort')]) {
      expect(await submit(deps, who, { exerciseId: EX, code: CODE })).toMatchObject({ ok: false, kind: 'validation', error: NOT_IN_COHORT });
    }
    const old = await t.db.cohort.create({ data: { name: 'Old', joinCode: 'COHORT-OLD', archived: true, enrollments: { create: { userId: users.cy, role: 'student' } } } });
    expect(await submit(deps, inCohort(users.cy, old.id), { exerciseId: EX, code: CODE })).toMatchObject({ ok: false, kind: 'validation', error: ARCHIVED_COHORT });
    expect(await t.db.submission.count()).toBe(before);
  });

  it('gives each learner a stable seed of their own per exercise', () => {
    expect(learnerSeed(users.ada, EX)).toBe(learnerSeed(users.ada, EX));
    expect(learnerSeed(users.ada, EX)).toMatch(/^[0-9a-f]{32}$/);
    expect(learnerSeed(users.bob, EX)).not.toBe(learnerSeed(users.ada, EX));
    expect(learnerSeed(users.ada, 'attention/masks')).not.toBe(learnerSeed(users.ada, EX));
  });

  it('writes neither the row nor the job when enqueueing fails', async () => {
    const before = await t.db.submission.count();
    await boss.deleteQueue(GRADE_QUEUE);
    try {
      await expect(submit(deps, practice(users.cy), { exerciseId: EX, code: CODE })).rejects.toThrow(/does not exist/);
      expect(await t.db.submission.count()).toBe(before);
    } finally {
      await boss.createQueue(GRADE_QUEUE);
    }
    expect(await queuedJobs()).toHaveLength(0); // deleting the queue dropped its jobs; none was added
  });

  it.each([
    [{ exerciseId: EX, code: '' }, /empty/],
    [{ exerciseId: EX, code: '   \n\t ' }, /empty/],
    [{ exerciseId: EX, code: 'x'.repeat(MAX_CODE_BYTES + 1) }, /larger than 64 KB/],
    [{ exerciseId: EX, code: 'é'.repeat(MAX_CODE_BYTES / 2 + 1) }, /larger than 64 KB/], // bytes, not characters
    [{ exerciseId: EX, code: 42 }, /must be text/],
    [{ exerciseId: 'attention/no-such-thing', code: CODE }, /Unknown exercise/],
    [{ exerciseId: '../../etc/passwd', code: CODE }, /Unknown exercise/],
    [{ exerciseId: undefined, code: CODE }, /./],
  ])('refuses %# with a message and records nothing', async (input, message) => {
    const before = await t.db.submission.count();
    const r = await submit(deps, practice(users.cy), input as { exerciseId: unknown; code: unknown });
    expect(r).toMatchObject({ ok: false, kind: 'validation' });
    expect(!r.ok && r.error).toMatch(message);
    expect(await t.db.submission.count()).toBe(before);
  });

  it('accepts code of exactly 64 KB', async () => {
    const code = `// ${'x'.repeat(MAX_CODE_BYTES - 4)}\n`;
    expect(Buffer.byteLength(code)).toBe(MAX_CODE_BYTES);
    expect((await submit(deps, practice(users.cy), { exerciseId: EX, code })).ok).toBe(true);
  });

  it('limits submissions per learner per minute, exactly, even when they arrive at once', async () => {
    const results = await Promise.all(Array.from({ length: 8 }, () => submit(deps, inCohort(users.bob, cohorts.b), { exerciseId: 'attention/masks', code: CODE })));
    expect(results.filter((r) => r.ok)).toHaveLength(3);
    const refused = results.filter((r) => !r.ok);
    expect(refused).toHaveLength(5);
    for (const r of refused) {
      expect(r).toMatchObject({ ok: false, kind: 'rate_limit' });
      expect(!r.ok && r.error).toMatch(/3 times a minute\. Try again in \d+ seconds?\./);
      expect(!r.ok && r.retryAfterMs).toBeGreaterThan(50_000);
      expect(!r.ok && r.retryAfterMs).toBeLessThanOrEqual(60_000);
    }
    // another learner is not affected
    expect((await submit(deps, practice(users.teacher), { exerciseId: 'attention/masks', code: CODE })).ok).toBe(true);
  });

  it('refuses new submissions while too many wait for a grader, and accepts again when they drain', async () => {
    const queued = await t.db.submission.count({ where: { status: 'queued' } });
    const tight: SubmitDeps = { ...deps, limits: { perMinute: 100, maxQueued: queued + 1 } };
    await new Promise((r) => setTimeout(r, 600)); // the queue depth is read at most every 500 ms
    expect((await submit(tight, practice(users.admin), { exerciseId: EX, code: CODE })).ok).toBe(true);
    await new Promise((r) => setTimeout(r, 600));
    const r = await submit(tight, practice(users.admin), { exerciseId: EX, code: CODE });
    expect(r).toMatchObject({ ok: false, kind: 'rate_limit' });
    expect(!r.ok && r.error).toMatch(/graders are busy right now \(\d+ submissions waiting\)/);
    await t.db.submission.updateMany({ where: { status: 'queued' }, data: { status: 'running' } });
    await new Promise((r) => setTimeout(r, 600));
    expect((await submit(tight, practice(users.admin), { exerciseId: EX, code: CODE })).ok).toBe(true);
  });
});

const VERDICT: Verdict = {
  exerciseId: EX,
  exerciseVersion: 'abc',
  status: 'failed',
  score: 5,
  maxScore: 10,
  cases: [
    { name: 'small', visible: true, passed: true, points: 5, kind: 'passed', message: 'passed' },
    { name: 'hidden 1', visible: false, passed: false, points: 0, kind: 'wrong', message: 'values differ', misconception: { id: 'no-scale', title: 'attention without the 1/sqrt(d_k) scale', hint: 'Check the scale.' } },
  ],
  cpuMs: 3,
  wallMs: 5,
};

const roles: Record<keyof typeof users, string> = { ada: 'student', bob: 'student', cy: 'student', dana: 'student', teacher: 'instructor', otherTeacher: 'instructor', admin: 'admin' };
const viewer = (who: keyof typeof users) => ({ id: users[who], role: roles[who] });

describe('reading submissions back', () => {
  let id: string;
  beforeAll(async () => {
    const r = await submit({ ...deps, limits: { perMinute: 100, maxQueued: 1000 } }, inCohort(users.ada, cohorts.a), { exerciseId: 'attention/qkv', code: CODE });
    if (!r.ok) throw new Error(r.error);
    id = r.submissionId;
  });

  it("shows the owner (and the cohort's instructor) a queued submission with its place in the queue, and nobody else anything", async () => {
    const s = await submissionStatus(t.db, viewer('ada'), id);
    expect(s).toMatchObject({ id, exerciseId: 'attention/qkv', status: 'queued', verdict: null, score: null, gradedAt: null });
    expect(s!.queuePosition).toBeGreaterThanOrEqual(1);
    expect(await submissionStatus(t.db, viewer('bob'), id)).toBeNull();
    expect((await submissionStatus(t.db, viewer('teacher'), id))?.id).toBe(id); // who may read the submission may poll it
    expect(await submissionStatus(t.db, viewer('otherTeacher'), id)).toBeNull();
    expect(await submissionStatus(t.db, viewer('ada'), 'nope')).toBeNull();
  });

  it('tells the owner why a submission could not be graded', async () => {
    const r = await submit({ ...deps, limits: { perMinute: 100, maxQueued: 1000 } }, practice(users.ada), { exerciseId: 'foundations/matmul', code: CODE });
    if (!r.ok) throw new Error(r.error);
    await t.db.submission.update({ where: { id: r.submissionId }, data: { status: 'error', verdict: { error: 'Grading failed repeatedly' } } });
    expect(await submissionStatus(t.db, viewer('ada'), r.submissionId)).toMatchObject({ status: 'error', verdict: { error: 'Grading failed repeatedly' } });
  });

  it('returns the verdict once graded', async () => {
    await t.db.submission.update({ where: { id }, data: { status: 'graded', score: 5, maxScore: 10, verdict: VERDICT as object, gradedAt: new Date() } });
    const s = await submissionStatus(t.db, viewer('ada'), id);
    expect(s).toMatchObject({ status: 'graded', score: 5, maxScore: 10, queuePosition: null });
    expect(s!.verdict).toEqual(VERDICT);
  });

  it('lists an exercise history newest first with a one-line summary and the code', async () => {
    const rows = await submissionHistory(t.db, inCohort(users.ada, cohorts.a), 'attention/qkv');
    expect(rows.map((r) => r.id)).toEqual([id]);
    expect(rows[0]).toMatchObject({ status: 'graded', score: 5, code: CODE, summary: '1 of 2 cases passed; looks like: attention without the 1/sqrt(d_k) scale' });
    expect(await submissionHistory(t.db, practice(users.ada), 'attention/qkv')).toEqual([]); // another scope's
    expect(await submissionHistory(t.db, inCohort(users.bob, cohorts.a), 'attention/qkv')).toEqual([]);
  });

  it('summarises every kind of outcome in words', () => {
    expect(verdictSummary('queued', null)).toBe('Waiting for a grader');
    expect(verdictSummary('running', null)).toBe('Being graded');
    expect(verdictSummary('graded', { ...VERDICT, status: 'passed', cases: VERDICT.cases.map((c) => ({ ...c, passed: true })) })).toBe('All 2 cases passed');
    expect(verdictSummary('graded', { ...VERDICT, status: 'compile_error', cases: [], compileError: { message: 'x', line: 3, column: 1 } })).toBe('Does not compile (line 3)');
    expect(verdictSummary('error', { error: 'exercise gone' })).toBe('Not graded: exercise gone');
    expect(verdictSummary('error', null)).toBe('Not graded (grader error)');
  });

  it("lets the owner, their cohort's instructor and an admin open the submission page, nobody else", async () => {
    const sub = { userId: users.ada, cohortId: cohorts.a };
    expect(await canViewSubmission(t.db, viewer('ada'), sub)).toBe(true);
    expect(await canViewSubmission(t.db, viewer('teacher'), sub)).toBe(true);
    expect(await canViewSubmission(t.db, viewer('admin'), sub)).toBe(true);
    expect(await canViewSubmission(t.db, viewer('otherTeacher'), sub)).toBe(false);
    expect(await canViewSubmission(t.db, viewer('bob'), sub)).toBe(false);
    expect((await submissionDetail(t.db, viewer('teacher'), id))?.userEmail).toBe('ada@example.test');
    expect(await submissionDetail(t.db, viewer('bob'), id)).toBeNull();
    expect(await submissionDetail(t.db, viewer('otherTeacher'), id)).toBeNull();
    const mine = await submissionDetail(t.db, viewer('ada'), id);
    expect(mine).toMatchObject({ exerciseTitle: expect.any(String), verdict: VERDICT, code: CODE, cohortId: cohorts.a, cohortName: 'A' });
  });

  it("shows a student's work in two cohorts to each cohort's staff only, and their practice to nobody", async () => {
    const made: Record<string, string> = {};
    for (const [where, cohortId] of [['A', cohorts.a], ['B', cohorts.b], ['practice', null]] as const) {
      const r = await submit({ ...deps, limits: { perMinute: 100, maxQueued: 1000 } }, { userId: users.dana, cohortId }, { exerciseId: 'attention/masks', code: `${CODE}// ${where}\n` });
      if (!r.ok) throw new Error(r.error);
      made[where] = r.submissionId;
    }
    const sees = async (who: keyof typeof users) => {
      const out: string[] = [];
      for (const [where, sid] of Object.entries(made)) if (await submissionDetail(t.db, viewer(who), sid)) out.push(where);
      return out;
    };
    expect(await sees('dana')).toEqual(['A', 'B', 'practice']);
    expect(await sees('teacher')).toEqual(['A']);
    expect(await sees('otherTeacher')).toEqual(['B']);
    expect(await sees('admin')).toEqual(['A', 'B']);
    expect(await sees('ada')).toEqual([]);
    expect((await submissionStatus(t.db, viewer('teacher'), made.A))?.id).toBe(made.A);
    expect(await submissionStatus(t.db, viewer('teacher'), made.B)).toBeNull();
    expect(await submissionStatus(t.db, viewer('admin'), made.practice)).toBeNull();
  });

  it('keeps progress apart from submissions (recorded by the worker)', async () => {
    await t.db.$transaction((tx) => recordProgress(tx, { userId: users.ada, cohortId: cohorts.a, exerciseId: 'attention/qkv', score: 5, maxScore: 10, solved: false }));
    expect(await t.db.progress.count({ where: { userId: users.ada } })).toBe(1);
  });
});
