// Who may do what in the instructor area. Every lib/instructor function takes the acting user and
// checks here before it reads or writes anything: the pages check too, but never alone.
//
// The rule: instructor features need an account whose role (read from the database, not from a
// possibly stale session token) is instructor or admin. An instructor reaches a cohort only while
// enrolled in it as an instructor; an admin reaches every cohort. Refusals are AccessDenied, one
// rule everywhere (pages, actions, the CSV export): an account that is not staff gets 403
// Forbidden for everything; staff asking for a cohort (assignment, student, ...) they do not teach
// get 404 Not Found, exactly as if it did not exist, so a refusal never reveals what exists.
// Account administration (password resets, disabling accounts, the audit log) is for admins
// alone: anyone else, staff included, gets 403 Forbidden.
import type { z } from 'zod';
import type { Db } from '../db.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import type { Role } from '../generated/prisma/enums.ts';

/** The acting user as the session knows it. Only the id is trusted; the role is re-read. */
export interface Actor {
  id: string;
  role?: Role | string;
}

export interface Staff {
  id: string;
  email: string;
  name: string | null;
  role: 'instructor' | 'admin';
}

export type DenialReason = 'not-staff' | 'not-admin' | 'not-teaching' | 'missing';

/** A refusal: 403 for non-staff, 404 (indistinguishable from a missing thing) for the rest. */
export class AccessDenied extends Error {
  readonly status: 403 | 404;
  readonly reason: DenialReason;
  constructor(reason: DenialReason, what = 'page') {
    super(
      reason === 'not-staff'
        ? 'Forbidden: this is for instructors only.'
        : reason === 'not-admin'
          ? 'Forbidden: this is for administrators only.'
          : `Not found: this ${what} does not exist or is not yours to see.`,
    );
    this.name = 'AccessDenied';
    this.reason = reason;
    this.status = reason === 'not-staff' || reason === 'not-admin' ? 403 : 404;
  }
}

/** Input an instructor can fix (a bad date, an unknown email); the message is shown as is. */
export class InputError extends Error {
  readonly status = 400;
  readonly field?: string;
  constructor(message: string, field?: string) {
    super(message);
    this.name = 'InputError';
    this.field = field;
  }
}

/** The input as the schema reads it; otherwise an InputError with the first issue's message, about `field` (default: where the issue is). */
export function parseInput<T>(schema: z.ZodType<T>, raw: unknown, field?: string): T {
  const r = schema.safeParse(raw);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  throw new InputError(issue?.message ?? 'Invalid input.', field ?? (issue?.path[0] === undefined ? undefined : String(issue.path[0])));
}

export function isAccessDenied(e: unknown): e is AccessDenied {
  return e instanceof AccessDenied || (e instanceof Error && e.name === 'AccessDenied');
}

export function isInputError(e: unknown): e is InputError {
  return e instanceof InputError || (e instanceof Error && e.name === 'InputError');
}

export async function requireStaff(db: Db, actor: Actor | null | undefined): Promise<Staff> {
  if (!actor?.id) throw new AccessDenied('not-staff');
  const user = await db.user.findUnique({ where: { id: actor.id }, select: { id: true, email: true, name: true, role: true } });
  if (!user || (user.role !== 'instructor' && user.role !== 'admin')) throw new AccessDenied('not-staff');
  return { ...user, role: user.role };
}

export async function requireAdmin(db: Db, actor: Actor | null | undefined): Promise<Staff & { role: 'admin' }> {
  if (!actor?.id) throw new AccessDenied('not-admin');
  const user = await db.user.findUnique({ where: { id: actor.id }, select: { id: true, email: true, name: true, role: true } });
  if (!user || user.role !== 'admin') throw new AccessDenied('not-admin');
  return { ...user, role: 'admin' };
}

/** The cohorts a staff member teaches, as a Prisma filter (admins: all). */
export function taughtCohorts(staff: Staff): Prisma.CohortWhereInput {
  return staff.role === 'admin' ? {} : { enrollments: { some: { userId: staff.id, role: 'instructor' } } };
}

/** Students of cohorts the staff member teaches, as a filter on a user id (admins: everyone). */
export function taughtStudents(staff: Staff): Prisma.UserWhereInput {
  return staff.role === 'admin' ? {} : { enrollments: { some: { role: 'student', cohort: taughtCohorts(staff) } } };
}

export async function requireCohort(db: Db, actor: Actor | null | undefined, cohortId: string) {
  const staff = await requireStaff(db, actor);
  if (typeof cohortId !== 'string' || cohortId.length === 0 || cohortId.length > 64) throw new AccessDenied('missing', 'cohort');
  const cohort = await db.cohort.findFirst({ where: { id: cohortId, ...taughtCohorts(staff) } });
  if (!cohort) {
    const exists = await db.cohort.count({ where: { id: cohortId } });
    throw new AccessDenied(exists ? 'not-teaching' : 'missing', 'cohort');
  }
  return { staff, cohort };
}

export async function requireAssignment(db: Db, actor: Actor | null | undefined, assignmentId: string) {
  const staff = await requireStaff(db, actor);
  if (typeof assignmentId !== 'string' || assignmentId.length === 0 || assignmentId.length > 64) throw new AccessDenied('missing', 'assignment');
  const assignment = await db.assignment.findFirst({
    where: { id: assignmentId, cohort: taughtCohorts(staff) },
    include: { exercise: true, cohort: true },
  });
  if (!assignment) {
    const exists = await db.assignment.count({ where: { id: assignmentId } });
    throw new AccessDenied(exists ? 'not-teaching' : 'missing', 'assignment');
  }
  return { staff, assignment };
}

/** A student of the cohort (the cohort already checked). */
export async function requireStudentOf(db: Db, cohortId: string, userId: string) {
  const enrollment = typeof userId === 'string' && userId.length <= 64
    ? await db.enrollment.findFirst({ where: { cohortId, userId, role: 'student' }, include: { user: { select: { id: true, email: true, name: true, deletedAt: true } } } })
    : null;
  if (!enrollment) throw new AccessDenied('missing', 'student');
  return enrollment.user;
}
