// Analytics over stored verdicts: pass rate, attempts until the first pass, time from first open
// to solve, the most frequent failure kinds and misconceptions, counted for one cohort only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scoped } from '../../../lib/scope.ts';
import { freshDatabase, type TestDatabase } from '../../support/database.ts';
import { bucketAttempts, cohortAnalytics, exerciseAnalytics, formatDuration, median } from '../../../lib/instructor/analytics.ts';
import { at, HOUR, makeCohort, makeUser, seedExercises, submit, T0 } from './support.ts';
import { answerQuestion, variantSeed } from '../../../lib/questions.ts';
import { syncCatalog } from '../../../lib/catalog-sync.ts';
import { createLimiters } from '../../../lib/rate-limit.ts';
import { getQuestion } from '../../../exercises/questions.ts';
import { questionParams } from '../../../exercises/question-variant.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await freshDatabase();
  await seedExercises(t.db);
});
afterAll(async () => {
  await t?.drop();
});

const noScale = { kind: 'wrong' as const, misconception: { id: 'missing-scale', title: 'attention without the 1/sqrt(d_k) scale', hint: 'divide by sqrt(d_k)' } };
const wrongAxis = { kind: 'wrong' as const, misconception: { id: 'softmax-over-queries', title: 'softmax over the wrong axis', hint: 'rows' } };
const shape = { kind: 'shape' as const };
const ex = 'attention/scaled-dot-product';

describe('helpers', () => {
  it('bucket attempts and take medians', () => {
    expect(bucketAttempts([1, 1, 2, 5, 6, 10, 11, 40])).toEqual([
      { label: '1', count: 2 },
      { label: '2', count: 1 },
      { label: '3', count: 0 },
      { label: '4', count: 0 },
      { label: '5', count: 1 },
      { label: '6-10', count: 2 },
      { label: '11+', count: 2 },
    ]);
    expect([median([]), median([3]), median([4, 1, 3]), median([1, 2, 3, 10])]).toEqual([null, 3, 3, 2.5]);
    expect([formatDuration(null), formatDuration(42_000), formatDuration(25 * 60_000), formatDuration(200 * 60_000), formatDuration(3 * 86_400_000 + 5 * 3_600_000)]).toEqual(['-', '42 s', '25 min', '3 h 20 min', '3 d 5 h']);
  });
});

describe('exerciseAnalytics', () => {
  it('counts one cohort: pass rate, attempts to first pass, solve time, failures, misconceptions', async () => {
    const teacher = await makeUser(t.db, 'instructor');
    const [a, b, c, d] = [await makeUser(t.db, 'student'), await makeUser(t.db, 'student'), await makeUser(t.db, 'student'), await makeUser(t.db, 'student')];
    const stranger = await makeUser(t.db, 'student'); // in another cohort: never counted
    const cohort = await makeCohort(t.db, teacher, [a, b, c, d]);
    // the other cohort: the stranger, and student a too, whose work there is not this cohort's
    const other = await makeCohort(t.db, teacher, [stranger, a]);
    await t.db.assignment.create({ data: { cohortId: cohort.id, exerciseId: ex, opensAt: T0, dueAt: at(T0, 100 * HOUR) } });

    // a: passes at once (and fails twice in the other cohort, not counted here)
    await submit(t.db, a, ex, at(T0, 1 * HOUR), { passed: 4 }, undefined, { cohortId: cohort.id });
    await submit(t.db, a, ex, at(T0, -HOUR), { passed: 0, extra: [noScale, noScale, noScale, noScale] }, undefined, { cohortId: other.id });
    await submit(t.db, a, ex, at(T0, 2 * HOUR), { passed: 1, extra: [{}, shape, {}, {}] }, undefined, { cohortId: other.id });
    // b: missing scale twice (2 cases each), then a shape error, then passes on the 4th
    await submit(t.db, b, ex, at(T0, 1 * HOUR), { passed: 2, extra: [{}, {}, noScale, noScale] });
    await submit(t.db, b, ex, at(T0, 2 * HOUR), { passed: 2, extra: [{}, {}, noScale, noScale] });
    await submit(t.db, b, ex, at(T0, 3 * HOUR), { passed: 3, extra: [{}, {}, {}, shape] });
    await submit(t.db, b, ex, at(T0, 4 * HOUR), { passed: 4 });
    await submit(t.db, b, ex, at(T0, 5 * HOUR), { passed: 1, extra: [{}, wrongAxis, {}, {}] }); // after passing: still a failure seen
    // c: tries, never passes
    await submit(t.db, c, ex, at(T0, 1 * HOUR), { passed: 0, extra: [noScale, {}, {}, {}] });
    await t.db.submission.create({
      data: { userId: c.id, cohortId: cohort.id, exerciseId: ex, exerciseVersion: 'v1', kind: 'submit', code: 'x(', seed: 's', status: 'graded', score: 0, maxScore: 10, gradedAt: at(T0, 2 * HOUR), createdAt: at(T0, 2 * HOUR), verdict: { exerciseId: ex, exerciseVersion: 'v1', status: 'compile_error', score: 0, maxScore: 10, cases: [], compileError: { message: "')' expected", line: 1, column: 3 }, cpuMs: 0, wallMs: 1 } },
    });
    // d: never submits. The stranger fails with the same misconception: not this cohort's.
    await submit(t.db, stranger, ex, at(T0, HOUR), { passed: 0, extra: [noScale, noScale, noScale, noScale] });
    // first open -> first solve: a in 30 min, b in 5 h
    const here = scoped(cohort.id);
    await t.db.progress.create({ data: { userId: a.id, ...here, exerciseId: ex, maxScore: 10, bestScore: 10, attempts: 1, firstOpenedAt: at(T0, 30 * 60_000), firstSolvedAt: at(T0, HOUR) } });
    await t.db.progress.create({ data: { userId: a.id, ...scoped(other.id), exerciseId: ex, maxScore: 10, bestScore: 10, attempts: 1, firstOpenedAt: at(T0, -90 * HOUR), firstSolvedAt: at(T0, 90 * HOUR) } });
    await t.db.progress.create({ data: { userId: b.id, ...here, exerciseId: ex, maxScore: 10, bestScore: 10, attempts: 5, firstOpenedAt: at(T0, -HOUR), firstSolvedAt: at(T0, 4 * HOUR) } });
    await t.db.progress.create({ data: { userId: c.id, ...here, exerciseId: ex, maxScore: 10, bestScore: 0, attempts: 2, firstOpenedAt: at(T0, 0) } });
    await t.db.progress.create({ data: { userId: stranger.id, ...scoped(other.id), exerciseId: ex, maxScore: 10, bestScore: 10, attempts: 1, firstOpenedAt: at(T0, 0), firstSolvedAt: at(T0, 90 * HOUR) } });

    const r = await exerciseAnalytics(t.db, teacher, cohort.id, ex);
    expect(r).toMatchObject({ exerciseId: ex, assigned: true, students: 4, attempted: 3, passed: 2, submits: 8, medianAttemptsToPass: 2.5 });
    expect(r.passRate).toBeCloseTo(2 / 3, 12);
    expect(r.attemptsToFirstPass.filter((x) => x.count > 0)).toEqual([
      { label: '1', count: 1 },
      { label: '4', count: 1 },
    ]);
    expect(r.solveTime).toEqual({ count: 2, medianMs: (30 * 60_000 + 5 * HOUR) / 2, p25Ms: expect.any(Number), p75Ms: expect.any(Number) });
    expect(r.failureKinds).toEqual([
      { kind: 'wrong', submissions: 4, cases: 11 },
      { kind: 'shape', submissions: 1, cases: 1 },
      { kind: 'compile_error', submissions: 1, cases: 0 },
    ]);
    expect(r.misconceptions).toEqual([
      { id: 'missing-scale', title: 'attention without the 1/sqrt(d_k) scale', submissions: 3, students: 2 },
      { id: 'softmax-over-queries', title: 'softmax over the wrong axis', submissions: 1, students: 1 },
    ]);

    const overview = await cohortAnalytics(t.db, teacher, cohort.id);
    expect(overview.students).toBe(4);
    expect(overview.exercises.map((e) => [e.exerciseId, e.assigned, e.attempted, e.passed])).toEqual([[ex, true, 3, 2]]);
  });

  it('refuses an exercise that does not exist', async () => {
    const teacher = await makeUser(t.db, 'instructor');
    const cohort = await makeCohort(t.db, teacher, []);
    await expect(exerciseAnalytics(t.db, teacher, cohort.id, 'no/such')).rejects.toMatchObject({ status: 404 });
    const empty = await exerciseAnalytics(t.db, teacher, cohort.id, ex);
    expect(empty).toMatchObject({ attempted: 0, passed: 0, passRate: null, medianAttemptsToPass: null, solveTime: { count: 0, medianMs: null }, failureKinds: [], misconceptions: [] });
  });
});

describe('question analytics', () => {
  it("lists a question's most frequent wrong answers part by part, with the misconceptions they match", async () => {
    const qid = 'attention/mha-params';
    const q = getQuestion(qid)!;
    await syncCatalog(t.db); // the question bank joins the seeded exercises
    const teacher = await makeUser(t.db, 'instructor');
    const [a, b, c] = [await makeUser(t.db, 'student'), await makeUser(t.db, 'student'), await makeUser(t.db, 'student')];
    const cohort = await makeCohort(t.db, teacher, [a, b, c]);
    const deps = { db: t.db, limiter: createLimiters(t.db, { prefix: 'analytics-q:' }).answer };
    // each forgets the biases on their own variant (a different wrong number each), and all give head width 0
    for (const u of [a, b, c]) {
      const p = questionParams(q, variantSeed(u.id, qid, cohort.id, 0));
      const r = await answerQuestion(deps, { userId: u.id, cohortId: cohort.id }, { questionId: qid, variant: 0, answers: { params: String(4 * p.d * p.d), headWidth: '0', weights: String(p.heads * p.n * p.n) } });
      if (!r.ok) throw new Error(r.error);
    }
    const r = await exerciseAnalytics(t.db, teacher, cohort.id, qid);
    expect(r).toMatchObject({ attempted: 3, passed: 0, submits: 3 });
    expect(r.wrongAnswers[0]).toEqual({ part: 'headWidth', answer: '0', count: 3, students: 3 });
    // the forgotten biases: each student's own number (two variants may share one)
    const params = r.wrongAnswers.filter((w) => w.part === 'params');
    expect(params.reduce((s, w) => s + w.count, 0)).toBe(3);
    expect(r.misconceptions).toEqual([{ id: 'no-biases', title: 'the biases not counted', submissions: 3, students: 3 }]);
    // a code exercise has no wrong answers to list
    expect((await exerciseAnalytics(t.db, teacher, cohort.id, ex)).wrongAnswers).toEqual([]);
  });
});
