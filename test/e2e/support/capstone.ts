// A learner who has passed the capstone's components, written straight to the database: one
// graded, passing submission per exercise with the course's own solution, in the demo cohort (the
// space a demo-cohort student works in). For the capstone pages' tests and benchmark.
import fs from 'node:fs';
import path from 'node:path';
import { DEMO } from '../../../lib/seed.ts';
import { ROOT, type RunningApp } from './app.ts';
import { createStudent, newLearner, type Learner } from './auth.ts';

export const solutionOf = (exerciseId: string) => fs.readFileSync(path.join(ROOT, 'exercises', exerciseId, 'solution.ts'), 'utf8');

export async function createSolver(app: RunningApp, exerciseIds: readonly string[]): Promise<Learner & { id: string; cohortId: string }> {
  const solver = await createStudent(app, newLearner('solver'));
  const cohort = await app.db.cohort.findUniqueOrThrow({ where: { joinCode: DEMO.joinCode } });
  for (const exerciseId of exerciseIds) {
    await app.db.submission.create({
      data: {
        userId: solver.id, cohortId: cohort.id, exerciseId, exerciseVersion: 'e2e', kind: 'submit', code: solutionOf(exerciseId), seed: 's',
        status: 'graded', verdict: { status: 'passed', cases: [] }, score: 1, maxScore: 1, gradedAt: new Date(),
      },
    });
  }
  return { ...solver, cohortId: cohort.id };
}
