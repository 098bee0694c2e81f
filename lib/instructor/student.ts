// The assignments as a student meets them: their due dates (with their own extension) on the course
// map, and the gate the submit path asks before it accepts a submission. Both read the student's
// own rows only, so they take the student's id rather than an instructor.
import type { Db } from '../db.ts';
import { termsOf, type AssignmentTerms } from './assignments.ts';
import { penaltyPercent, daysLate, policyFor, scoreAssignment, type ScoringPolicy } from './scoring.ts';

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
      assignmentId: string | null; // null: the exercise is not assigned to the student (free practice)
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

async function assignmentsOf(db: Reader, userId: string, exerciseId?: string) {
  return db.assignment.findMany({
    where: { ...(exerciseId ? { exerciseId } : {}), cohort: { archived: false, enrollments: { some: { userId, role: 'student' } } } },
    include: { exercise: true, cohort: { select: { id: true, name: true } }, extensions: { where: { userId }, select: { dueAt: true } } },
    orderBy: [{ dueAt: 'asc' }, { exercise: { moduleOrder: 'asc' } }, { exercise: { order: 'asc' } }, { id: 'asc' }],
  });
}

async function submitsOf(db: Reader, userId: string, exerciseIds: string[]) {
  if (exerciseIds.length === 0) return [];
  return db.submission.findMany({
    where: { userId, kind: 'submit', exerciseId: { in: exerciseIds } },
    select: { id: true, exerciseId: true, createdAt: true, status: true, score: true, maxScore: true },
  });
}

function stateAt(policy: ScoringPolicy, now: Date): AssignmentState {
  if (now.getTime() < policy.opensAt.getTime()) return 'upcoming';
  if (now.getTime() <= policy.dueAt.getTime()) return 'open';
  return policy.latePolicy === 'reject' ? 'closed' : 'late';
}

/** Every assignment of the student's active cohorts, soonest due first (their own due date). */
export async function assignmentsForStudent(db: Reader, userId: string, now: Date = new Date()): Promise<StudentAssignment[]> {
  const assignments = await assignmentsOf(db, userId);
  const subs = await submitsOf(db, userId, [...new Set(assignments.map((a) => a.exerciseId))]);
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
 * Whether the student may submit the exercise now. Exercises not assigned to them are free
 * practice (always allowed). When several of their cohorts assign the exercise, one assignment
 * that accepts the submit is enough; otherwise the refusal names the first assignment's reason.
 */
export async function checkSubmissionAllowed(db: Reader, userId: string, exerciseId: string, now: Date = new Date()): Promise<SubmissionGate> {
  const assignments = await assignmentsOf(db, userId, exerciseId);
  if (assignments.length === 0) return { ok: true, assignmentId: null, late: false, penaltyPercent: 0, attemptsLeft: null, message: null };
  const subs = await submitsOf(db, userId, [exerciseId]);

  let refusal: SubmissionGate | null = null;
  let best: Extract<SubmissionGate, { ok: true }> | null = null;
  for (const a of assignments) {
    const policy = policyFor(a, a.extensions[0]?.dueAt ?? null);
    const used = scoreAssignment(policy, subs).attempts;
    const days = daysLate(now, policy.dueAt);
    if (now.getTime() < policy.opensAt.getTime()) {
      refusal ??= { ok: false, reason: 'not-open', assignmentId: a.id, message: `This exercise opens for submissions on ${formatDue(policy.opensAt)} (${a.cohort.name}). Submissions before then are not accepted.` };
    } else if (days > 0 && policy.latePolicy === 'reject') {
      refusal ??= { ok: false, reason: 'late-rejected', assignmentId: a.id, message: `The due date (${formatDue(policy.dueAt)}) has passed, and this assignment does not accept late submissions.` };
    } else if (policy.attemptLimit !== null && used >= policy.attemptLimit) {
      refusal ??= { ok: false, reason: 'attempt-limit', assignmentId: a.id, message: `You have used all ${policy.attemptLimit} attempt${policy.attemptLimit === 1 ? '' : 's'} for this assignment.` };
    } else {
      const pct = penaltyPercent(policy, days);
      const left = policy.attemptLimit === null ? null : policy.attemptLimit - used - 1;
      const notes: string[] = [];
      if (days > 0) notes.push(pct > 0 ? `This submission is ${days} day${days === 1 ? '' : 's'} late: its score loses ${pct} %.` : 'This submission is late; late work counts in full.');
      if (left !== null) notes.push(`${left} attempt${left === 1 ? '' : 's'} left after this one.`);
      const gate = { ok: true as const, assignmentId: a.id, late: days > 0, penaltyPercent: pct, attemptsLeft: left, message: notes.length ? notes.join(' ') : null };
      if (!best || gate.penaltyPercent < best.penaltyPercent) best = gate;
    }
  }
  return best ?? refusal!;
}
