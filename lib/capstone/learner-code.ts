// The learner's own code for each capstone component: their latest submission of that exercise
// that passed every case, in the space they work in now (practice, or the cohort they picked), and
// nobody else's. Homework submissions only: an exam's tries stay hidden from the learner until
// release (lib/exams), so they are never a source here. A component with no passing submission
// has no code: the page runs the reference engine for it and says so.
import type { Db } from '../db.ts';
import { scopeKey, type LearnerScope } from '../scope.ts';

export interface PassingCode {
  submissionId: string;
  code: string;
  submittedAt: Date;
}

/** Per exercise id asked for: the latest passing submission's code, or null. */
export async function latestPassingCode(db: Pick<Db, 'submission'>, who: LearnerScope, exerciseIds: readonly string[]): Promise<Record<string, PassingCode | null>> {
  const rows = await db.submission.findMany({
    where: {
      userId: who.userId,
      cohortId: who.cohortId, // null: practice only, never a cohort's work
      exerciseId: { in: [...exerciseIds] },
      kind: 'submit',
      status: 'graded',
      verdict: { path: ['status'], equals: 'passed' },
    },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    distinct: ['exerciseId'],
    select: { id: true, exerciseId: true, code: true, createdAt: true },
  });
  const byId = new Map(rows.map((r) => [r.exerciseId, { submissionId: r.id, code: r.code, submittedAt: r.createdAt }]));
  return Object.fromEntries(exerciseIds.map((id) => [id, byId.get(id) ?? null]));
}

export interface LatestCode {
  code: string;
  savedAt: Date;
  /** The same code as the latest passing submission. */
  passes: boolean;
}

export interface ComponentCode {
  passing: PassingCode | null;
  /** What the editor holds now (the draft, saved as they type), else their latest submission: run only on request. */
  latest: LatestCode | null;
}

/** Per exercise id: the latest passing code and the latest code of any kind, in the learner's space. */
export async function componentCode(db: Pick<Db, 'submission' | 'draft'>, who: LearnerScope, exerciseIds: readonly string[]): Promise<Record<string, ComponentCode>> {
  const ids = [...exerciseIds];
  const [passing, drafts, submissions] = await Promise.all([
    latestPassingCode(db, who, ids),
    db.draft.findMany({ where: { userId: who.userId, scope: scopeKey(who.cohortId), exerciseId: { in: ids } }, select: { exerciseId: true, code: true, updatedAt: true } }),
    db.submission.findMany({
      where: { userId: who.userId, cohortId: who.cohortId, exerciseId: { in: ids }, kind: 'submit' },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      distinct: ['exerciseId'],
      select: { exerciseId: true, code: true, createdAt: true },
    }),
  ]);
  const draftOf = new Map(drafts.map((d) => [d.exerciseId, { code: d.code, savedAt: d.updatedAt }]));
  const submittedOf = new Map(submissions.map((s) => [s.exerciseId, { code: s.code, savedAt: s.createdAt }]));
  return Object.fromEntries(
    ids.map((id) => {
      const p = passing[id];
      const latest = draftOf.get(id) ?? submittedOf.get(id) ?? null;
      return [id, { passing: p, latest: latest && { ...latest, passes: p !== null && p.code === latest.code } }];
    }),
  );
}
