// A learner's progress on one exercise: best score, attempts, when first opened and first solved.
import type { Prisma } from './generated/prisma/client.ts';

type Tx = Prisma.TransactionClient;

/** Atomic even when two gradings of the same learner and exercise land at once. */
export async function recordProgress(
  tx: Tx,
  p: { userId: string; exerciseId: string; score: number; maxScore: number; solved: boolean },
): Promise<void> {
  await tx.$executeRaw`
    insert into "Progress" ("userId", "exerciseId", "bestScore", "maxScore", attempts, "firstOpenedAt", "firstSolvedAt", "updatedAt")
    values (${p.userId}, ${p.exerciseId}, ${p.score}, ${p.maxScore}, 1, now(), ${p.solved ? new Date() : null}, now())
    on conflict ("userId", "exerciseId") do update set
      "bestScore" = greatest("Progress"."bestScore" * (excluded."maxScore" / "Progress"."maxScore"), excluded."bestScore"),
      "maxScore" = excluded."maxScore",
      attempts = "Progress".attempts + 1,
      "firstSolvedAt" = coalesce("Progress"."firstSolvedAt", excluded."firstSolvedAt"),
      "updatedAt" = now()`;
}

export async function recordOpened(tx: Tx, userId: string, exerciseId: string, maxScore: number): Promise<void> {
  await tx.progress.upsert({
    where: { userId_exerciseId: { userId, exerciseId } },
    create: { userId, exerciseId, maxScore, firstOpenedAt: new Date() },
    update: {},
  });
}
