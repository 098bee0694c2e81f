// The columns a graded Submission row carries, from its verdict: the grading worker writes them
// for code, and an answer to a question (graded at once) is created with them.
import type { Verdict } from '../grader/verdict.ts';

export function gradedColumns(verdict: Verdict, at = new Date()) {
  return {
    status: 'graded' as const,
    exerciseVersion: verdict.exerciseVersion,
    score: verdict.score,
    maxScore: verdict.maxScore,
    verdict: verdict as object,
    cpuMs: Math.round(verdict.cpuMs),
    wallMs: Math.round(verdict.wallMs),
    gradedAt: at,
  };
}
