// The learner's own code for each capstone component: their latest submission of that exercise
// that passed every case, in the space they work in now (practice, or the cohort they picked), and
// nobody else's. Homework submissions only: an exam's tries stay hidden from the learner until
// release (lib/exams), so they are never a source here. A component with no passing submission
// has no code: the page runs the reference engine for it and says so.
import type { Db } from '../db.ts';
import type { LearnerScope } from '../scope.ts';

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
