// Whether a learner is in the middle of an exam that holds an item: while it runs, the item's own
// practice or homework page gives nothing away (no new variant to answer, no worked solution of an
// earlier one, no verdict on the hidden cases the exam holds back), so the exam cannot be answered
// by practising its question or exercise beside it.
import type { Db } from '../db.ts';

/** The title of the learner's exam in progress that holds `exerciseId`, or null. */
export async function examInProgressWith(db: Pick<Db, 'examAttempt'>, userId: string, exerciseId: string, now = new Date()): Promise<string | null> {
  const a = await db.examAttempt.findFirst({
    where: { userId, endsAt: { gt: now }, items: { some: { exerciseId } } },
    select: { exam: { select: { title: true } } },
  });
  return a?.exam.title ?? null;
}

export const inExamMessage = (title: string, what: 'question' | 'exercise' = 'question') =>
  `This ${what} is part of your exam in progress ("${title}"): ${what === 'question' ? 'answer' : 'submit'} it there. It opens here again when your exam ends.`;
