// Submitting code for grading, and reading submissions back. A submission is recorded and its
// grading job enqueued in ONE transaction (the job exists iff the row does), after checks with
// clear answers: valid input, the scope it is made for (a cohort the learner studies in, or
// practice), that cohort's rules for the exercise, the learner's submissions in the last minute,
// and how many submissions are already waiting for a grader (back-pressure on exam day).
import crypto from 'node:crypto';
import { z } from 'zod';
import type { PgBoss } from 'pg-boss';
import type { Db } from './db.ts';
import type { Prisma } from './generated/prisma/client.ts';
import { enqueueGrading, startQueue } from './queue.ts';
import { checkSubmissionAllowed } from './instructor/student.ts';
import { draftUpsert } from './drafts.ts';
import { NOT_IN_COHORT, type LearnerScope } from './scope.ts';
import { databaseUrl } from './pg-config.ts';
import { codeSchema, exerciseIdSchema, firstMessage, refuse, type Refusal } from './limits.ts';
import { envInt, retryMessage } from './rate-limit.ts';
import { getExercise } from '../exercises/catalog.ts';
import { exerciseVersion } from '../exercises/files.ts';
import { examInProgressWith, inExamMessage } from './exams/in-progress.ts';
import { mayOpen, type Viewer as ExerciseViewer } from './authoring/live.ts';
import { asVerdict, withholdResults, type Verdict } from '../grader/verdict.ts';
import { DELETED_STUDENT } from './account/tombstone.ts';

export type { Verdict };

export interface SubmitLimits {
  perMinute: number; // submissions one learner may make in any 60 s
  maxQueued: number; // refuse new submissions while this many wait for a grader
}

export function submitLimits(env: NodeJS.ProcessEnv = process.env): SubmitLimits {
  return { perMinute: envInt('SUBMISSIONS_PER_MINUTE', 6, env), maxQueued: envInt('MAX_QUEUED_SUBMISSIONS', 2000, env) };
}

/**
 * The learner's seed for an exercise: their own hidden inputs, stable across submissions and
 * reproducible for regrades (it is stored on every submission). Keyed with AUTH_SECRET so a
 * learner cannot compute another's seed.
 */
export function learnerSeed(userId: string, exerciseId: string, secret = process.env.AUTH_SECRET || 'attention-lab-seed'): string {
  return crypto.createHmac('sha256', secret).update(`${userId}:${exerciseId}`).digest('hex').slice(0, 32);
}

export const submitInput = z.object({
  exerciseId: exerciseIdSchema,
  code: codeSchema,
  // the JSON API's: a cohort's id, null for practice; absent: the space the learner works in now
  cohortId: z.string({ error: 'cohortId is a cohort id, or null for practice.' }).min(1).max(64).nullable().optional(),
});

export type SubmitOutcome = { ok: true; submissionId: string } | Refusal;

export const ARCHIVED_COHORT = 'This cohort is archived and takes no more submissions. Switch to another cohort or to practice (at the top of the page).';

export interface SubmitDeps {
  db: Db;
  /** The pg-boss instance that sends jobs (process-wide in the app; the test's own in tests). */
  boss: () => Promise<PgBoss>;
  limits?: SubmitLimits;
}

// The queue depth is read at most every 500 ms per process: cheap under a burst, and a few
// hundred ms of staleness does not matter for back-pressure.
const depthCache = new WeakMap<Db, { at: number; value: Promise<number> }>();
function queuedCount(db: Db): Promise<number> {
  const hit = depthCache.get(db);
  const now = Date.now();
  if (hit && now - hit.at < 500) return hit.value;
  const value = db.submission.count({ where: { status: 'queued' } });
  depthCache.set(db, { at: now, value });
  value.catch(() => depthCache.delete(db));
  return value;
}

class Refused extends Error {
  retryAfterMs: number | undefined;
  kind: 'rate_limit' | 'validation';
  constructor(message: string, retryAfterMs?: number, kind: 'rate_limit' | 'validation' = 'rate_limit') {
    super(message);
    this.retryAfterMs = retryAfterMs;
    this.kind = kind;
  }
}

/**
 * Records a submit for `who` in the scope they name (who.cohortId: a cohort, null for practice).
 * The scope is checked here, inside the transaction, whoever resolved it: the learner must be a
 * student of that cohort, and the cohort must not be archived.
 */
export interface ExamTry {
  attemptId: string;
  /** The exam's rules in place of the cohort's, checked in the transaction: null to accept, else why not. */
  check: (tx: Prisma.TransactionClient) => Promise<string | null>;
}

export async function submit(
  deps: SubmitDeps,
  who: LearnerScope,
  raw: { exerciseId: unknown; code: unknown },
  opts: { saveDraft?: boolean; viewer?: ExerciseViewer; exam?: ExamTry } = {},
): Promise<SubmitOutcome> {
  const { userId, cohortId } = who;
  const parsed = submitInput.safeParse({ exerciseId: raw.exerciseId, code: raw.code });
  if (!parsed.success) return refuse('validation', firstMessage(parsed.error));
  const { exerciseId, code } = parsed.data;
  // a built-in exercise is graded on its files' version; an authored one on its current published version
  let version: string;
  if (getExercise(exerciseId)) version = exerciseVersion(exerciseId);
  else {
    const authored = await deps.db.exercise.findUnique({ where: { id: exerciseId }, select: { source: true, kind: true, contentVersion: true } });
    // a question is answered on its own page (lib/questions.ts), never submitted as code
    if (authored?.source !== 'authored' || authored.kind !== 'code' || !(await mayOpen(deps.db, opts.viewer ?? { id: userId }, exerciseId))) return refuse('validation', 'Unknown exercise.');
    version = authored.contentVersion;
  }
  const limits = deps.limits ?? submitLimits();

  // outside the exam, an exercise of the learner's exam in progress takes no submission: its verdict would show what the exam holds back
  const [waiting, exam] = await Promise.all([queuedCount(deps.db), opts.exam ? null : examInProgressWith(deps.db, userId, exerciseId)]);
  if (exam) return refuse('validation', inExamMessage(exam, 'exercise'));
  if (waiting >= limits.maxQueued) {
    return refuse('rate_limit', `The graders are busy right now (${waiting} submissions waiting). Your code is still here; submit again in a minute.`, 30_000);
  }

  const boss = await deps.boss();
  const seed = learnerSeed(userId, exerciseId);
  try {
    const id = await deps.db.$transaction(async (tx) => {
      // One learner's submits are serialised here, so the per-minute count is exact.
      await tx.$executeRaw`select pg_advisory_xact_lock(hashtext(${'submit:' + userId}))`;
      if (cohortId !== null) {
        const e = await tx.enrollment.findFirst({ where: { userId, cohortId, role: 'student' }, select: { cohort: { select: { archived: true } } } });
        if (!e) throw new Refused(NOT_IN_COHORT, undefined, 'validation');
        if (e.cohort.archived) throw new Refused(ARCHIVED_COHORT, undefined, 'validation');
      }
      // The cohort's rules for this exercise (opening date, attempt limit, late work refused), or the exam's.
      let assignmentId: string | null = null;
      if (opts.exam) {
        const refusal = await opts.exam.check(tx);
        if (refusal) throw new Refused(refusal, undefined, 'validation');
      } else {
        const gate = await checkSubmissionAllowed(tx, who, exerciseId);
        if (!gate.ok) throw new Refused(gate.message, undefined, 'validation');
        assignmentId = gate.assignmentId;
      }
      const recent = await tx.submission.findMany({
        // answers to questions have their own limit (lib/questions.ts)
        where: { userId, kind: 'submit', exercise: { kind: 'code' }, createdAt: { gt: new Date(Date.now() - 60_000) } },
        orderBy: { createdAt: 'asc' },
        select: { createdAt: true },
      });
      if (recent.length >= limits.perMinute) {
        const retry = recent[recent.length - limits.perMinute].createdAt.getTime() + 60_000 - Date.now();
        throw new Refused(`You can submit ${limits.perMinute} times a minute. ${retryMessage(retry)} (Run does not count.)`, retry);
      }
      const row = await tx.submission.create({
        data: { userId, cohortId, assignmentId, exerciseId, exerciseVersion: version, kind: opts.exam ? 'exam' : 'submit', examAttemptId: opts.exam?.attemptId ?? null, code, seed, status: 'queued' },
        select: { id: true },
      });
      if (opts.saveDraft && !opts.exam) await tx.draft.upsert(draftUpsert(who, exerciseId, code));
      await enqueueGrading(boss, tx, { submissionId: row.id });
      return row.id;
    }, { maxWait: 10_000 }); // under a burst a pooled connection can take longer than Prisma's 2 s default
    return { ok: true, submissionId: id };
  } catch (e) {
    if (e instanceof Refused) return refuse(e.kind, e.message, e.retryAfterMs);
    throw e;
  }
}

/** What the status route returns (see components/workbench/types.ts SubmissionStatus). */
export interface SubmissionStatusView {
  id: string;
  exerciseId: string;
  status: 'queued' | 'running' | 'graded' | 'error';
  score: number | null;
  maxScore: number | null;
  verdict: Verdict | { error: string } | null; // { error } while status is "error"
  createdAt: string;
  gradedAt: string | null;
  queuePosition: number | null;
}

/** Why a submission could not be graded, as the worker recorded it. */
function gradingError(verdictJson: unknown): string {
  const err = verdictJson && typeof verdictJson === 'object' ? (verdictJson as { error?: unknown }).error : undefined;
  return typeof err === 'string' ? err : 'the grader failed';
}

/**
 * One submission's status for whoever may read it (canViewSubmission: the owner, and the staff of
 * its cohort); null when it does not exist or the viewer may not see it. The owner, who polls it,
 * costs one row read by primary key.
 */
export async function submissionStatus(db: Db, viewer: Viewer, id: string): Promise<SubmissionStatusView | null> {
  if (typeof id !== 'string' || id.length > 64) return null;
  const s = await db.submission.findFirst({
    where: { id, kind: { in: ['submit', 'exam'] } },
    select: { id: true, userId: true, cohortId: true, exerciseId: true, status: true, score: true, maxScore: true, verdict: true, createdAt: true, gradedAt: true, examAttempt: { select: { exam: { select: { releasedAt: true } } } } },
  });
  if (!s || !(await canViewSubmission(db, viewer, s))) return null;
  const queuePosition = s.status === 'queued' ? await db.submission.count({ where: { status: 'queued', createdAt: { lte: s.createdAt } } }) : null;
  const held = heldBack(viewer, s);
  const verdict = asVerdict(s.verdict);
  return {
    id: s.id,
    exerciseId: s.exerciseId,
    status: s.status,
    score: held ? null : s.score,
    maxScore: held ? null : s.maxScore,
    verdict: s.status === 'graded' ? verdict && (held ? withholdResults(verdict, EXAM_HELD) : verdict) : s.status === 'error' ? (verdict ?? { error: gradingError(s.verdict) }) : null,
    createdAt: s.createdAt.toISOString(),
    gradedAt: s.gradedAt?.toISOString() ?? null,
    queuePosition,
  };
}

/** One line about a verdict for lists: "5 of 7 cases passed; matches: no 1/sqrt(d_k) scale". */
export function verdictSummary(status: string, verdictJson: unknown): string {
  if (status === 'queued') return 'Waiting for a grader';
  if (status === 'running') return 'Being graded';
  const v = asVerdict(verdictJson);
  if (!v) return verdictJson ? `Not graded: ${gradingError(verdictJson)}` : 'Not graded (grader error)';
  if (v.status === 'compile_error') return `Does not compile${v.compileError ? ` (line ${v.compileError.line})` : ''}`;
  if (v.status === 'error') return `Not graded: ${v.error ?? 'grader error'}`;
  const passed = v.cases.filter((c) => c.passed).length;
  const head = v.status === 'passed' ? `All ${v.cases.length} cases passed` : `${passed} of ${v.cases.length} cases passed`;
  const misconceptions = [...new Set(v.cases.filter((c) => !c.passed).map((c) => c.misconception?.title).filter((t): t is string => !!t))];
  return misconceptions.length ? `${head}; looks like: ${misconceptions.join(', ')}` : head;
}

export interface SubmissionListItem {
  id: string;
  createdAt: Date;
  status: 'queued' | 'running' | 'graded' | 'error';
  score: number | null;
  maxScore: number | null;
  summary: string;
  code: string;
  exerciseVersion: string;
}

/** A learner's submissions of one exercise in one scope, newest first. */
export async function submissionHistory(db: Db, who: LearnerScope, exerciseId: string, limit = 100): Promise<SubmissionListItem[]> {
  const rows = await db.submission.findMany({
    where: { userId: who.userId, cohortId: who.cohortId, exerciseId, kind: 'submit' },
    orderBy: { createdAt: 'desc' },
    take: limit,
    select: { id: true, createdAt: true, status: true, score: true, maxScore: true, verdict: true, code: true, exerciseVersion: true },
  });
  return rows.map(({ verdict, ...r }) => ({ ...r, summary: verdictSummary(r.status, verdict) }));
}

export interface SubmissionDetail extends SubmissionListItem {
  exerciseId: string;
  exerciseTitle: string;
  userId: string;
  userName: string | null;
  userEmail: string;
  userDeleted: boolean;
  cohortId: string | null; // null: practice
  cohortName: string | null;
  verdict: Verdict | null;
  gradedAt: Date | null;
}

export interface Viewer {
  id: string;
  role: string;
}

/**
 * Whether `viewer` may read a submission: its owner always; otherwise only work done for a cohort
 * (practice is the learner's alone), by an admin, or by an instructor (by account role, read from
 * the database by the session) of that very cohort while the owner is a student in it. Teaching
 * another cohort the owner is also in shows nothing of this one's work.
 */
export async function canViewSubmission(db: Db, viewer: Viewer, s: { userId: string; cohortId: string | null }): Promise<boolean> {
  if (viewer.id === s.userId) return true;
  if (s.cohortId === null) return false;
  if (viewer.role === 'admin') return true;
  // Teaching takes an instructor account as well as the roster entry (lib/instructor/authorization.ts):
  // an account made a student keeps no access through instructor enrollments it still has.
  if (viewer.role !== 'instructor') return false;
  const shared = await db.enrollment.count({
    where: { userId: viewer.id, role: 'instructor', cohortId: s.cohortId, cohort: { enrollments: { some: { userId: s.userId, role: 'student' } } } },
  });
  return shared > 0;
}

export const EXAM_HELD = 'Recorded for the exam. Its score and hidden cases are released by your instructor; here are the visible cases.';

/** Whether a submission's results are held back from this viewer: an exam try, before release, seen by its learner. */
function heldBack(viewer: Viewer, s: { userId: string; examAttempt: { exam: { releasedAt: Date | null } } | null }): boolean {
  return s.examAttempt !== null && s.examAttempt.exam.releasedAt === null && viewer.id === s.userId;
}

/** One submission for its page; null when it does not exist or the viewer may not see it. */
export async function submissionDetail(db: Db, viewer: Viewer, id: string): Promise<SubmissionDetail | null> {
  if (typeof id !== 'string' || id.length > 64) return null;
  const s = await db.submission.findFirst({
    where: { id, kind: { in: ['submit', 'exam'] } },
    include: { user: { select: { name: true, email: true, deletedAt: true } }, exercise: { select: { title: true } }, cohort: { select: { name: true } }, examAttempt: { select: { exam: { select: { releasedAt: true } } } } },
  });
  if (!s || !(await canViewSubmission(db, viewer, s))) return null;
  const deleted = s.user.deletedAt !== null;
  const held = heldBack(viewer, s);
  const verdict = asVerdict(s.verdict);
  return {
    id: s.id,
    createdAt: s.createdAt,
    status: s.status,
    score: held ? null : s.score,
    maxScore: held ? null : s.maxScore,
    summary: held ? EXAM_HELD : verdictSummary(s.status, s.verdict),
    code: s.code,
    exerciseVersion: s.exerciseVersion,
    exerciseId: s.exerciseId,
    exerciseTitle: s.exercise.title,
    userId: s.userId,
    // a deleted account: its code is gone from the database, and so is anything to name it by
    userName: deleted ? DELETED_STUDENT : s.user.name,
    userEmail: deleted ? '' : s.user.email,
    userDeleted: deleted,
    cohortId: s.cohortId,
    cohortName: s.cohort?.name ?? null,
    verdict: verdict && held ? withholdResults(verdict, EXAM_HELD) : verdict,
    gradedAt: s.gradedAt,
  };
}

const globalForQueue = globalThis as unknown as { attentionLabQueue?: Promise<PgBoss> };

/** The web process's pg-boss, started on first use, for sending grading jobs. */
export function appQueue(): Promise<PgBoss> {
  return (globalForQueue.attentionLabQueue ??= startQueue(databaseUrl(), { max: 3 }).catch((e) => {
    globalForQueue.attentionLabQueue = undefined; // let the next request try again
    throw e;
  }));
}
