// A learner's progress on one exercise in one scope (a cohort, or practice): best score, attempts,
// when first opened and first solved. Work in one cohort never counts in another.
import type { Prisma } from './generated/prisma/client.ts';
import { scopeKey, scoped, type LearnerScope } from './scope.ts';

type Tx = Prisma.TransactionClient;

/** Atomic even when two gradings of the same learner, scope and exercise land at once. */
export async function recordProgress(
  tx: Tx,
  p: LearnerScope & { exerciseId: string; score: number; maxScore: number; solved: boolean },
): Promise<void> {
  await tx.$executeRaw`
    insert into "Progress" ("userId", scope, "cohortId", "exerciseId", "bestScore", "maxScore", attempts, "firstOpenedAt", "firstSolvedAt", "updatedAt")
    values (${p.userId}, ${scopeKey(p.cohortId)}, ${p.cohortId}, ${p.exerciseId}, ${p.score}, ${p.maxScore}, 1, now(), ${p.solved ? new Date() : null}, now())
    on conflict ("userId", scope, "exerciseId") do update set
      "bestScore" = greatest("Progress"."bestScore" * (excluded."maxScore" / "Progress"."maxScore"), excluded."bestScore"),
      "maxScore" = excluded."maxScore",
      attempts = "Progress".attempts + 1,
      "firstSolvedAt" = coalesce("Progress"."firstSolvedAt", excluded."firstSolvedAt"),
      "updatedAt" = now()`;
}

export async function recordOpened(tx: Tx, who: LearnerScope, exerciseId: string, maxScore: number): Promise<void> {
  const { cohortId, scope } = scoped(who.cohortId);
  await tx.progress.upsert({
    where: { userId_scope_exerciseId: { userId: who.userId, scope, exerciseId } },
    create: { userId: who.userId, scope, cohortId, exerciseId, maxScore, firstOpenedAt: new Date() },
    update: {},
  });
}
