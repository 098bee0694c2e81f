// The grading worker's one job: take a queued submission, grade it in the sandbox, and write the
// verdict and the learner's progress (in the submission's scope: its cohort, or practice) in one
// transaction. Safe to run twice for the same job (a retry after a crash): a submission that is
// already graded is left as it is.
import type { Db } from './db.ts';
import type { Prisma, Submission } from './generated/prisma/client.ts';
import { catalogExercise, grade, type AnyGradable } from '../grader/grade.ts';
import { authoredExercise, authoredQuestion } from './authoring/loader.ts';
import type { SandboxPool } from '../grader/pool.ts';
import type { Verdict } from '../grader/verdict.ts';
import { recordProgress } from './progress.ts';
import { scopeKey, type LearnerScope } from './scope.ts';
import { gradingOutcome, metrics } from './observability/metrics.ts';
import { gradedColumns } from './graded-columns.ts';
import { questionItem, type QuestionItem } from './question-items.ts';
import { gradeQuestion } from '../grader/question-grade.ts';

export type GradeOutcome = 'graded' | 'already-graded' | 'missing';

export async function gradeSubmission(db: Db, pool: SandboxPool, submissionId: string): Promise<GradeOutcome> {
  const claimed = await db.submission.updateMany({
    where: { id: submissionId, status: { in: ['queued', 'running', 'error'] } },
    data: { status: 'running', attempts: { increment: 1 } },
  });
  if (claimed.count === 0) {
    const exists = await db.submission.count({ where: { id: submissionId } });
    return exists ? 'already-graded' : 'missing';
  }
  const sub = await db.submission.findUniqueOrThrow({ where: { id: submissionId } });
  const started = performance.now();
  // A question's answers (graded when given; here only on a regrade) need no sandbox.
  // An authored question is graded on the version recorded on the submission, as exercises are.
  const question = await questionItem(db, sub.exerciseId, { version: sub.exerciseVersion, load: (id, v) => authoredQuestion(db, pool, id, v) }).catch((err: unknown) => err as Error);
  if (question instanceof Error) return recordError(db, sub.id, question.message);
  if (question) {
    const verdict = await questionVerdict(question, sub.seed, sub.code).catch((err: unknown) => err as Error);
    if (verdict instanceof Error) return recordError(db, sub.id, verdict.message);
    return recordVerdict(db, sub, verdict, started);
  }
  // The grader's stable object per exercise (and, for an authored one, per version): its expected
  // outputs are cached across gradings. An authored exercise is graded with the version recorded
  // on the submission (a regrade records the current one first).
  let exercise: AnyGradable | undefined;
  try {
    exercise = (await catalogExercise(sub.exerciseId)) ?? (await authoredExercise(db, pool, sub.exerciseId, sub.exerciseVersion));
  } catch (err) {
    return recordError(db, sub.id, err instanceof Error ? err.message : String(err));
  }
  if (!exercise) return recordError(db, sub.id, `exercise ${sub.exerciseId} is no longer in the catalog`);
  const verdict: Verdict = await grade(exercise, sub.code, { seed: sub.seed, pool, visibleOnly: sub.kind === 'run' });
  return recordVerdict(db, sub, verdict, started);
}

/** A submission that cannot be graded: its error is kept on it, for staff, and counted. */
async function recordError(db: Db, id: string, error: string): Promise<GradeOutcome> {
  await db.submission.update({ where: { id }, data: { status: 'error', verdict: { error } } });
  metrics().gradings.inc({ outcome: 'error' });
  return 'graded';
}

/** The verdict of a question's recorded answers (the submission's code is their JSON). */
async function questionVerdict(q: QuestionItem, seed: string, code: string): Promise<Verdict> {
  let answers: unknown;
  try {
    answers = JSON.parse(code);
  } catch {
    answers = null; // graded as unreadable answers: every part fails with a message, nothing throws
  }
  return gradeQuestion(await q.at(seed), seed, answers, { version: q.version }).verdict;
}

/** Writes a verdict and the learner's progress in one transaction, unless another grading got there first. */
async function recordVerdict(db: Db, sub: Submission, verdict: Verdict, started: number): Promise<GradeOutcome> {
  const result = await db.$transaction(async (tx) => {
    const done = await tx.submission.updateMany({
      where: { id: sub.id, status: 'running' },
      data: gradedColumns(verdict),
    });
    if (done.count === 0) return 'already-graded';
    if (sub.kind === 'submit') {
      // A regrade (its earlier verdict is in Regrade) may lower a score: recompute, never just raise.
      const regraded = (await tx.regrade.count({ where: { submissionId: sub.id } })) > 0;
      const who = { userId: sub.userId, cohortId: sub.cohortId };
      if (regraded) await recomputeProgress(tx, who, sub.exerciseId, verdict.maxScore);
      else await recordProgress(tx, { ...who, exerciseId: sub.exerciseId, score: verdict.score, maxScore: verdict.maxScore, solved: verdict.status === 'passed' });
    }
    return 'graded' as const;
  });
  if (result === 'graded') {
    const m = metrics();
    const outcome = gradingOutcome(verdict.status);
    m.gradings.inc({ outcome });
    m.gradingDuration.observe({ outcome }, (performance.now() - started) / 1000);
    m.submitToGraded.observe({ outcome }, (Date.now() - sub.createdAt.getTime()) / 1000);
  }
  return result;
}

/**
 * A learner's progress on an exercise in one scope recomputed from their graded submits in that
 * scope: best score (in today's maxScore), attempts, first solved (the earliest passing submit).
 * Serialised per learner, scope and exercise, so regrades landing together all end up counted.
 */
export async function recomputeProgress(tx: Prisma.TransactionClient, who: LearnerScope, exerciseId: string, maxScore: number): Promise<void> {
  const { userId, cohortId } = who;
  const scope = scopeKey(cohortId);
  await tx.$executeRaw`select pg_advisory_xact_lock(hashtext(${`progress:${userId}:${scope}:${exerciseId}`}))`;
  await tx.$executeRaw`
    insert into "Progress" ("userId", scope, "cohortId", "exerciseId", "bestScore", "maxScore", attempts, "firstOpenedAt", "firstSolvedAt", "updatedAt")
    select ${userId}::text, ${scope}::text, ${cohortId}::text, ${exerciseId}::text,
           coalesce(max(least(s.score / nullif(s."maxScore", 0), 1)), 0) * ${maxScore}::float8, ${maxScore}::float8, count(*)::int, now(),
           min(s."createdAt") filter (where s.verdict->>'status' = 'passed'), now()
    from "Submission" s
    where s."userId" = ${userId} and s."cohortId" is not distinct from ${cohortId}::text and s."exerciseId" = ${exerciseId} and s.kind = 'submit' and s.status = 'graded'
    on conflict ("userId", scope, "exerciseId") do update set
      "bestScore" = excluded."bestScore",
      "maxScore" = excluded."maxScore",
      attempts = excluded.attempts,
      "firstSolvedAt" = excluded."firstSolvedAt",
      "updatedAt" = now()`;
}

/** The job behind this submission failed every retry: say so, so the learner can submit again. */
export async function markGradingFailed(db: Db, submissionId: string): Promise<void> {
  await db.submission.updateMany({
    where: { id: submissionId, status: { in: ['queued', 'running'] } },
    data: { status: 'error', verdict: { error: 'Grading failed repeatedly (the graders were unavailable). Your code is saved; please submit again.' } },
  });
}
