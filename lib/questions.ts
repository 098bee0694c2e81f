// Answering a question (of the bank, or authored: lib/question-items.ts), in a space (a cohort, or practice). A learner answers a
// sequence of variants: the n-th (from 0) is drawn from the seed
// `<learnerSeed>:<space>:<n>`, so it is their own, reproducible for a regrade (the seed is stored on
// the answer's Submission row), different in each space, and new after every answer. An answer is
// graded at once on the server (questions are pure arithmetic, no sandbox) and recorded, with the
// learner's progress, in one transaction, under the same per-learner lock and the same cohort
// rules (opening date, attempt limit, late work) as a code submission. The form names the variant
// it shows; an answer to any other (a second tab, a double click) is refused, so one variant is
// never graded twice and a learner cannot fish for a variant they like without answering.
import { z } from 'zod';
import type { Db } from './db.ts';
import { exerciseIdSchema, firstMessage, refuse, type Refusal } from './limits.ts';
import { limiters as processLimiters, retryMessage, type RateLimiter } from './rate-limit.ts';
import { ARCHIVED_COHORT, learnerSeed } from './submissions.ts';
import { checkSubmissionAllowed } from './instructor/student.ts';
import { recordProgress } from './progress.ts';
import { NOT_IN_COHORT, scopeKey, type LearnerScope } from './scope.ts';
import { answerReview, variantForm } from './question-render.ts';
import { examInProgressWith, inExamMessage } from './exams/in-progress.ts';
import { questionItem, type QuestionItem } from './question-items.ts';
import type { Viewer } from './authoring/live.ts';
import { gradeQuestion } from '../grader/question-grade.ts';
import { asVerdict } from '../grader/verdict.ts';
import { gradedColumns } from './graded-columns.ts';
import type { AnswerReview, VariantForm } from '../components/questions/types.ts';

/** Largest answers object accepted, as JSON. */
export const MAX_ANSWERS_BYTES = 64 * 1024;

/** The seed of a learner's `index`-th variant of a question in a space. */
export function variantSeed(userId: string, questionId: string, cohortId: string | null, index: number, secret?: string): string {
  return `${learnerSeed(userId, questionId, secret)}:${scopeKey(cohortId) || 'practice'}:${index}`;
}

export interface QuestionPage {
  question: QuestionItem;
  variant: VariantForm;
  last: AnswerReview | null;
  /** Why answering is refused here now; null when it is allowed. */
  closed: string | null;
}

const answered = (who: LearnerScope, questionId: string) => ({ userId: who.userId, cohortId: who.cohortId, exerciseId: questionId, kind: 'submit' as const, status: 'graded' as const });

/** What the question's page shows `who`: the variant to answer, their latest answered one, whether answering is open. */
export async function questionPage(db: Db, who: LearnerScope, questionId: string, viewer: Viewer = { id: who.userId }): Promise<QuestionPage | null> {
  const q = await questionItem(db, questionId, { viewer });
  if (!q) return null;
  const exam = await examInProgressWith(db, who.userId, q.id);
  if (exam) return { question: q, variant: NO_VARIANT, last: null, closed: inExamMessage(exam) };
  const [count, latest, closed] = await Promise.all([
    db.submission.count({ where: answered(who, q.id) }),
    db.submission.findFirst({ where: answered(who, q.id), orderBy: { createdAt: 'desc' }, select: { id: true, seed: true, verdict: true, createdAt: true } }),
    closedReason(db, who, q.id),
  ]);
  const verdict = latest ? asVerdict(latest.verdict) : null;
  try {
    return {
      question: q,
      variant: await variantForm(q, variantSeed(who.userId, q.id, who.cohortId, count), count),
      last: latest && verdict ? await answerReview(q, { submissionId: latest.id, index: count - 1, seed: latest.seed, answeredAt: latest.createdAt, verdict, note: null }) : null,
      closed,
    };
  } catch (e) {
    // an authored question's code failed on this learner's variant (or its sandbox is busy)
    return { question: q, variant: NO_VARIANT, last: null, closed: unavailableMessage(e) };
  }
}

const NO_VARIANT: VariantForm = { index: 0, promptHtml: '', parts: [] };

/** Why a question's variant cannot be shown or graded now, in the learner's words. */
export function unavailableMessage(e: unknown): string {
  return `This question cannot be shown right now (${e instanceof Error ? e.message : String(e)}). Try again in a minute; if it goes on, tell your instructor.`;
}

async function closedReason(db: Db, who: LearnerScope, questionId: string): Promise<string | null> {
  if (who.cohortId !== null) {
    const e = await db.enrollment.findFirst({ where: { userId: who.userId, cohortId: who.cohortId, role: 'student' }, select: { cohort: { select: { archived: true } } } });
    if (!e) return NOT_IN_COHORT;
    if (e.cohort.archived) return ARCHIVED_COHORT;
  }
  const gate = await checkSubmissionAllowed(db, who, questionId);
  return gate.ok ? null : gate.message;
}

const entry = z.union([z.string(), z.number()]);
// text, a number, option ids or numbers, or rows of numbers (the JSON API's matrices)
const answersSchema = z.record(z.string().max(64), z.union([entry, z.array(z.union([entry, z.array(entry)]))]), {
  error: 'The answers must be an object keyed by part name.',
});

export const answerInput = z.object({
  questionId: exerciseIdSchema,
  variant: z.number({ error: 'The variant is a whole number.' }).int('The variant is a whole number.').min(0).max(10_000),
  answers: z.unknown(),
});

export type AnswerOutcome = { ok: true; review: AnswerReview; next: VariantForm } | Refusal;

export interface AnswerDeps {
  db: Db;
  /** Answers per learner per minute (the process's shared limiter by default). */
  limiter?: RateLimiter;
}

class Refused extends Error {}

/**
 * What a learner sent as answers, read the same way wherever they answer (practice, homework, an
 * exam): JSON of at most MAX_ANSWERS_BYTES, an object of texts, numbers, or lists of them (rows of
 * numbers for a matrix). `json` is what they sent, for the record.
 */
export function readAnswers(raw: unknown): { ok: true; answers: Record<string, unknown>; json: string } | Refusal {
  let json: string;
  try {
    json = JSON.stringify(raw ?? null);
  } catch {
    return refuse('validation', 'The answers could not be read.');
  }
  if (Buffer.byteLength(json) > MAX_ANSWERS_BYTES) return refuse('validation', `The answers are larger than ${MAX_ANSWERS_BYTES / 1024} KB; nothing was recorded.`);
  const parsed = answersSchema.safeParse(raw);
  return parsed.success ? { ok: true, answers: parsed.data, json } : refuse('validation', firstMessage(parsed.error));
}

/** The answers the question knows, in its parts' order, as the JSON recorded on the submission. */
export function canonicalAnswers(q: Pick<QuestionItem, 'parts'>, answers: Record<string, unknown>): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const part of q.parts) if (Object.hasOwn(answers, part.name)) kept[part.name] = answers[part.name];
  return kept;
}

/** Grades and records `who`'s answers to their current variant; returns the review and the next variant. */
export async function answerQuestion(deps: AnswerDeps, who: LearnerScope, raw: { questionId: unknown; variant: unknown; answers: unknown }, viewer: Viewer = { id: who.userId }): Promise<AnswerOutcome> {
  const parsed = answerInput.safeParse(raw);
  if (!parsed.success) return refuse('validation', firstMessage(parsed.error));
  const q = await questionItem(deps.db, parsed.data.questionId, { viewer });
  if (!q) return refuse('validation', 'Unknown question.');
  const answers = readAnswers(parsed.data.answers);
  if (!answers.ok) return answers;

  const exam = await examInProgressWith(deps.db, who.userId, q.id);
  if (exam) return refuse('validation', inExamMessage(exam));

  const limiter = deps.limiter ?? processLimiters(deps.db).answer;
  const allowed = await limiter.consume(who.userId);
  if (!allowed.ok) return refuse('rate_limit', `You can answer ${limiter.rule.limit} times a minute. ${retryMessage(allowed.retryAfterMs)}`, allowed.retryAfterMs);

  const { userId, cohortId } = who;
  const kept = canonicalAnswers(q, answers.answers);
  const code = JSON.stringify(kept);
  // the variant the form names, made before the transaction (an authored question's code runs in a
  // sandbox); the transaction checks that it is still the learner's current one
  let definition;
  try {
    definition = await q.at(variantSeed(userId, q.id, cohortId, parsed.data.variant));
  } catch (e) {
    return refuse('validation', `${unavailableMessage(e)} Nothing was recorded.`);
  }
  try {
    const recorded = await deps.db.$transaction(async (tx) => {
      // Serialised with the learner's code submissions: the attempt count and the variant index are exact.
      await tx.$executeRaw`select pg_advisory_xact_lock(hashtext(${'submit:' + userId}))`;
      if (cohortId !== null) {
        const e = await tx.enrollment.findFirst({ where: { userId, cohortId, role: 'student' }, select: { cohort: { select: { archived: true } } } });
        if (!e) throw new Refused(NOT_IN_COHORT);
        if (e.cohort.archived) throw new Refused(ARCHIVED_COHORT);
      }
      const gate = await checkSubmissionAllowed(tx, who, q.id);
      if (!gate.ok) throw new Refused(gate.message);
      const index = await tx.submission.count({ where: answered(who, q.id) });
      if (parsed.data.variant !== index) throw new Refused('You already answered this variant (in another tab?). Reload the page for your next one.');
      const seed = variantSeed(userId, q.id, cohortId, index);
      const { verdict } = gradeQuestion(definition, seed, kept, { version: q.version });
      const row = await tx.submission.create({
        data: { userId, cohortId, assignmentId: gate.assignmentId, exerciseId: q.id, kind: 'submit', code, seed, ...gradedColumns(verdict) },
        select: { id: true, createdAt: true },
      });
      await recordProgress(tx, { userId, cohortId, exerciseId: q.id, score: verdict.score, maxScore: verdict.maxScore, solved: verdict.status === 'passed' });
      return { id: row.id, answeredAt: row.createdAt, index, seed, verdict, note: gate.message };
    });
    const [review, next] = await Promise.all([
      answerReview(q, { submissionId: recorded.id, index: recorded.index, seed: recorded.seed, answeredAt: recorded.answeredAt, verdict: recorded.verdict, note: recorded.note }),
      variantForm(q, variantSeed(userId, q.id, cohortId, recorded.index + 1), recorded.index + 1),
    ]);
    return { ok: true, review, next };
  } catch (e) {
    if (e instanceof Refused) return refuse('validation', e.message);
    throw e;
  }
}
