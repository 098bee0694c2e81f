// The score of one student on one assignment, from their submissions: pure, so the gradebook, the
// CSV, the drill-down and the student's own view all agree by construction.
//
// The rules:
// - Only submits made at or after the opening count (the submit path refuses earlier ones; older
//   practice submits from before the assignment existed are not part of it).
// - The due date is the student's extension when they have one, else the assignment's.
// - A submit after the due date is late by the number of started days (1 second late = 1 day).
//   reject: a late submit is not accepted (it scores nothing and uses no attempt);
//   penalty: it loses perDay % per started day, at most cap %;
//   accept: it counts in full.
// - Attempts are the accepted submits in time order; with a limit of N only the first N count.
//   Submits the grader failed on (status error: never the learner's fault) use no attempt.
// - The score is the best counted submit after its penalty, scaled from the verdict's score (which
//   carries partial credit per case) to the assignment's points, rounded to 2 decimals.
import type { LatePolicy, SubmissionStatus } from '../generated/prisma/enums.ts';

export const DAY_MS = 86_400_000;

export interface ScoringPolicy {
  opensAt: Date;
  dueAt: Date; // the effective due date: the student's extension when there is one
  latePolicy: LatePolicy;
  latePenaltyPerDay: number; // percent
  latePenaltyCap: number; // percent
  attemptLimit: number | null;
  points: number; // the assignment's worth (the exercise's points)
}

export interface ScoredSubmission {
  id: string;
  createdAt: Date;
  status: SubmissionStatus;
  score: number | null; // the verdict's score
  maxScore: number | null;
}

export type AttemptFate =
  | 'counted' // scored (or will be, once graded)
  | 'before-opening'
  | 'late-rejected'
  | 'over-limit'
  | 'grader-error';

export interface AttemptResult {
  id: string;
  createdAt: Date;
  fate: AttemptFate;
  attempt: number | null; // 1-based among the attempts, null when it used none
  daysLate: number; // 0 when on time
  penaltyPercent: number;
  pending: boolean; // counted but not graded yet
  raw: number | null; // the verdict's score scaled to the assignment's points
  adjusted: number | null; // after the late penalty; null when it does not count or is pending
}

export interface AssignmentScore {
  score: number | null; // null: nothing counted has been graded
  maxScore: number;
  attempts: number; // attempts used (counted submits, graded or pending)
  pending: number; // counted submits still being graded
  ignored: number; // submits that did not count (late and rejected, over the limit)
  late: boolean; // the submit that gives the score was late
  penaltyPercent: number; // the penalty applied to that submit
  bestSubmissionId: string | null;
  results: AttemptResult[]; // one per submission, in time order
}

export function round2(x: number): number {
  return Math.round(x * 100) / 100 + 0;
}

/** Started days after the due date: 0 when on time (at the due instant exactly is on time). */
export function daysLate(submittedAt: Date, dueAt: Date): number {
  const ms = submittedAt.getTime() - dueAt.getTime();
  return ms > 0 ? Math.ceil(ms / DAY_MS) : 0;
}

/** Percent taken off a submit that is `days` started days late under the policy. */
export function penaltyPercent(policy: Pick<ScoringPolicy, 'latePolicy' | 'latePenaltyPerDay' | 'latePenaltyCap'>, days: number): number {
  if (days <= 0 || policy.latePolicy === 'accept') return 0;
  if (policy.latePolicy === 'reject') return 100;
  return Math.min(policy.latePenaltyPerDay * days, policy.latePenaltyCap, 100);
}

function scaled(s: ScoredSubmission, points: number): number | null {
  if (s.status !== 'graded' || s.score === null) return null;
  if (!s.maxScore || s.maxScore <= 0) return 0;
  return (Math.max(0, Math.min(s.score, s.maxScore)) / s.maxScore) * points;
}

export function scoreAssignment(policy: ScoringPolicy, submissions: readonly ScoredSubmission[]): AssignmentScore {
  const ordered = [...submissions].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const results: AttemptResult[] = [];
  let used = 0;
  let pending = 0;
  let ignored = 0;
  let best: AttemptResult | null = null;

  for (const s of ordered) {
    const days = daysLate(s.createdAt, policy.dueAt);
    const base = { id: s.id, createdAt: s.createdAt, daysLate: days, attempt: null, penaltyPercent: 0, pending: false, raw: scaled(s, policy.points), adjusted: null };
    let r: AttemptResult;
    if (s.createdAt.getTime() < policy.opensAt.getTime()) r = { ...base, fate: 'before-opening' };
    else if (s.status === 'error') r = { ...base, fate: 'grader-error' };
    else if (days > 0 && policy.latePolicy === 'reject') r = { ...base, fate: 'late-rejected', penaltyPercent: 100 };
    else if (policy.attemptLimit !== null && used >= policy.attemptLimit) r = { ...base, fate: 'over-limit' };
    else {
      used += 1;
      const pct = penaltyPercent(policy, days);
      const isPending = base.raw === null;
      if (isPending) pending += 1;
      r = { ...base, fate: 'counted', attempt: used, penaltyPercent: pct, pending: isPending, adjusted: isPending ? null : round2(base.raw! * (1 - pct / 100)) };
      // ties keep the earlier submit, so an on-time score is never displaced by an equal late one
      if (r.adjusted !== null && (best === null || r.adjusted > best.adjusted!)) best = r;
    }
    if (r.fate === 'late-rejected' || r.fate === 'over-limit') ignored += 1;
    results.push(r);
  }

  return {
    score: best ? best.adjusted : null,
    maxScore: policy.points,
    attempts: used,
    pending,
    ignored,
    late: best ? best.daysLate > 0 : false,
    penaltyPercent: best ? best.penaltyPercent : 0,
    bestSubmissionId: best ? best.id : null,
    results,
  };
}

/** The policy for one student: the assignment's, with their extension's due date when they have one. */
export function policyFor(
  assignment: Omit<ScoringPolicy, 'points'> & { exercise: { points: number } },
  extensionDueAt: Date | null | undefined,
): ScoringPolicy {
  return {
    opensAt: assignment.opensAt,
    dueAt: extensionDueAt ?? assignment.dueAt,
    latePolicy: assignment.latePolicy,
    latePenaltyPerDay: assignment.latePenaltyPerDay,
    latePenaltyCap: assignment.latePenaltyCap,
    attemptLimit: assignment.attemptLimit,
    points: assignment.exercise.points,
  };
}
