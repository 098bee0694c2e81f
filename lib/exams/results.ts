// One attempt's score from its items and its tries: each item earns the best of its tries, each try
// worth at most its place in the exam's schedule (scoring.ts itemScore). A try still being graded
// uses its place and earns nothing until its verdict lands. Pure.
import { itemScore, type ItemScore } from './scoring.ts';

export interface AttemptItemScore extends ItemScore {
  position: number;
  exerciseId: string;
  /** Tries waiting for the grader. */
  pending: number;
}

export interface AttemptScore {
  score: number;
  maxScore: number;
  items: AttemptItemScore[];
}

type Item = { position: number; exerciseId: string; points: number };
type Try = { exerciseId: string; status: string; score: number | null; maxScore: number | null; createdAt: Date };

export function attemptScore(items: readonly Item[], tries: readonly Try[], schedule: readonly number[]): AttemptScore {
  const scored = items.map((item): AttemptItemScore => {
    const mine = tries.filter((t) => t.exerciseId === item.exerciseId);
    const results = mine.map((t) => (t.status === 'graded' && t.maxScore !== null ? { score: t.score ?? 0, maxScore: t.maxScore, createdAt: t.createdAt } : { score: 0, maxScore: 1, createdAt: t.createdAt }));
    return { position: item.position, exerciseId: item.exerciseId, pending: mine.filter((t) => t.status === 'queued' || t.status === 'running').length, ...itemScore(results, schedule, item.points) };
  });
  const round2 = (x: number) => Math.round(x * 100) / 100;
  return { score: round2(scored.reduce((s, i) => s + i.points, 0)), maxScore: round2(items.reduce((s, i) => s + i.points, 0)), items: scored };
}
