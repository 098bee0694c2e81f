// The grading worker's one job: take a queued submission, grade it in the sandbox, and write the
// verdict and the learner's progress in one transaction. Safe to run twice for the same job (a
// retry after a crash): a submission that is already graded is left as it is.
import type { Db } from './db.ts';
import { grade } from '../grader/grade.ts';
import type { SandboxPool } from '../grader/pool.ts';
import type { Verdict } from '../grader/verdict.ts';
import { getExercise } from '../exercises/catalog.ts';
import { exerciseVersion } from '../exercises/files.ts';
import { recordProgress } from './progress.ts';

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
  const exercise = getExercise(sub.exerciseId);
  if (!exercise) {
    await db.submission.update({ where: { id: sub.id }, data: { status: 'error', verdict: { error: `exercise ${sub.exerciseId} is no longer in the catalog` } } });
    return 'graded';
  }
  const version = exerciseVersion(exercise.id);
  const verdict: Verdict = await grade({ ...exercise, version }, sub.code, { seed: sub.seed, pool, visibleOnly: sub.kind === 'run' });

  return db.$transaction(async (tx) => {
    const done = await tx.submission.updateMany({
      where: { id: sub.id, status: 'running' },
      data: {
        status: 'graded',
        exerciseVersion: version,
        score: verdict.score,
        maxScore: verdict.maxScore,
        verdict: verdict as object,
        cpuMs: Math.round(verdict.cpuMs),
        wallMs: Math.round(verdict.wallMs),
        gradedAt: new Date(),
      },
    });
    if (done.count === 0) return 'already-graded';
    if (sub.kind === 'submit') await recordProgress(tx, { userId: sub.userId, exerciseId: sub.exerciseId, score: verdict.score, maxScore: verdict.maxScore, solved: verdict.status === 'passed' });
    return 'graded';
  });
}
