// Exams on a real PostgreSQL with the real queue: an instructor builds an exam from pools; a
// student starts it once, inside its window, after the honour code; their draw, variant and end
// are fixed; tries earn declining points, are refused (and recorded as late) after the end, and
// their results stay hidden from the student until release, while staff see them at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PgBoss } from 'pg-boss';
import { freshDatabase, type TestDatabase } from '../../support/database.ts';
import { syncCatalog } from '../../../lib/catalog-sync.ts';
import { startQueue } from '../../../lib/queue.ts';
import { createLimiters } from '../../../lib/rate-limit.ts';
import { createExam, examAttemptDetail, updateExamSettings, examResults, listExams, setExtraTime, setReleased } from '../../../lib/exams/manage.ts';
import { answerExamQuestion, examCodeItem, examOverview, examQuestion, examsForStudent, examVariantSeed, startExam, submitExamCode } from '../../../lib/exams/take.ts';
import { submissionStatus, submit, EXAM_HELD } from '../../../lib/submissions.ts';
import { gradebookCsv } from '../../../lib/instructor/csv.ts';
import { answerQuestion, questionPage } from '../../../lib/questions.ts';
import { isAccessDenied, isInputError } from '../../../lib/instructor/authorization.ts';
import { getQuestion } from '../../../exercises/questions.ts';
import { questionParams } from '../../../exercises/question-variant.ts';

const MIN = 60_000;
let t: TestDatabase;
let boss: PgBoss;
const users = { teacher: '', other: '', ada: '', bob: '', cy: '' };
let cohortId = '';
let examId = '';
const limiter = () => createLimiters(t.db, { prefix: `exam-test-${Math.random()}:` }).answer;

const QUESTIONS = ['attention/mha-params', 'attention/score-variance'];
const CODE = ['foundations/dot-product'];

function examDraft(over: Record<string, unknown> = {}) {
  return {
    title: 'Midterm',
    opensAt: new Date(Date.now() - 10 * MIN).toISOString(),
    closesAt: new Date(Date.now() + 120 * MIN).toISOString(),
    timeLimitMinutes: '30',
    tryPoints: '100, 70, 50',
    honourCode: 'I work alone.',
    pools: [
      { title: 'Numbers', choose: '2', points: '10', exerciseIds: QUESTIONS },
      { title: 'Code', choose: '1', points: '20', exerciseIds: CODE },
    ],
    ...over,
  };
}

/** The right answers of a student's exam variant, as text. */
function rightAnswers(userId: string, questionId: string): Record<string, string> {
  const q = getQuestion(questionId)!;
  return Object.fromEntries(Object.entries(q.answer(questionParams(q, examVariantSeed(userId, examId, questionId)))).map(([k, v]) => [k, String(v)]));
}

beforeAll(async () => {
  t = await freshDatabase();
  await syncCatalog(t.db);
  boss = await startQueue(t.url, { max: 2 });
  for (const key of Object.keys(users) as (keyof typeof users)[]) {
    users[key] = (await t.db.user.create({ data: { email: `${key}@example.test`, name: key, role: key === 'teacher' || key === 'other' ? 'instructor' : 'student' } })).id;
  }
  cohortId = (await t.db.cohort.create({ data: { name: 'Exam cohort', joinCode: 'EXAM-COHORT' } })).id;
  const otherCohort = (await t.db.cohort.create({ data: { name: 'Other', joinCode: 'EXAM-OTHER' } })).id;
  await t.db.enrollment.createMany({
    data: [
      { cohortId, userId: users.teacher, role: 'instructor' },
      { cohortId: otherCohort, userId: users.other, role: 'instructor' },
      { cohortId, userId: users.ada, role: 'student' },
      { cohortId, userId: users.bob, role: 'student' },
      { cohortId: otherCohort, userId: users.cy, role: 'student' },
    ],
  });
});
afterAll(async () => {
  await boss?.stop({ graceful: false, close: true }).catch(() => undefined);
  await t?.drop();
});

describe('building an exam', () => {
  it('creates the exam with its pools, for staff of the cohort only', async () => {
    examId = (await createExam(t.db, { id: users.teacher }, cohortId, examDraft())).id;
    const [summary] = await listExams(t.db, { id: users.teacher }, cohortId);
    expect(summary).toMatchObject({ id: examId, title: 'Midterm', items: 3, maxScore: 40, started: 0, releasedAt: null });
    await expect(createExam(t.db, { id: users.other }, cohortId, examDraft())).rejects.toSatisfy(isAccessDenied);
    await expect(createExam(t.db, { id: users.ada }, cohortId, examDraft())).rejects.toSatisfy(isAccessDenied);
  });

  it('refuses a bad exam with a message an instructor can act on', async () => {
    const bad: [Record<string, unknown>, RegExp][] = [
      [{ title: '' }, /title/],
      [{ closesAt: new Date(Date.now() - 20 * MIN).toISOString() }, /close after it opens/],
      [{ tryPoints: '70, 100' }, /./],
      [{ timeLimitMinutes: '0' }, /at least 1 minute/],
      [{ pools: [{ title: 'x', choose: '3', points: '10', exerciseIds: QUESTIONS }] }, /chooses 3/],
      [{ pools: [{ title: 'x', choose: '1', points: '10', exerciseIds: ['nope/none'] }] }, /Unknown item/],
    ];
    for (const [over, message] of bad) {
      const e = await createExam(t.db, { id: users.teacher }, cohortId, examDraft(over)).catch((x: unknown) => x);
      expect(isInputError(e), JSON.stringify(over)).toBe(true);
      expect((e as Error).message).toMatch(message);
    }
  });
});

describe('taking an exam', () => {
  it('lists the exam for students of the cohort only', async () => {
    expect((await examsForStudent(t.db, { userId: users.ada, cohortId }))[0]).toMatchObject({ id: examId, phase: 'open', inProgress: false, score: null });
    expect(await examsForStudent(t.db, { userId: users.cy, cohortId })).toEqual([]);
    expect(await examOverview(t.db, users.cy, examId)).toBeNull();
  });

  it('starts only after the honour code, once, with items drawn per student and the end fixed', async () => {
    expect(await startExam(t.db, users.ada, examId, false)).toMatchObject({ ok: false, error: expect.stringMatching(/honour code/) });
    const before = Date.now();
    expect(await startExam(t.db, users.ada, examId, true)).toEqual({ ok: true });
    expect(await startExam(t.db, users.ada, examId, true)).toEqual({ ok: true }); // a second start changes nothing
    const o = (await examOverview(t.db, users.ada, examId))!;
    expect(o.attempt!.items.map((i) => i.exerciseId).sort()).toEqual([...QUESTIONS, ...CODE].sort());
    expect(o.attempt!.items.map((i) => i.position)).toEqual([1, 2, 3]);
    expect(o.attempt!.items.at(-1)!.exerciseId).toBe(CODE[0]); // the pools keep their order
    expect(o.attempt!.endsAt.getTime() - before).toBeGreaterThanOrEqual(30 * MIN - 1000);
    expect(o.attempt!.endsAt.getTime() - before).toBeLessThanOrEqual(30 * MIN + 5000);
    expect(await t.db.examAttempt.count({ where: { examId } })).toBe(1);
  });

  it('gives extra time to a student who has it', async () => {
    await setExtraTime(t.db, { id: users.teacher }, examId, { userId: users.bob, minutes: '15' });
    await startExam(t.db, users.bob, examId, true);
    const o = (await examOverview(t.db, users.bob, examId))!;
    expect(o.extraMinutes).toBe(15);
    expect(o.attempt!.endsAt.getTime() - o.attempt!.startedAt.getTime()).toBe(45 * MIN);
  });

  it('earns declining points per try, keeps one variant, and shows no worked solution before release', async () => {
    const o = (await examOverview(t.db, users.ada, examId))!;
    const item = o.attempt!.items.find((i) => i.exerciseId === 'attention/mha-params')!;
    const view = (await examQuestion(t.db, users.ada, examId, item.position))!;
    expect(view).toMatchObject({ last: null, closed: null, variant: { index: 0 } });
    const deps = { db: t.db, limiter: limiter() };
    const wrong = await answerExamQuestion(deps, users.ada, { examId, position: item.position, tryIndex: 0, answers: { params: '1', headWidth: '1', weights: '1' } });
    if (!wrong.ok) throw new Error(wrong.error);
    expect(wrong.review).toMatchObject({ score: 0, workedHtml: '' });
    expect(wrong.review.parts.every((p) => !p.misconception)).toBe(true);
    expect(wrong.againLabel).toBe('Try again (worth at most 70 %)');
    // the same variant again: the right answers of this student's exam variant
    const right = await answerExamQuestion(deps, users.ada, { examId, position: item.position, tryIndex: 1, answers: rightAnswers(users.ada, 'attention/mha-params') });
    if (!right.ok) throw new Error(right.error);
    expect(right.review.score).toBe(10);
    expect(right.review.note).toMatch(/Try 2 of 3, worth at most 70 %: 7 of 10 exam points/);
    expect(right.againLabel).toBeNull(); // a third try, worth at most 50 %, could not beat 70 %
    // a stale form is refused
    expect(await answerExamQuestion(deps, users.ada, { examId, position: item.position, tryIndex: 1, answers: {} })).toMatchObject({ ok: false });
    const results = await examResults(t.db, { id: users.teacher }, examId);
    const ada = results.rows.find((r) => r.userId === users.ada)!;
    expect(ada.attempt!.items.find((i) => i.exerciseId === 'attention/mha-params')).toMatchObject({ points: 7, tries: 2, triesLeft: 1 });
    // the student does not see scores before release
    expect((await examOverview(t.db, users.ada, examId))!.attempt!.score).toBeNull();
    // homework progress never counts an exam try
    expect(await t.db.progress.count({ where: { userId: users.ada, exerciseId: 'attention/mha-params' } })).toBe(0);
  });

  it("closes the practice page of a question that is in the student's exam while it runs", async () => {
    const page = (await questionPage(t.db, { userId: users.ada, cohortId: null }, 'attention/mha-params'))!;
    expect(page.closed).toMatch(/part of your exam in progress \("Midterm"\)/);
    expect(page.last).toBeNull();
    expect(page.variant.parts).toEqual([]);
    const r = await answerQuestion({ db: t.db, limiter: limiter() }, { userId: users.ada, cohortId: null }, { questionId: 'attention/mha-params', variant: 0, answers: {} });
    expect(r).toMatchObject({ ok: false, error: expect.stringMatching(/exam in progress/) });
    // a question that is not in the exam stays open
    expect((await questionPage(t.db, { userId: users.ada, cohortId: null }, 'attention/mask-choice'))!.closed).toBeNull();
  });

  it("takes no homework or practice submission of a code exercise that is in the student's exam while it runs", async () => {
    const o = (await examOverview(t.db, users.ada, examId))!;
    const code = o.attempt!.items.find((i) => CODE.includes(i.exerciseId))!.exerciseId;
    const before = await t.db.submission.count({ where: { userId: users.ada } });
    for (const scope of [{ userId: users.ada, cohortId }, { userId: users.ada, cohortId: null }]) {
      const r = await submit({ db: t.db, boss: async () => boss }, scope, { exerciseId: code, code: 'export function dot(a: number[], b: number[]): number { return 0; }\n' });
      expect(r).toMatchObject({ ok: false, error: expect.stringMatching(/This exercise is part of your exam in progress \("Midterm"\): submit it there/) });
    }
    expect(await t.db.submission.count({ where: { userId: users.ada } })).toBe(before);
  });

  it('queues code tries, graded on every case, with results held back from the student until release', async () => {
    const o = (await examOverview(t.db, users.ada, examId))!;
    const item = o.attempt!.items.find((i) => i.exerciseId === CODE[0])!;
    expect(await examCodeItem(t.db, users.ada, examId, item.position)).toMatchObject({ exerciseId: CODE[0], closed: null, tries: 0, triesLeft: 3 });
    const r = await submitExamCode({ db: t.db, boss: async () => boss }, users.ada, examId, item.position, 'export function dot(a: number[], b: number[]): number { return 0; }\n');
    if (!r.ok) throw new Error(r.error);
    const row = await t.db.submission.findUniqueOrThrow({ where: { id: r.submissionId } });
    expect(row).toMatchObject({ kind: 'exam', cohortId, status: 'queued', assignmentId: null });
    // as if graded: the student's status view withholds it, staff see it
    await t.db.submission.update({
      where: { id: r.submissionId },
      data: { status: 'graded', gradedAt: new Date(), score: 5, maxScore: 20, verdict: { exerciseId: CODE[0], exerciseVersion: '', status: 'failed', score: 5, maxScore: 20, cpuMs: 1, wallMs: 1, cases: [{ name: 'v', visible: true, passed: true, points: 5, kind: 'passed', message: 'passed' }, { name: 'h', visible: false, passed: false, points: 0, kind: 'wrong', message: 'wrong', misconception: { id: 'm', title: 't', hint: 'h' } }] } },
    });
    const mine = (await submissionStatus(t.db, { id: users.ada, role: 'student' }, r.submissionId))!;
    expect(mine.score).toBeNull();
    expect(mine.verdict).toMatchObject({ withheld: EXAM_HELD, score: 0, cases: [{ name: 'v' }] });
    const staff = (await submissionStatus(t.db, { id: users.teacher, role: 'instructor' }, r.submissionId))!;
    expect(staff.score).toBe(5);
    await setReleased(t.db, { id: users.teacher }, examId, true);
    expect((await submissionStatus(t.db, { id: users.ada, role: 'student' }, r.submissionId))!.score).toBe(5);
    expect((await examOverview(t.db, users.ada, examId))!.attempt!.score).toBe(12); // 7 + 5 + 0
    expect((await examsForStudent(t.db, { userId: users.ada, cohortId }))[0].score).toBe(12);
    await setReleased(t.db, { id: users.teacher }, examId, false);
  });

  it("shows staff a student's attempt try by try, answers as sent, for the cohort's staff only", async () => {
    const d = (await examAttemptDetail(t.db, { id: users.teacher }, examId, users.ada))!;
    const q = d.items.find((i) => i.exerciseId === 'attention/mha-params')!;
    expect(q.tries.map((x) => [x.score, x.worth])).toEqual([
      [0, 1],
      [10, 0.7],
    ]);
    expect(JSON.parse(q.tries[0].code)).toEqual({ params: '1', headWidth: '1', weights: '1' });
    expect(d.score.score).toBe(12);
    await expect(examAttemptDetail(t.db, { id: users.other }, examId, users.ada)).rejects.toSatisfy(isAccessDenied);
    await expect(examAttemptDetail(t.db, { id: users.teacher }, examId, users.cy)).rejects.toSatisfy(isAccessDenied); // not in the cohort
  });

  it('refuses a try after the end with the time it ended, and records it as late', async () => {
    await t.db.examAttempt.update({ where: { examId_userId: { examId, userId: users.bob } }, data: { startedAt: new Date(Date.now() - 46 * MIN), endsAt: new Date(Date.now() - 1000) } });
    const o = (await examOverview(t.db, users.bob, examId))!;
    expect(o.attempt!.over).toBe(true);
    const q = o.attempt!.items.find((i) => i.kind === 'question')!;
    const r = await answerExamQuestion({ db: t.db, limiter: limiter() }, users.bob, { examId, position: q.position, tryIndex: 0, answers: { params: '1' } });
    expect(r).toMatchObject({ ok: false, error: expect.stringMatching(/Time is up: your exam ended at .* recorded as late/) });
    const code = o.attempt!.items.find((i) => i.kind === 'code')!;
    expect(await submitExamCode({ db: t.db, boss: async () => boss }, users.bob, examId, code.position, 'export function dot() { return 0; }')).toMatchObject({ ok: false, error: expect.stringMatching(/Time is up/) });
    expect(await t.db.examLateTry.count({ where: { attempt: { userId: users.bob } } })).toBe(2);
    expect(await t.db.submission.count({ where: { userId: users.bob } })).toBe(0);
    const rows = (await examResults(t.db, { id: users.teacher }, examId)).rows;
    expect(rows.find((x) => x.userId === users.bob)!.attempt).toMatchObject({ score: 0, lateTries: 2 });
  });

  it('puts each exam in the gradebook CSV after the total, with each student\'s score', async () => {
    const { stream } = await gradebookCsv(t.db, { id: users.teacher }, cohortId);
    const lines = (await new Response(stream).text()).replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0].split(',').at(-1)).toBe('Exam: Midterm (/40)');
    expect(lines.find((l) => l.includes('ada@example.test'))!.split(',').at(-1)).toBe('12.00');
    expect(lines.find((l) => l.includes('bob@example.test'))!.split(',').at(-1)).toBe('0.00');
  });

  it('moves the window for new starts while a started attempt keeps its end', async () => {
    const before = (await t.db.examAttempt.findUniqueOrThrow({ where: { examId_userId: { examId, userId: users.ada } } })).endsAt;
    await updateExamSettings(t.db, { id: users.teacher }, examId, { title: 'Midterm (moved)', opensAt: new Date(Date.now() - 10 * MIN), closesAt: new Date(Date.now() + 240 * MIN), timeLimitMinutes: 90, honourCode: 'I work alone.' });
    expect((await t.db.exam.findUniqueOrThrow({ where: { id: examId } })).timeLimitMinutes).toBe(90);
    expect((await t.db.examAttempt.findUniqueOrThrow({ where: { examId_userId: { examId, userId: users.ada } } })).endsAt).toEqual(before);
    await expect(updateExamSettings(t.db, { id: users.teacher }, examId, { title: 'x', opensAt: new Date(), closesAt: new Date(Date.now() - MIN), timeLimitMinutes: 5, honourCode: 'h' })).rejects.toSatisfy(isInputError);
    await expect(updateExamSettings(t.db, { id: users.other }, examId, { title: 'x', opensAt: new Date(), closesAt: new Date(Date.now() + MIN), timeLimitMinutes: 5, honourCode: 'h' })).rejects.toSatisfy(isAccessDenied);
  });

  it('refuses to start before the window opens or after it closes', async () => {
    const later = (await createExam(t.db, { id: users.teacher }, cohortId, examDraft({ opensAt: new Date(Date.now() + 60 * MIN).toISOString(), closesAt: new Date(Date.now() + 90 * MIN).toISOString() }))).id;
    expect(await startExam(t.db, users.ada, later, true)).toMatchObject({ ok: false, error: expect.stringMatching(/opens on/) });
    expect(await startExam(t.db, users.cy, examId, true)).toMatchObject({ ok: false, error: 'Unknown exam.' });
  });
});
