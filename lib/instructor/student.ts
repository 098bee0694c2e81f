// The assignments as a student meets them in the cohort they work in: their due dates (with their
// own extension) on the course map, and the gate the submit path asks before it accepts a
// submission. Both read the student's own rows only, so they take the student (and the cohort)
// rather than an instructor.
import type { Db } from '../db.ts';
import { termsOf, type AssignmentTerms } from './assignments.ts';
import { penaltyPercent, daysLate, policyFor, scoreAssignment, type ScoringPolicy } from './scoring.ts';
import type { LearnerScope } from '../scope.ts';

/** The client or a transaction on it (the submit path can ask inside its own transaction). */
type Reader = Pick<Db, 'assignment' | 'submission'>;

export type AssignmentState = 'upcoming' | 'open' | 'late' | 'closed';

/** An assignment as its student sees it; dueAt is the student's due date (their extension when they have one). */
export interface StudentAssignment extends AssignmentTerms {
  assignmentId: string;
  cohortId: string;
  cohortName: string;
  originalDueAt: Date;
  extended: boolean;
  attemptsUsed: number;
  state: AssignmentState;
  score: number | null; // the score so far under the assignment's rules
  late: boolean; // that score comes from a late submit
}

export type SubmissionGate =
  | {
      ok: true;
      assignmentId: string | null; // null: the cohort has not assigned the exercise, or practice (free)
      late: boolean;
      penaltyPercent: number; // what a submit now loses (0 when on time)
      attemptsLeft: number | null; // after this submit is accepted; null without a limit
      message: string | null; // e.g. the late penalty, for the page to show before the verdict
    }
  | { ok: false; reason: 'not-open' | 'attempt-limit' | 'late-rejected'; assignmentId: string; message: string };

/** "2026-03-01 09:00 UTC": unambiguous wherever the student is. */
export function formatDue(d: Date): string {
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

// The cohort's assignments while the learner is one of its students and it is not archived: the
// assignments of one cohort never apply to work done in another, nor to practice.
async function assignmentsOf(db: Reader, who: LearnerScope, exerciseId?: string) {
  if (who.cohortId === null) return [];
  return db.assignment.findMany({
    where: { cohortId: who.cohortId, ...(exerciseId ? { exerciseId } : {}), cohort: { archived: false, enrollments: { some: { userId: who.userId, role: 'student' } } } },
    include: { exercise: true, cohort: { select: { id: true, name: true } }, extensions: { where: { userId: who.userId }, select: { dueAt: true } } },
    orderBy: [{ dueAt: 'asc' }, { exercise: { moduleOrder: 'asc' } }, { exercise: { order: 'asc' } }, { id: 'asc' }],
  });
}

/** The learner's submits in the same cohort: late penalties and attempt limits count nothing else. */
async function submitsOf(db: Reader, who: LearnerScope, exerciseIds: string[]) {
  if (exerciseIds.length === 0) return [];
  return db.submission.findMany({
    where: { userId: who.userId, cohortId: who.cohortId, kind: 'submit', exerciseId: { in: exerciseIds } },
    select: { id: true, exerciseId: true, createdAt: true, status: true, score: true, maxScore: true },
  });
}

function stateAt(policy: ScoringPolicy, now: Date): AssignmentState {
  if (now.getTime() < policy.opensAt.getTime()) return 'upcoming';
  if (now.getTime() <= policy.dueAt.getTime()) return 'open';
  return policy.latePolicy === 'reject' ? 'closed' : 'late';
}

/** The assignments of the cohort the student works in, soonest due first (their own due date). */
export async function assignmentsForStudent(db: Reader, who: LearnerScope, now: Date = new Date()): Promise<StudentAssignment[]> {
  const assignments = await assignmentsOf(db, who);
  const subs = await submitsOf(db, who, [...new Set(assignments.map((a) => a.exerciseId))]);
  const list = assignments.map((a) => {
    const ext = a.extensions[0]?.dueAt ?? null;
    const policy = policyFor(a, ext);
    const scored = scoreAssignment(policy, subs.filter((s) => s.exerciseId === a.exerciseId));
    return {
      assignmentId: a.id,
      cohortId: a.cohort.id,
      cohortName: a.cohort.name,
      ...termsOf(a),
      dueAt: policy.dueAt,
      originalDueAt: a.dueAt,
      extended: ext !== null,
      attemptsUsed: scored.attempts,
      state: stateAt(policy, now),
      score: scored.score,
      late: scored.late,
    };
  });
  // soonest due first by the student's own due date (an extension moves an assignment down)
  return list.sort((x, y) => x.dueAt.getTime() - y.dueAt.getTime());
}

/**
 * Whether the student may submit the exercise now, in the cohort they work in. Exercises the
 * cohort has not assigned, and everything in practice, are free (always allowed). The cohort has
 * at most one assignment per exercise; only submits made in that cohort use its attempts.
 */
export async function checkSubmissionAllowed(db: Reader, who: LearnerScope, exerciseId: string, now: Date = new Date()): Promise<SubmissionGate> {
  const [a] = await assignmentsOf(db, who, exerciseId);
  if (!a) return { ok: true, assignmentId: null, late: false, penaltyPercent: 0, attemptsLeft: null, message: null };
  const subs = await submitsOf(db, who, [exerciseId]);
  const policy = policyFor(a, a.extensions[0]?.dueAt ?? null);
  const used = scoreAssignment(policy, subs).attempts;
  const days = daysLate(now, policy.dueAt);
  if (now.getTime() < policy.opensAt.getTime()) {
    return { ok: false, reason: 'not-open', assignmentId: a.id, message: `This exercise opens for submissions on ${formatDue(policy.opensAt)} (${a.cohort.name}). Submissions before then are not accepted.` };
  }
  if (days > 0 && policy.latePolicy === 'reject') {
    return { ok: false, reason: 'late-rejected', assignmentId: a.id, message: `The due date (${formatDue(policy.dueAt)}) has passed, and this assignment does not accept late submissions.` };
  }
  if (policy.attemptLimit !== null && used >= policy.attemptLimit) {
    return { ok: false, reason: 'attempt-limit', assignmentId: a.id, message: `You have used all ${policy.attemptLimit} attempt${policy.attemptLimit === 1 ? '' : 's'} for this assignment.` };
  }
  const pct = penaltyPercent(policy, days);
  const left = policy.attemptLimit === null ? null : policy.attemptLimit - used - 1;
  const notes: string[] = [];
  if (days > 0) notes.push(pct > 0 ? `This submission is ${days} day${days === 1 ? '' : 's'} late: its score loses ${pct} %.` : 'This submission is late; late work counts in full.');
  if (left !== null) notes.push(`${left} attempt${left === 1 ? '' : 's'} left after this one.`);
  return { ok: true, assignmentId: a.id, late: days > 0, penaltyPercent: pct, attemptsLeft: left, message: notes.length ? notes.join(' ') : null };
}
