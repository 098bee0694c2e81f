// Answering questions on a real PostgreSQL: each answer is graded at once and recorded as a graded
// submit with the learner's progress, on the learner's own variant (a new one after each answer,
// different in each space), under the cohort's rules; a stale variant, bad answers and too many
// answers are refused with a message and leave nothing behind. A regrade grades the recorded
// answers again, without a sandbox.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../support/database.ts';
import { syncCatalog } from '../../lib/catalog-sync.ts';
import { answerQuestion, MAX_ANSWERS_BYTES, questionPage, variantSeed, type AnswerDeps } from '../../lib/questions.ts';
import { createLimiters } from '../../lib/rate-limit.ts';
import { gradeSubmission } from '../../lib/grading.ts';
import { ARCHIVED_COHORT } from '../../lib/submissions.ts';
import { NOT_IN_COHORT } from '../../lib/scope.ts';
import { getQuestion } from '../../exercises/questions.ts';
import { questionParams, questionPoints } from '../../exercises/question-variant.ts';
import { questionVersion } from '../../exercises/question-files.ts';
import { inCohort, practice } from '../support/scope.ts';
import type { SandboxPool } from '../../grader/pool.ts';

const QID = 'attention/mha-params';
const q = getQuestion(QID)!;

let t: TestDatabase;
let deps: AnswerDeps;
const users = { ada: '', bob: '', cy: '' };
const cohorts = { a: '', archived: '' };

/** The right answers of `userId`'s `index`-th variant in a space, as a learner would type them. */
function rightAnswers(userId: string, cohortId: string | null, index: number): Record<string, string> {
  const answers = q.answer(questionParams(q, variantSeed(userId, QID, cohortId, index)));
  return Object.fromEntries(Object.entries(answers).map(([k, v]) => [k, String(v)]));
}

beforeAll(async () => {
  t = await freshDatabase();
  await syncCatalog(t.db);
  deps = { db: t.db, limiter: createLimiters(t.db, { prefix: 'questions-test:' }).answer };
  for (const key of Object.keys(users) as (keyof typeof users)[]) users[key] = (await t.db.user.create({ data: { email: `${key}@example.test`, name: key, role: 'student' } })).id;
  cohorts.a = (await t.db.cohort.create({ data: { name: 'A', joinCode: 'Q-COHORT-A' } })).id;
  cohorts.archived = (await t.db.cohort.create({ data: { name: 'Old', joinCode: 'Q-COHORT-OLD', archived: true } })).id;
  await t.db.enrollment.createMany({
    data: [
      { cohortId: cohorts.a, userId: users.ada, role: 'student' },
      { cohortId: cohorts.archived, userId: users.ada, role: 'student' },
    ],
  });
});
afterAll(async () => {
  await t?.drop();
});

describe('a question in the catalog', () => {
  it('is synced as an item of kind question with its points', async () => {
    expect(await t.db.exercise.findUniqueOrThrow({ where: { id: QID } })).toMatchObject({ kind: 'question', source: 'builtin', points: questionPoints(q), contentVersion: questionVersion(QID) });
    expect(await t.db.exercise.findUniqueOrThrow({ where: { id: 'attention/scaled-dot-product' } })).toMatchObject({ kind: 'code' });
  });
});

describe('questionPage', () => {
  it('shows the first variant with its parts and no answers, and no review before answering', async () => {
    const page = await questionPage(t.db, practice(users.bob), QID);
    expect(page).not.toBeNull();
    expect(page!.last).toBeNull();
    expect(page!.closed).toBeNull();
    expect(page!.variant.index).toBe(0);
    expect(page!.variant.parts.map((p) => [p.name, p.kind, p.points])).toEqual([
      ['params', 'number', 4],
      ['headWidth', 'number', 2],
      ['weights', 'number', 4],
    ]);
    // the parameters are in the prompt, the answers nowhere in what the form gets
    const params = questionParams(q, variantSeed(users.bob, QID, null, 0));
    expect(page!.variant.promptHtml).toContain(String(params.d));
    const json = JSON.stringify(page!.variant);
    for (const value of Object.values(rightAnswers(users.bob, null, 0))) if (Number(value) > 1000) expect(json).not.toContain(value);
    expect(page!.variant.promptHtml).not.toMatch(/^<h1/); // the title is the page's heading
  });

  it('is null for an id that is not a question', async () => {
    expect(await questionPage(t.db, practice(users.bob), 'attention/scaled-dot-product')).toBeNull();
  });
});

describe('answerQuestion', () => {
  it('grades right answers in full, records a graded submit and progress, and moves to a new variant', async () => {
    const r = await answerQuestion(deps, practice(users.ada), { questionId: QID, variant: 0, answers: rightAnswers(users.ada, null, 0) });
    if (!r.ok) throw new Error(r.error);
    expect(r.review).toMatchObject({ index: 0, score: 10, maxScore: 10, passed: true });
    expect(r.review.parts.every((p) => p.passed)).toBe(true);
    expect(r.review.workedHtml.length).toBeGreaterThan(50);
    expect(r.next.index).toBe(1);
    const row = await t.db.submission.findUniqueOrThrow({ where: { id: r.review.submissionId } });
    expect(row).toMatchObject({ userId: users.ada, cohortId: null, exerciseId: QID, kind: 'submit', status: 'graded', score: 10, maxScore: 10, seed: variantSeed(users.ada, QID, null, 0), exerciseVersion: questionVersion(QID) });
    expect(Object.keys(JSON.parse(row.code))).toEqual(['params', 'headWidth', 'weights']);
    const progress = await t.db.progress.findUniqueOrThrow({ where: { userId_scope_exerciseId: { userId: users.ada, scope: '', exerciseId: QID } } });
    expect(progress).toMatchObject({ bestScore: 10, maxScore: 10, attempts: 1 });
    expect(progress.firstSolvedAt).not.toBeNull();
    // the page now shows that answer's review above the next variant
    const page = await questionPage(t.db, practice(users.ada), QID);
    expect(page!.last?.submissionId).toBe(r.review.submissionId);
    expect(page!.variant.index).toBe(1);
  });

  it('gives partial credit per part and names the misconception a wrong answer matches', async () => {
    const params = questionParams(q, variantSeed(users.ada, QID, null, 1));
    const answers = { ...rightAnswers(users.ada, null, 1), params: String(4 * params.d * params.d), headWidth: 'sixteen' };
    const r = await answerQuestion(deps, practice(users.ada), { questionId: QID, variant: 1, answers });
    if (!r.ok) throw new Error(r.error);
    expect(r.review).toMatchObject({ score: 4, maxScore: 10, passed: false });
    const byName = Object.fromEntries(r.review.parts.map((p) => [p.name, p]));
    expect(byName.params).toMatchObject({ passed: false, points: 0, given: String(4 * params.d * params.d), misconception: { title: 'the biases not counted' } });
    expect(byName.headWidth).toMatchObject({ passed: false, given: null });
    expect(byName.headWidth.message).toMatch(/not a number/);
    expect(byName.weights).toMatchObject({ passed: true, points: 4 });
    // the best score stays the earlier full marks
    const progress = await t.db.progress.findUniqueOrThrow({ where: { userId_scope_exerciseId: { userId: users.ada, scope: '', exerciseId: QID } } });
    expect(progress).toMatchObject({ bestScore: 10, attempts: 2 });
  });

  it('refuses an answer to a variant that is no longer the current one, recording nothing', async () => {
    const before = await t.db.submission.count({ where: { userId: users.ada } });
    const r = await answerQuestion(deps, practice(users.ada), { questionId: QID, variant: 0, answers: rightAnswers(users.ada, null, 0) });
    expect(r).toMatchObject({ ok: false, kind: 'validation' });
    if (!r.ok) expect(r.error).toMatch(/already answered this variant/);
    expect(await t.db.submission.count({ where: { userId: users.ada } })).toBe(before);
  });

  it('draws other variants in a cohort than in practice, and keeps the work apart', async () => {
    expect(variantSeed(users.ada, QID, cohorts.a, 0)).not.toBe(variantSeed(users.ada, QID, null, 0));
    const page = await questionPage(t.db, inCohort(users.ada, cohorts.a), QID);
    expect(page).toMatchObject({ last: null, closed: null, variant: { index: 0 } });
    const r = await answerQuestion(deps, inCohort(users.ada, cohorts.a), { questionId: QID, variant: 0, answers: rightAnswers(users.ada, cohorts.a, 0) });
    if (!r.ok) throw new Error(r.error);
    expect(r.review.score).toBe(10);
    expect(await t.db.progress.count({ where: { userId: users.ada, exerciseId: QID } })).toBe(2);
  });

  it("keeps to the cohort's rules: not a student, archived, not open yet, out of attempts", async () => {
    const answers = rightAnswers(users.cy, cohorts.a, 0);
    expect(await answerQuestion(deps, inCohort(users.cy, cohorts.a), { questionId: QID, variant: 0, answers })).toMatchObject({ ok: false, error: NOT_IN_COHORT });
    expect(await answerQuestion(deps, inCohort(users.ada, cohorts.archived), { questionId: QID, variant: 0, answers })).toMatchObject({ ok: false, error: ARCHIVED_COHORT });
    expect((await questionPage(t.db, inCohort(users.ada, cohorts.archived), QID))!.closed).toBe(ARCHIVED_COHORT);

    const day = 86_400_000;
    const later = await t.db.assignment.create({ data: { cohortId: cohorts.a, exerciseId: 'attention/mask-choice', opensAt: new Date(Date.now() + day), dueAt: new Date(Date.now() + 2 * day), latePolicy: 'accept' } });
    const closed = (await questionPage(t.db, inCohort(users.ada, cohorts.a), 'attention/mask-choice'))!.closed;
    expect(closed).toMatch(/opens for submissions on/);
    const refused = await answerQuestion(deps, inCohort(users.ada, cohorts.a), { questionId: 'attention/mask-choice', variant: 0, answers: {} });
    expect(refused).toMatchObject({ ok: false, kind: 'validation' });
    await t.db.assignment.delete({ where: { id: later.id } });

    const once = await t.db.assignment.create({ data: { cohortId: cohorts.a, exerciseId: 'attention/score-variance', opensAt: new Date(Date.now() - day), dueAt: new Date(Date.now() + day), latePolicy: 'accept', attemptLimit: 1 } });
    const first = await answerQuestion(deps, inCohort(users.ada, cohorts.a), { questionId: 'attention/score-variance', variant: 0, answers: {} });
    if (!first.ok) throw new Error(first.error);
    expect(first.review.note).toMatch(/0 attempts left/);
    expect((await t.db.submission.findUniqueOrThrow({ where: { id: first.review.submissionId } })).assignmentId).toBe(once.id);
    const second = await answerQuestion(deps, inCohort(users.ada, cohorts.a), { questionId: 'attention/score-variance', variant: 1, answers: {} });
    expect(second).toMatchObject({ ok: false });
    if (!second.ok) expect(second.error).toMatch(/used all 1 attempt/);
    expect((await questionPage(t.db, inCohort(users.ada, cohorts.a), 'attention/score-variance'))!.closed).toMatch(/used all 1 attempt/);
  });

  it('refuses malformed input with a clear message and records nothing', async () => {
    const before = await t.db.submission.count();
    const who = practice(users.bob);
    const cases: [unknown, unknown, unknown, RegExp][] = [
      ['nope/nothing', 0, {}, /Unknown question/],
      ['attention/scaled-dot-product', 0, {}, /Unknown question/], // an exercise, not a question
      ['../../etc', 0, {}, /Unknown exercise/],
      [QID, -1, {}, /./],
      [QID, 1.5, {}, /whole number/],
      [QID, '0', {}, /whole number/],
      [QID, 0, 'params=1', /object keyed by part name/],
      [QID, 0, [1, 2], /object keyed by part name/],
      [QID, 0, { params: { nested: true } }, /./],
      [QID, 0, { params: 'x'.repeat(MAX_ANSWERS_BYTES + 1) }, /larger than 64 KB/],
    ];
    for (const [questionId, variant, answers, message] of cases) {
      const r = await answerQuestion(deps, who, { questionId, variant, answers });
      expect(r, JSON.stringify([questionId, variant])).toMatchObject({ ok: false, kind: 'validation' });
      if (!r.ok) expect(r.error).toMatch(message);
    }
    expect(await t.db.submission.count()).toBe(before);
  });

  it('grades what it cannot read as a wrong part, never an error, and ignores unknown parts', async () => {
    const r = await answerQuestion(deps, practice(users.bob), { questionId: QID, variant: 0, answers: { params: 'NaN', headWidth: '1/0', weights: '', extra: 'dropped' } });
    if (!r.ok) throw new Error(r.error);
    expect(r.review.score).toBe(0);
    expect(r.review.parts.map((p) => p.passed)).toEqual([false, false, false]);
    expect(r.review.parts[2].message).toBe('no answer given');
    const row = await t.db.submission.findUniqueOrThrow({ where: { id: r.review.submissionId } });
    expect(JSON.parse(row.code)).toEqual({ params: 'NaN', headWidth: '1/0', weights: '' });
  });

  it('refuses answers past the per-minute limit, counting across processes in the database', async () => {
    const tight = { db: t.db, limiter: createLimiters(t.db, { prefix: 'questions-tight:', env: { ANSWERS_PER_MINUTE: '2' } }).answer };
    const who = practice(users.cy);
    for (let i = 0; i < 2; i++) expect((await answerQuestion(tight, who, { questionId: QID, variant: i, answers: {} })).ok).toBe(true);
    const third = await answerQuestion(tight, who, { questionId: QID, variant: 2, answers: {} });
    expect(third).toMatchObject({ ok: false, kind: 'rate_limit' });
    if (!third.ok) {
      expect(third.error).toMatch(/2 times a minute/);
      expect(third.retryAfterMs).toBeGreaterThan(0);
    }
  });
});

describe('regrading an answer', () => {
  it('grades the recorded answers again on the same variant, without a sandbox', async () => {
    const r = await answerQuestion(deps, practice(users.bob), { questionId: QID, variant: 1, answers: rightAnswers(users.bob, null, 1) });
    if (!r.ok) throw new Error(r.error);
    await t.db.submission.update({ where: { id: r.review.submissionId }, data: { status: 'queued', score: null, verdict: undefined } });
    const noPool = {} as SandboxPool; // a question never reaches the sandbox: any use of it would throw
    expect(await gradeSubmission(t.db, noPool, r.review.submissionId)).toBe('graded');
    expect(await t.db.submission.findUniqueOrThrow({ where: { id: r.review.submissionId } })).toMatchObject({ status: 'graded', score: 10, maxScore: 10 });
  });
});
