// The learner's work in progress on an exercise, saved as they type (the editor debounces) so it
// comes back after a reload or on another machine. One row per learner and exercise.
import type { Db } from './db.ts';
import { Prisma } from './generated/prisma/client.ts';
import { draftSchema, firstMessage, refuse, type Refusal } from './limits.ts';

export type DraftSaveResult = { ok: true; savedAt: string } | Refusal;

export async function saveDraft(db: Db, userId: string, exerciseId: string, code: unknown): Promise<DraftSaveResult> {
  const parsed = draftSchema.safeParse(code);
  if (!parsed.success) return refuse('validation', firstMessage(parsed.error));
  try {
    const row = await db.draft.upsert({
      where: { userId_exerciseId: { userId, exerciseId } },
      create: { userId, exerciseId, code: parsed.data },
      update: { code: parsed.data },
      select: { updatedAt: true },
    });
    return { ok: true, savedAt: row.updatedAt.toISOString() };
  } catch (e) {
    // P2003: no such exercise (or user) row; the caller names only synced exercises
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === 'P2003') return refuse('validation', 'Unknown exercise.');
    throw e;
  }
}

export async function loadDraft(db: Db, userId: string, exerciseId: string): Promise<{ code: string; updatedAt: Date } | null> {
  return db.draft.findUnique({ where: { userId_exerciseId: { userId, exerciseId } }, select: { code: true, updatedAt: true } });
}

/** Back to the starter: the draft is deleted (submissions keep their own copy of the code). */
export async function resetDraft(db: Db, userId: string, exerciseId: string): Promise<void> {
  await db.draft.deleteMany({ where: { userId, exerciseId } });
}
