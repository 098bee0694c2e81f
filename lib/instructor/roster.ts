// A cohort's roster: who studies in it and who teaches it. People are added by the email of an
// existing account (students without one sign up with the join code, which enrols them). Every
// change is written to the audit log in its own transaction (lib/audit.ts).
import { z } from 'zod';
import type { Db } from '../db.ts';
import type { CohortRole } from '../generated/prisma/enums.ts';
import { recordAudit } from '../audit.ts';
import { DELETED_STUDENT } from '../account/tombstone.ts';
import { type Actor, AccessDenied, InputError, parseInput, requireCohort, type Staff, taughtCohorts } from './authorization.ts';

export interface RosterEntry {
  userId: string;
  email: string;
  name: string | null;
  role: CohortRole;
  enrolledAt: Date;
}

const emailInput = z.string().trim().toLowerCase().max(254).pipe(z.email({ error: 'Enter a valid email address.' }));
const roleInput = z.enum(['student', 'instructor'], { error: 'The role is student or instructor.' });

/** Instructors first, then everyone by name (people without one by email). */
export async function listRoster(db: Db, actor: Actor, cohortId: string): Promise<RosterEntry[]> {
  await requireCohort(db, actor, cohortId);
  const rows = await db.enrollment.findMany({ where: { cohortId }, include: { user: { select: { email: true, name: true, deletedAt: true } } } });
  return rows
    .map((e) => ({ userId: e.userId, email: e.user.deletedAt ? '' : e.user.email, name: e.user.deletedAt ? DELETED_STUDENT : e.user.name, role: e.role, enrolledAt: e.createdAt }))
    .sort((a, b) => (a.role === b.role ? 0 : a.role === 'instructor' ? -1 : 1) || (a.name ?? a.email).localeCompare(b.name ?? b.email) || a.email.localeCompare(b.email));
}

// Teaching gives access to every student's code and grades in the cohort, so only accounts that
// already are instructors (an admin decides that) can be made one; a roster edit never raises a
// student's privileges.
async function assertCanTeach(db: Db, userId: string, email: string): Promise<void> {
  const u = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { role: true } });
  if (u.role === 'student') throw new InputError(`${email} has a student account; only instructor accounts can teach a cohort.`, 'role');
}

// An instructor may not enrol someone who studies (or teaches) in a cohort the instructor does not
// teach: joining is the learner's choice, with the join code (or an admin adds them). Instructors
// see only the work done in their own cohorts, so such an enrolment would show them nothing of the
// other cohort's; the rule stays as a second wall, and so nobody is put in a cohort against their will.
async function assertNotElsewhere(db: Db, staff: Staff, userId: string, email: string, joinCode: string): Promise<void> {
  if (staff.role === 'admin') return;
  const elsewhere = await db.enrollment.count({ where: { userId, cohort: { NOT: taughtCohorts(staff) } } });
  if (elsewhere > 0) throw new InputError(`${email} is in a cohort you do not teach; they can join this one with the join code ${joinCode}.`, 'email');
}

export async function addToRoster(db: Db, actor: Actor, cohortId: string, input: { email: unknown; role?: unknown }): Promise<RosterEntry> {
  const { staff, cohort } = await requireCohort(db, actor, cohortId);
  const email = parseInput(emailInput, input.email, 'email');
  const role = parseInput(roleInput, input.role ?? 'student', 'role');
  const user = await db.user.findUnique({ where: { email, deletedAt: null }, select: { id: true, email: true, name: true } });
  if (!user) throw new InputError(`No account uses ${email}. Students can sign up with the join code ${cohort.joinCode}.`, 'email');
  if (role === 'instructor') await assertCanTeach(db, user.id, user.email);
  const existing = await db.enrollment.findUnique({ where: { cohortId_userId: { cohortId, userId: user.id } } });
  if (existing) throw new InputError(`${email} is already on the roster (as ${existing.role}).`, 'email');
  if (role === 'student') await assertNotElsewhere(db, staff, user.id, user.email, cohort.joinCode);
  const e = await db.$transaction(async (tx) => {
    const created = await tx.enrollment.create({ data: { cohortId, userId: user.id, role } });
    await recordAudit(tx, { actorId: staff.id, action: 'roster_add', targetUserId: user.id, cohortId, details: { role } });
    return created;
  });
  return { userId: user.id, email: user.email, name: user.name, role: e.role, enrolledAt: e.createdAt };
}

/**
 * Applies a roster change under a lock on the cohort row, so two instructors removing each other at
 * the same moment cannot leave a cohort nobody teaches.
 */
async function changeKeepingAnInstructor(db: Db, actorId: string, cohortId: string, userId: string, change: 'remove' | CohortRole): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.$queryRaw`select id from "Cohort" where id = ${cohortId} for update`;
    const e = await tx.enrollment.findUnique({ where: { cohortId_userId: { cohortId, userId } } });
    if (!e) throw new AccessDenied('missing', 'roster entry');
    if (e.role === 'instructor' && change !== 'instructor') {
      const instructors = await tx.enrollment.count({ where: { cohortId, role: 'instructor' } });
      if (instructors <= 1) throw new InputError('A cohort needs at least one instructor: add another before removing the last.', 'userId');
    }
    if (change === 'remove') {
      // their extensions in this cohort go with the roster entry (the database cascades them): counted for the record
      const extensions = await tx.extension.count({ where: { userId, cohortId } });
      await tx.enrollment.delete({ where: { id: e.id } });
      await recordAudit(tx, { actorId, action: 'roster_remove', targetUserId: userId, cohortId, details: { role: e.role, extensionsRemoved: extensions } });
    } else {
      await tx.enrollment.update({ where: { id: e.id }, data: { role: change } });
      await recordAudit(tx, { actorId, action: 'roster_role_change', targetUserId: userId, cohortId, details: { from: e.role, to: change } });
    }
  });
}

/**
 * Takes someone off the roster. Their submissions stay (they are the learner's, and no longer
 * shown to the cohort's staff); their extensions in this cohort go with the enrollment (the
 * database cascades Extension's (cohortId, userId) key).
 */
export async function removeFromRoster(db: Db, actor: Actor, cohortId: string, userId: string): Promise<void> {
  const { staff } = await requireCohort(db, actor, cohortId);
  await changeKeepingAnInstructor(db, staff.id, cohortId, userId, 'remove');
}

export async function changeRosterRole(db: Db, actor: Actor, cohortId: string, userId: string, rawRole: unknown): Promise<void> {
  const { staff } = await requireCohort(db, actor, cohortId);
  const role = parseInput(roleInput, rawRole, 'role');
  if (role === 'instructor') {
    const e = await db.enrollment.findUnique({ where: { cohortId_userId: { cohortId, userId } }, include: { user: { select: { email: true } } } });
    if (!e) throw new AccessDenied('missing', 'roster entry');
    await assertCanTeach(db, userId, e.user.email);
  }
  await changeKeepingAnInstructor(db, staff.id, cohortId, userId, role);
}
