// Taking an exam, as a student of its cohort. The rules, all enforced here on the server whatever
// the page shows:
// - An exam starts only inside its window, once per student, after they acknowledge its honour
//   code; the start draws their items (draw.ts, seeded by student and exam, so a reload or a
//   second tab never redraws) and fixes their end: the time limit plus their extra time, never
//   after the window's close plus that extra time (scoring.ts attemptEndsAt).
// - A try is accepted until that end, and only while the item has tries left; each try can earn
//   at most its place in the schedule (100 %, 70 %, 50 %, ...). A try after the end is refused with
//   the time it ended and recorded as late (ExamLateTry), for the instructor to see; it never counts.
// - A question keeps one variant for the whole exam (seeded by student, question and exam); a code
//   exercise is graded on every case, hidden ones included, by the same queue as homework.
// - Until the instructor releases the exam, a student sees which parts of a question are right
//   after each try (what deciding on another try needs), but no worked solution, no misconception
//   hint, no hidden case's result and no exam score.
import type { Db } from '../db.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import { learnerSeed, submit, type SubmitDeps } from '../submissions.ts';
import { refuse, type Refusal } from '../limits.ts';
import { limiters as processLimiters, retryMessage, type RateLimiter } from '../rate-limit.ts';
import { answerReview, variantForm } from '../question-render.ts';
import { canonicalAnswers, readAnswers, unavailableMessage } from '../questions.ts';
import { gradedColumns } from '../graded-columns.ts';
import { isQuestionId, questionItem, type QuestionItem } from '../question-items.ts';
import { gradeQuestion } from '../../grader/question-grade.ts';
import { asVerdict } from '../../grader/verdict.ts';
import type { AnswerReview, VariantForm } from '../../components/questions/types.ts';
import { drawItems } from './draw.ts';
import { attemptEndsAt, examPhase, formatTrySchedule, nextTryWorth, type ExamPhase } from './scoring.ts';
import { attemptScore, type AttemptScore } from './results.ts';
import { examMaxScore } from './manage.ts';

type Tx = Prisma.TransactionClient;

const when = (d: Date) => d.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }) + ' UTC';

/** The exam as a student of its cohort may see it; null for anyone else (a "not found" page). */
async function studentExam(db: Db | Tx, userId: string, examId: unknown) {
  if (typeof examId !== 'string' || examId.length === 0 || examId.length > 64) return null;
  return db.exam.findFirst({
    where: { id: examId, cohort: { enrollments: { some: { userId, role: 'student' } } } },
    include: { cohort: { select: { id: true, name: true, archived: true } }, pools: { orderBy: { position: 'asc' }, include: { items: { select: { exerciseId: true } } } }, extraTimes: { where: { userId } } },
  });
}

type StudentExam = NonNullable<Awaited<ReturnType<typeof studentExam>>>;

export interface ExamCard {
  id: string;
  title: string;
  opensAt: Date;
  closesAt: Date;
  timeLimitMinutes: number;
  extraMinutes: number;
  phase: ExamPhase;
  /** Started and not yet over. */
  inProgress: boolean;
  finished: boolean;
  released: boolean;
  /** Only once released. */
  score: number | null;
  maxScore: number;
}

/** The exams of the cohort the student works in (none in practice), soonest first. */
export async function examsForStudent(db: Db, who: { userId: string; cohortId: string | null }, now = new Date()): Promise<ExamCard[]> {
  if (who.cohortId === null) return [];
  const exams = await db.exam.findMany({
    where: { cohortId: who.cohortId, cohort: { enrollments: { some: { userId: who.userId, role: 'student' } } } },
    include: { pools: true, extraTimes: { where: { userId: who.userId } }, attempts: { where: { userId: who.userId }, include: { items: true, tries: { select: { exerciseId: true, status: true, score: true, maxScore: true, createdAt: true } } } } },
    orderBy: [{ opensAt: 'asc' }, { id: 'asc' }],
  });
  return exams.map((e) => {
    const a = e.attempts[0];
    const over = a ? a.endsAt.getTime() <= now.getTime() : examPhase(e, now) === 'closed';
    return {
      id: e.id,
      title: e.title,
      opensAt: e.opensAt,
      closesAt: e.closesAt,
      timeLimitMinutes: e.timeLimitMinutes,
      extraMinutes: e.extraTimes[0]?.minutes ?? 0,
      phase: examPhase(e, now),
      inProgress: !!a && !over,
      finished: !!a && over,
      released: e.releasedAt !== null,
      score: e.releasedAt && a ? attemptScore(a.items, a.tries, e.tryPoints).score : null,
      maxScore: examMaxScore(e.pools),
    };
  });
}

export interface ExamItemView {
  position: number;
  exerciseId: string;
  title: string;
  kind: 'code' | 'question';
  maxPoints: number;
  tries: number;
  triesLeft: number;
  /** What the next try can earn at most, as a fraction; null when none is left. */
  nextWorth: number | null;
  /** Only once released. */
  points: number | null;
  pending: number;
}

export interface ExamOverview {
  id: string;
  title: string;
  cohortName: string;
  opensAt: Date;
  closesAt: Date;
  timeLimitMinutes: number;
  extraMinutes: number;
  honourCode: string;
  schedule: string;
  tryPoints: number[];
  phase: ExamPhase;
  itemCount: number;
  maxScore: number;
  released: boolean;
  attempt: {
    startedAt: Date;
    endsAt: Date;
    over: boolean;
    items: ExamItemView[];
    lateTries: number;
    /** Only once released. */
    score: number | null;
  } | null;
}

async function attemptOf(db: Db | Tx, examId: string, userId: string) {
  return db.examAttempt.findUnique({
    where: { examId_userId: { examId, userId } },
    include: {
      items: { orderBy: { position: 'asc' } },
      tries: { select: { exerciseId: true, status: true, score: true, maxScore: true, createdAt: true }, orderBy: { createdAt: 'asc' } },
      _count: { select: { lateTries: true } },
    },
  });
}

/** What the exam's page shows the student; null when they are not a student of its cohort. */
export async function examOverview(db: Db, userId: string, examId: unknown, now = new Date()): Promise<ExamOverview | null> {
  const exam = await studentExam(db, userId, examId);
  if (!exam) return null;
  const a = await attemptOf(db, exam.id, userId);
  const released = exam.releasedAt !== null;
  let attempt: ExamOverview['attempt'] = null;
  if (a) {
    const scored = attemptScore(a.items, a.tries, exam.tryPoints);
    const titles = new Map((await db.exercise.findMany({ where: { id: { in: a.items.map((i) => i.exerciseId) } }, select: { id: true, title: true, kind: true } })).map((x) => [x.id, x]));
    attempt = {
      startedAt: a.startedAt,
      endsAt: a.endsAt,
      over: a.endsAt.getTime() <= now.getTime(),
      lateTries: a._count.lateTries,
      score: released ? scored.score : null,
      items: a.items.map((item, i) => {
        const s = scored.items[i];
        return {
          position: item.position,
          exerciseId: item.exerciseId,
          title: titles.get(item.exerciseId)?.title ?? item.exerciseId,
          kind: titles.get(item.exerciseId)?.kind ?? 'code',
          maxPoints: item.points,
          tries: s.tries,
          triesLeft: s.triesLeft,
          nextWorth: nextTryWorth(s.tries, exam.tryPoints),
          points: released ? s.points : null,
          pending: s.pending,
        };
      }),
    };
  }
  return {
    id: exam.id,
    title: exam.title,
    cohortName: exam.cohort.name,
    opensAt: exam.opensAt,
    closesAt: exam.closesAt,
    timeLimitMinutes: exam.timeLimitMinutes,
    extraMinutes: exam.extraTimes[0]?.minutes ?? 0,
    honourCode: exam.honourCode,
    schedule: formatTrySchedule(exam.tryPoints),
    tryPoints: exam.tryPoints,
    phase: examPhase(exam, now),
    itemCount: exam.pools.reduce((s, p) => s + p.choose, 0),
    maxScore: examMaxScore(exam.pools),
    released,
    attempt,
  };
}

/** The seed of a student's draw of an exam's items. */
export const drawSeed = (userId: string, examId: string) => learnerSeed(userId, `exam:${examId}`);

/** Starts the student's attempt (idempotent: a second start returns the first). */
export async function startExam(db: Db, userId: string, examId: unknown, acknowledged: unknown, now = new Date()): Promise<{ ok: true } | Refusal> {
  const exam = await studentExam(db, userId, examId);
  if (!exam) return refuse('validation', 'Unknown exam.');
  if (await db.examAttempt.count({ where: { examId: exam.id, userId } })) return { ok: true };
  if (exam.cohort.archived) return refuse('validation', 'This cohort is archived: its exams are closed.');
  const phase = examPhase(exam, now);
  if (phase === 'upcoming') return refuse('validation', `This exam opens on ${when(exam.opensAt)}.`);
  if (phase === 'closed') return refuse('validation', `This exam closed on ${when(exam.closesAt)}.`);
  if (acknowledged !== true && acknowledged !== 'on' && acknowledged !== 'yes') return refuse('validation', 'Acknowledge the honour code to start the exam.');
  const items = drawItems(
    exam.pools.map((p) => ({ id: p.id, position: p.position, choose: p.choose, points: p.points, exerciseIds: p.items.map((i) => i.exerciseId).sort() })),
    drawSeed(userId, exam.id),
  );
  const endsAt = attemptEndsAt(exam, now, exam.extraTimes[0]?.minutes ?? 0);
  try {
    await db.examAttempt.create({
      data: { examId: exam.id, userId, startedAt: now, endsAt, acknowledgedAt: now, items: { create: items.map((i) => ({ position: i.position, poolId: i.poolId, exerciseId: i.exerciseId, points: i.points })) } },
    });
  } catch (e) {
    // a start in another tab won the race: that attempt stands
    if ((e as { code?: string }).code === 'P2002') return { ok: true };
    throw e;
  }
  return { ok: true };
}

export interface ExamTryContext {
  exam: StudentExam;
  attemptId: string;
  endsAt: Date;
  item: { position: number; exerciseId: string; points: number };
  tries: number;
}

/** The student's attempt and one of its items, or why a try at it is refused now. */
async function tryContext(db: Db | Tx, userId: string, examId: unknown, position: unknown, now: Date): Promise<{ ok: true; ctx: ExamTryContext } | { ok: false; error: string; late?: { attemptId: string; exerciseId: string } }> {
  const exam = await studentExam(db, userId, examId);
  if (!exam) return { ok: false, error: 'Unknown exam.' };
  const a = await attemptOf(db, exam.id, userId);
  if (!a) return { ok: false, error: 'Start the exam first.' };
  const item = a.items.find((i) => i.position === position);
  if (!item) return { ok: false, error: 'This exam has no such item.' };
  if (now.getTime() >= a.endsAt.getTime()) {
    return { ok: false, error: `Time is up: your exam ended at ${when(a.endsAt)}. This try was recorded as late and does not count.`, late: { attemptId: a.id, exerciseId: item.exerciseId } };
  }
  const tries = a.tries.filter((t) => t.exerciseId === item.exerciseId).length;
  if (nextTryWorth(tries, exam.tryPoints) === null) return { ok: false, error: `You have used all ${exam.tryPoints.length} tries at this item.` };
  return { ok: true, ctx: { exam, attemptId: a.id, endsAt: a.endsAt, item, tries } };
}

async function recordLate(db: Db, late: { attemptId: string; exerciseId: string }, payload: string): Promise<void> {
  await db.examLateTry.create({ data: { attemptId: late.attemptId, exerciseId: late.exerciseId, payload: payload.slice(0, 128 * 1024) } });
}

// ---------------------------------------------------------------------------------------------
// A question of the exam

/** The variant of a question in an exam: one per student for the whole exam. */
export const examVariantSeed = (userId: string, examId: string, questionId: string, secret?: string) => `${learnerSeed(userId, questionId, secret)}:exam:${examId}`;

export interface ExamQuestionView {
  question: QuestionItem;
  variant: VariantForm;
  last: AnswerReview | null;
  closed: string | null;
  /** "Try again (worth at most 70 %)", null when no try is left. */
  againLabel: string | null;
}

/** Before release: what a student may see of an answered try (which parts are right, nothing that gives the answer away). */
function duringExam(review: AnswerReview, released: boolean): AnswerReview {
  if (released) return review;
  return { ...review, workedHtml: '', parts: review.parts.map(({ misconception: _m, ...p }) => p) };
}

/**
 * The button to another try, or null when none is left or none could earn more than the best so far
 * (`best`: the best try's share of the item's points, after its place in the schedule).
 */
function againLabel(tries: number, schedule: readonly number[], best: number): string | null {
  const worth = nextTryWorth(tries, schedule);
  return worth === null || worth <= best + 1e-9 ? null : `Try again (worth at most ${Math.round(worth * 100)} %)`;
}

/** The best share of an item's points among its graded tries, in order. */
function bestShare(tries: readonly { verdict: unknown }[], schedule: readonly number[]): number {
  let best = 0;
  tries.forEach((t, i) => {
    const v = asVerdict(t.verdict);
    if (v && v.maxScore > 0) best = Math.max(best, Math.min(1, Math.max(0, v.score / v.maxScore)) * (schedule[i] ?? 0));
  });
  return best;
}

/** A question item of the student's attempt: its variant, the latest try's review, whether another try is open. */
export async function examQuestion(db: Db, userId: string, examId: string, position: number, now = new Date()): Promise<ExamQuestionView | null> {
  const exam = await studentExam(db, userId, examId);
  if (!exam) return null;
  const a = await attemptOf(db, exam.id, userId);
  const item = a?.items.find((i) => i.position === position);
  // the attempt is the student's access to its items: no assignment is needed
  const q = item ? await questionItem(db, item.exerciseId) : null;
  if (!a || !item || !q) return null;
  const tries = await db.submission.findMany({ where: { examAttemptId: a.id, exerciseId: q.id }, orderBy: { createdAt: 'asc' }, select: { id: true, seed: true, verdict: true, createdAt: true } });
  const seed = examVariantSeed(userId, exam.id, q.id);
  const latest = tries.at(-1);
  const verdict = latest ? asVerdict(latest.verdict) : null;
  const released = exam.releasedAt !== null;
  const over = now.getTime() >= a.endsAt.getTime();
  const left = nextTryWorth(tries.length, exam.tryPoints) !== null;
  const closed = over ? `Your exam ended at ${when(a.endsAt)}.` : left ? null : `You have used all ${exam.tryPoints.length} tries at this question.`;
  try {
    return {
      question: q,
      variant: await variantForm(q, seed, tries.length),
      last: latest && verdict ? duringExam(await answerReview(q, { submissionId: latest.id, index: tries.length - 1, seed, answeredAt: latest.createdAt, verdict, note: null }), released) : null,
      closed,
      againLabel: over ? null : againLabel(tries.length, exam.tryPoints, bestShare(tries, exam.tryPoints)),
    };
  } catch (e) {
    return { question: q, variant: { index: tries.length, promptHtml: '', parts: [] }, last: null, closed: closed ?? unavailableMessage(e), againLabel: null };
  }
}

export type ExamAnswerOutcome = { ok: true; review: AnswerReview; next: VariantForm; closed: string | null; againLabel: string | null } | Refusal;

/** Grades and records a try at a question item; `tryIndex` is the try the form shows (0-based). */
export async function answerExamQuestion(
  deps: { db: Db; limiter?: RateLimiter },
  userId: string,
  raw: { examId: unknown; position: unknown; tryIndex: unknown; answers: unknown },
  now = () => new Date(),
): Promise<ExamAnswerOutcome> {
  const { db } = deps;
  const read = readAnswers(raw.answers);
  if (!read.ok) return read;
  const payload = read.json;
  const limiter = deps.limiter ?? processLimiters(db).answer;
  const allowed = await limiter.consume(userId);
  if (!allowed.ok) return refuse('rate_limit', `You can answer ${limiter.rule.limit} times a minute. ${retryMessage(allowed.retryAfterMs)}`, allowed.retryAfterMs);

  const pre = await tryContext(db, userId, raw.examId, raw.position, now());
  if (!pre.ok) {
    if (pre.late) await recordLate(db, pre.late, payload);
    return refuse('validation', pre.error);
  }
  const q = await questionItem(db, pre.ctx.item.exerciseId);
  if (!q) return refuse('validation', 'This item is not a question.');
  const answers = canonicalAnswers(q, read.answers);
  const seed = examVariantSeed(userId, pre.ctx.exam.id, q.id);
  let definition;
  try {
    definition = await q.at(seed); // before the transaction: an authored question's code runs in a sandbox
  } catch (e) {
    return refuse('validation', `${unavailableMessage(e)} Nothing was recorded.`);
  }
  try {
    const row = await db.$transaction(async (tx) => {
      await tx.$executeRaw`select pg_advisory_xact_lock(hashtext(${'submit:' + userId}))`;
      const t = await tryContext(tx, userId, raw.examId, raw.position, now());
      if (!t.ok) throw new ExamRefusal(t.error, t.late);
      if (raw.tryIndex !== t.ctx.tries) throw new ExamRefusal('This try was already answered (in another tab?). Reload the page.');
      const { verdict } = gradeQuestion(definition, seed, answers, { version: q.version });
      const created = await tx.submission.create({
        data: { userId, cohortId: t.ctx.exam.cohortId, examAttemptId: t.ctx.attemptId, exerciseId: q.id, kind: 'exam', code: JSON.stringify(answers), seed, ...gradedColumns(verdict) },
        select: { id: true, createdAt: true },
      });
      const all = await tx.submission.findMany({ where: { examAttemptId: t.ctx.attemptId, exerciseId: q.id }, orderBy: { createdAt: 'asc' }, select: { verdict: true } });
      return { ...created, verdict, index: t.ctx.tries, best: bestShare(all, t.ctx.exam.tryPoints) };
    });
    const released = pre.ctx.exam.releasedAt !== null;
    const used = row.index + 1;
    const left = nextTryWorth(used, pre.ctx.exam.tryPoints) !== null;
    const review = await answerReview(q, { submissionId: row.id, index: row.index, seed, answeredAt: row.createdAt, verdict: row.verdict, note: tryNote(row.index, pre.ctx.exam.tryPoints, pre.ctx.item.points, row.verdict.score / (row.verdict.maxScore || 1)) });
    return {
      ok: true,
      review: duringExam(review, released),
      next: await variantForm(q, seed, used),
      closed: left ? null : `You have used all ${pre.ctx.exam.tryPoints.length} tries at this question.`,
      againLabel: againLabel(used, pre.ctx.exam.tryPoints, row.best),
    };
  } catch (e) {
    if (e instanceof ExamRefusal) {
      if (e.late) await recordLate(db, e.late, payload);
      return refuse('validation', e.message);
    }
    throw e;
  }
}

/** "Try 2 of 3, worth at most 70 %: 4.2 of 6 exam points." */
function tryNote(index: number, schedule: readonly number[], itemPoints: number, fraction: number): string {
  const worth = schedule[index] ?? 0;
  const earned = Math.round(Math.max(0, Math.min(1, fraction)) * worth * itemPoints * 100) / 100;
  return `Try ${index + 1} of ${schedule.length}, worth at most ${Math.round(worth * 100)} %: ${earned} of ${itemPoints} exam points. The best try counts.`;
}

class ExamRefusal extends Error {
  late?: { attemptId: string; exerciseId: string };
  constructor(message: string, late?: { attemptId: string; exerciseId: string }) {
    super(message);
    this.late = late;
  }
}

// ---------------------------------------------------------------------------------------------
// A code exercise of the exam

/** The code item of a student's attempt: which exercise, and whether a try is open (null) or why not. */
export async function examCodeItem(db: Db, userId: string, examId: string, position: number, now = new Date()): Promise<{ exerciseId: string; cohortId: string; closed: string | null; tries: number; triesLeft: number; nextWorth: number | null } | null> {
  const exam = await studentExam(db, userId, examId);
  if (!exam) return null;
  const a = await attemptOf(db, exam.id, userId);
  const item = a?.items.find((i) => i.position === position);
  if (!a || !item || (await isQuestionId(db, item.exerciseId))) return null;
  const tries = a.tries.filter((t) => t.exerciseId === item.exerciseId).length;
  const worth = nextTryWorth(tries, exam.tryPoints);
  const over = now.getTime() >= a.endsAt.getTime();
  return {
    exerciseId: item.exerciseId,
    cohortId: exam.cohortId,
    tries,
    triesLeft: Math.max(0, exam.tryPoints.length - tries),
    nextWorth: worth,
    closed: over ? `Your exam ended at ${when(a.endsAt)}.` : worth === null ? `You have used all ${exam.tryPoints.length} tries at this exercise.` : null,
  };
}

/** Queues a try of code at a code item, graded on every case; refused after the end (recorded as late) or with no try left. */
export async function submitExamCode(deps: SubmitDeps, userId: string, examId: unknown, position: unknown, code: unknown, now = () => new Date()): Promise<{ ok: true; submissionId: string } | Refusal> {
  const pre = await tryContext(deps.db, userId, examId, position, now());
  if (!pre.ok) {
    if (pre.late) await recordLate(deps.db, pre.late, typeof code === 'string' ? code : '');
    return refuse('validation', pre.error);
  }
  if (await isQuestionId(deps.db, pre.ctx.item.exerciseId)) return refuse('validation', 'This item is a question: answer it on its page.');
  let late: { attemptId: string; exerciseId: string } | undefined;
  const r = await submit(deps, { userId, cohortId: pre.ctx.exam.cohortId }, { exerciseId: pre.ctx.item.exerciseId, code }, {
    viewer: { id: userId },
    exam: {
      attemptId: pre.ctx.attemptId,
      // checked again inside the submit's transaction, under the learner's lock: the end and the tries are exact
      check: async (tx) => {
        const t = await tryContext(tx, userId, examId, position, now());
        if (t.ok) return null;
        late = t.late;
        return t.error;
      },
    },
  });
  if (!r.ok && late) await recordLate(deps.db, late, typeof code === 'string' ? code : '');
  return r;
}
