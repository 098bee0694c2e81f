// A cohort's exams as gradebook columns: each student's score on each exam (staff see it before
// release; the column says whether students do), for the gradebook page and its CSV. The caller
// has checked that the actor teaches the cohort.
import type { Db } from '../db.ts';
import { attemptScore } from './results.ts';
import { examMaxScore } from './manage.ts';

export interface ExamColumn {
  examId: string;
  title: string;
  maxScore: number;
  released: boolean;
  tryPoints: number[];
}

export async function examColumns(db: Db, cohortId: string): Promise<ExamColumn[]> {
  const exams = await db.exam.findMany({ where: { cohortId }, orderBy: [{ opensAt: 'asc' }, { id: 'asc' }], include: { pools: { select: { choose: true, points: true } } } });
  return exams.map((e) => ({ examId: e.id, title: e.title, maxScore: examMaxScore(e.pools), released: e.releasedAt !== null, tryPoints: e.tryPoints }));
}

/** Score by exam id, then by user id; a student who did not start an exam has no entry. */
export async function examScores(db: Db, columns: readonly ExamColumn[], userIds: readonly string[]): Promise<Map<string, Map<string, number>>> {
  const out = new Map<string, Map<string, number>>(columns.map((c) => [c.examId, new Map()]));
  if (columns.length === 0 || userIds.length === 0) return out;
  const attempts = await db.examAttempt.findMany({
    where: { examId: { in: columns.map((c) => c.examId) }, userId: { in: [...userIds] } },
    include: { items: true, tries: { select: { exerciseId: true, status: true, score: true, maxScore: true, createdAt: true }, orderBy: { createdAt: 'asc' } } },
  });
  const schedule = new Map(columns.map((c) => [c.examId, c.tryPoints]));
  for (const a of attempts) out.get(a.examId)!.set(a.userId, attemptScore(a.items, a.tries, schedule.get(a.examId)!).score);
  return out;
}
