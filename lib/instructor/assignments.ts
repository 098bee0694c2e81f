// Assignments: an exercise (or every exercise of a module) given to a cohort with an opening, a
// due date, a late policy and an optional attempt limit; and per-student extensions of the due date
// (each grant and removal audited in its own transaction, lib/audit.ts).
import { z } from 'zod';
import type { Db } from '../db.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import type { LatePolicy } from '../generated/prisma/enums.ts';
import { recordAudit } from '../audit.ts';
import { DELETED_STUDENT } from '../account/tombstone.ts';
import { type Actor, type Staff, AccessDenied, InputError, parseInput, requireAssignment, requireCohort, requireStaff, requireStudentOf } from './authorization.ts';

const date = (label: string) =>
  z.union([z.date(), z.string().trim().min(1, `Enter the ${label}.`)]).transform((v, ctx) => {
    const d = v instanceof Date ? v : new Date(v);
    if (Number.isNaN(d.getTime())) {
      ctx.addIssue({ code: 'custom', message: `The ${label} is not a valid date.` });
      return z.NEVER;
    }
    return d;
  });

const percent = (label: string) => z.coerce.number({ error: `The ${label} must be a number.` }).min(0, `The ${label} is at least 0 %.`).max(100, `The ${label} is at most 100 %.`);

const settingsShape = {
  opensAt: date('opening date'),
  dueAt: date('due date'),
  latePolicy: z.enum(['reject', 'penalty', 'accept'], { error: 'Choose a late policy.' }),
  latePenaltyPerDay: percent('penalty per day').default(10),
  latePenaltyCap: percent('penalty cap').default(50),
  attemptLimit: z.preprocess(
    (v) => (v === '' || v === undefined || v === null ? null : v),
    z.coerce.number().int('The attempt limit is a whole number.').min(1, 'The attempt limit is at least 1.').max(1000, 'The attempt limit is at most 1000.').nullable(),
  ),
};

const settingsInput = z.object(settingsShape).refine((s) => s.dueAt.getTime() >= s.opensAt.getTime(), { message: 'The due date must not be before the opening.', path: ['dueAt'] });

export type AssignmentSettings = z.output<typeof settingsInput>;

/** What was assigned and on what terms: the exercise and its rules, as every view of an assignment shows them. */
export interface AssignmentTerms {
  exerciseId: string;
  title: string;
  module: string;
  points: number;
  opensAt: Date;
  dueAt: Date;
  latePolicy: LatePolicy;
  latePenaltyPerDay: number;
  latePenaltyCap: number;
  attemptLimit: number | null;
}

export function termsOf(a: Omit<AssignmentTerms, 'title' | 'module' | 'points'> & { exercise: { title: string; module: string; points: number } }): AssignmentTerms {
  return {
    exerciseId: a.exerciseId,
    title: a.exercise.title,
    module: a.exercise.module,
    points: a.exercise.points,
    opensAt: a.opensAt,
    dueAt: a.dueAt,
    latePolicy: a.latePolicy,
    latePenaltyPerDay: a.latePenaltyPerDay,
    latePenaltyCap: a.latePenaltyCap,
    attemptLimit: a.attemptLimit,
  };
}

/** A cohort's assignments in curriculum order: the cohort page's, and the gradebook's and the CSV's column order. */
export const assignmentOrder = [{ exercise: { moduleOrder: 'asc' } }, { exercise: { order: 'asc' } }, { exerciseId: 'asc' }] satisfies Prisma.AssignmentOrderByWithRelationInput[];

export interface AssignmentRow extends AssignmentTerms {
  id: string;
  cohortId: string;
  extensions: number;
}

function row(a: Prisma.AssignmentGetPayload<{ include: { exercise: true; _count: { select: { extensions: true } } } }>): AssignmentRow {
  return { id: a.id, cohortId: a.cohortId, ...termsOf(a), extensions: a._count.extensions };
}

/** The cohort's assignments in curriculum order. */
export async function listAssignments(db: Db, actor: Actor, cohortId: string): Promise<AssignmentRow[]> {
  await requireCohort(db, actor, cohortId);
  const rows = await db.assignment.findMany({ where: { cohortId }, include: { exercise: true, _count: { select: { extensions: true } } }, orderBy: assignmentOrder });
  return rows.map(row);
}

export interface AssignmentDetail extends AssignmentRow {
  cohortName: string;
  extensionList: { userId: string; email: string; name: string | null; dueAt: Date }[];
}

export async function getAssignment(db: Db, actor: Actor, assignmentId: string): Promise<AssignmentDetail> {
  await requireAssignment(db, actor, assignmentId);
  const a = await db.assignment.findUniqueOrThrow({
    where: { id: assignmentId },
    include: { exercise: true, cohort: true, _count: { select: { extensions: true } }, extensions: { include: { user: { select: { email: true, name: true, deletedAt: true } } }, orderBy: { dueAt: 'asc' } } },
  });
  return {
    ...row(a),
    cohortName: a.cohort.name,
    extensionList: a.extensions.map((e) => ({ userId: e.userId, email: e.user.deletedAt ? '' : e.user.email, name: e.user.deletedAt ? DELETED_STUDENT : e.user.name, dueAt: e.dueAt })),
  };
}

export interface CreateAssignmentsInput {
  /** An exercise id ("attention/masks") or "module:<module>" for every exercise of a module. */
  target: unknown;
  opensAt: unknown;
  dueAt: unknown;
  latePolicy: unknown;
  latePenaltyPerDay?: unknown;
  latePenaltyCap?: unknown;
  attemptLimit?: unknown;
}

/**
 * Assigns an exercise, or every exercise of a module, with the same settings. Exercises the cohort
 * already has are left as they are (and reported); assigning one exercise twice is an error.
 */
export async function createAssignments(db: Db, actor: Actor, cohortId: string, input: CreateAssignmentsInput): Promise<{ created: AssignmentRow[]; skipped: string[] }> {
  await requireCohort(db, actor, cohortId);
  const target = parseInput(z.string({ error: 'Choose an exercise or a module.' }).trim().min(1, 'Choose an exercise or a module.').max(200), input.target);
  const settings = parseInput(settingsInput, input);
  const moduleId = target.startsWith('module:') ? target.slice('module:'.length) : null;
  const staff = await requireStaff(db, actor);
  const visible = await assignableFilter(db, staff);
  const exercises = await db.exercise.findMany({ where: { AND: [moduleId ? { module: moduleId } : { id: target }, visible] }, orderBy: [{ order: 'asc' }, { id: 'asc' }], select: { id: true } });
  if (exercises.length === 0) throw new InputError(moduleId ? `There is no module "${moduleId}".` : `There is no exercise "${target}".`, 'target');

  const existing = new Set((await db.assignment.findMany({ where: { cohortId, exerciseId: { in: exercises.map((e) => e.id) } }, select: { exerciseId: true } })).map((a) => a.exerciseId));
  if (!moduleId && existing.size > 0) throw new InputError(`${target} is already assigned to this cohort; edit that assignment instead.`, 'target');
  const fresh = exercises.filter((e) => !existing.has(e.id));

  // skipDuplicates: a concurrent assignment of the same exercise loses quietly instead of failing
  const inserted = await db.assignment.createManyAndReturn({
    data: fresh.map((e) => ({ cohortId, exerciseId: e.id, ...settings })),
    skipDuplicates: true,
    select: { id: true, exerciseId: true },
  });
  const created = await db.assignment.findMany({ where: { id: { in: inserted.map((a) => a.id) } }, include: { exercise: true, _count: { select: { extensions: true } } }, orderBy: assignmentOrder });
  const createdIds = new Set(inserted.map((a) => a.exerciseId));
  return { created: created.map(row), skipped: exercises.filter((e) => !createdIds.has(e.id)).map((e) => e.id) };
}

export async function updateAssignment(db: Db, actor: Actor, assignmentId: string, input: Omit<CreateAssignmentsInput, 'target'>): Promise<AssignmentRow> {
  await requireAssignment(db, actor, assignmentId);
  const s = parseInput(settingsInput, input);
  const a = await db.assignment.update({
    where: { id: assignmentId },
    data: { opensAt: s.opensAt, dueAt: s.dueAt, latePolicy: s.latePolicy, latePenaltyPerDay: s.latePenaltyPerDay, latePenaltyCap: s.latePenaltyCap, attemptLimit: s.attemptLimit },
    include: { exercise: true, _count: { select: { extensions: true } } },
  });
  return row(a);
}

/** Removes the assignment and its extensions; the students' submissions stay theirs. */
export async function deleteAssignment(db: Db, actor: Actor, assignmentId: string): Promise<void> {
  await requireAssignment(db, actor, assignmentId);
  await db.assignment.delete({ where: { id: assignmentId } });
}

/** Gives one student of the cohort their own due date (replacing any earlier extension). */
export async function grantExtension(db: Db, actor: Actor, assignmentId: string, userId: string, rawDueAt: unknown): Promise<{ dueAt: Date }> {
  const { staff, assignment } = await requireAssignment(db, actor, assignmentId);
  await requireStudentOf(db, assignment.cohortId, userId);
  const dueAt = parseInput(date('extended due date'), rawDueAt);
  if (dueAt.getTime() < assignment.opensAt.getTime()) throw new InputError('The extended due date must not be before the opening.', 'dueAt');
  const e = await db.$transaction(async (tx) => {
    const before = await tx.extension.findUnique({ where: { assignmentId_userId: { assignmentId, userId } }, select: { dueAt: true } });
    const row = await tx.extension.upsert({
      where: { assignmentId_userId: { assignmentId, userId } },
      create: { assignmentId, cohortId: assignment.cohortId, userId, dueAt },
      update: { dueAt },
    });
    await recordAudit(tx, {
      actorId: staff.id,
      action: 'extension_grant',
      targetUserId: userId,
      cohortId: assignment.cohortId,
      exerciseId: assignment.exerciseId,
      details: { assignmentId, dueAt: dueAt.toISOString(), previousDueAt: before?.dueAt.toISOString() ?? null },
    });
    return row;
  });
  return { dueAt: e.dueAt };
}

export async function revokeExtension(db: Db, actor: Actor, assignmentId: string, userId: string): Promise<void> {
  const { staff, assignment } = await requireAssignment(db, actor, assignmentId);
  await db.$transaction(async (tx) => {
    const gone = await tx.extension.findUnique({ where: { assignmentId_userId: { assignmentId, userId } }, select: { id: true, dueAt: true } });
    // deleteMany: a concurrent removal leaves nothing to delete, which is "missing", not a crash
    if (!gone || (await tx.extension.deleteMany({ where: { id: gone.id } })).count === 0) throw new AccessDenied('missing', 'extension');
    await recordAudit(tx, {
      actorId: staff.id,
      action: 'extension_revoke',
      targetUserId: userId,
      cohortId: assignment.cohortId,
      exerciseId: assignment.exerciseId,
      details: { assignmentId, dueAt: gone.dueAt.toISOString() },
    });
  });
}

export interface AssignableModule {
  module: string;
  exercises: { id: string; title: string; points: number; kind: 'code' | 'question' }[];
}

/** What can be assigned: the synced catalog by module, in curriculum order. */
/**
 * The exercises a staff member may assign: the built-in course, and the authored exercises they own,
 * co-author or view (shared with them); admins, every one.
 */
export async function assignableFilter(db: Db, staff: Staff): Promise<Prisma.ExerciseWhereInput> {
  if (staff.role === 'admin') return {};
  const mine = await db.authoredExercise.findMany({ where: { OR: [{ ownerId: staff.id }, { authors: { some: { userId: staff.id } } }] }, select: { id: true } });
  return { OR: [{ source: 'builtin' }, { id: { in: mine.map((m) => m.id) } }] };
}

export async function assignableExercises(db: Db, actor: Actor): Promise<AssignableModule[]> {
  const staff = await requireStaff(db, actor);
  const rows = await db.exercise.findMany({ where: await assignableFilter(db, staff), orderBy: [{ moduleOrder: 'asc' }, { kind: 'asc' }, { order: 'asc' }, { id: 'asc' }], select: { id: true, title: true, module: true, points: true, kind: true } });
  const out: AssignableModule[] = [];
  for (const r of rows) {
    let m = out.at(-1);
    if (!m || m.module !== r.module) out.push((m = { module: r.module, exercises: [] }));
    m.exercises.push({ id: r.id, title: r.title, points: r.points, kind: r.kind });
  }
  return out;
}

/** "Late: not accepted" / "Late: -10 % per day, at most 50 %" / "Late: accepted in full". */
export function latePolicyText(a: { latePolicy: LatePolicy; latePenaltyPerDay: number; latePenaltyCap: number }): string {
  if (a.latePolicy === 'reject') return 'Late: not accepted';
  if (a.latePolicy === 'accept') return 'Late: accepted in full';
  return `Late: −${a.latePenaltyPerDay} % per started day, at most ${a.latePenaltyCap} %`;
}
