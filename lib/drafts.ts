// The learner's work in progress on an exercise, saved as they type (the editor debounces) so it
// comes back after a reload or on another machine. One row per learner, scope (a cohort, or
// practice) and exercise: the code written for one cohort does not appear in another.
import type { Db } from './db.ts';
import { Prisma } from './generated/prisma/client.ts';
import { draftSchema, firstMessage, refuse, type Refusal } from './limits.ts';
import { scoped, scopeKey, type LearnerScope } from './scope.ts';

export type DraftSaveResult = { ok: true; savedAt: string } | Refusal;

const key = (who: LearnerScope, exerciseId: string) => ({ userId_scope_exerciseId: { userId: who.userId, scope: scopeKey(who.cohortId), exerciseId } });

export async function saveDraft(db: Db, who: LearnerScope, exerciseId: string, code: unknown): Promise<DraftSaveResult> {
  const parsed = draftSchema.safeParse(code);
  if (!parsed.success) return refuse('validation', firstMessage(parsed.error));
  try {
    const row = await db.draft.upsert({
      where: key(who, exerciseId),
      create: { userId: who.userId, ...scoped(who.cohortId), exerciseId, code: parsed.data },
      update: { code: parsed.data },
      select: { updatedAt: true },
    });
    return { ok: true, savedAt: row.updatedAt.toISOString() };
  } catch (e) {
    // P2003: no such exercise (or user, or cohort) row; the caller names only synced exercises
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === 'P2003') return refuse('validation', 'Unknown exercise.');
    throw e;
  }
}

export async function loadDraft(db: Db, who: LearnerScope, exerciseId: string): Promise<{ code: string; updatedAt: Date } | null> {
  return db.draft.findUnique({ where: key(who, exerciseId), select: { code: true, updatedAt: true } });
}

/** Back to the starter: the draft is deleted (submissions keep their own copy of the code). */
export async function resetDraft(db: Db, who: LearnerScope, exerciseId: string): Promise<void> {
  await db.draft.deleteMany({ where: { userId: who.userId, scope: scopeKey(who.cohortId), exerciseId } });
}

/** The draft upsert the submit path runs inside its own transaction. */
export function draftUpsert(who: LearnerScope, exerciseId: string, code: string): Prisma.DraftUpsertArgs {
  return { where: key(who, exerciseId), create: { userId: who.userId, ...scoped(who.cohortId), exerciseId, code }, update: { code } };
}
