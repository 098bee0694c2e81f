// Cohorts as their instructors manage them: create, rename, archive, and the join code students
// sign up with (regenerable, e.g. after it leaked beyond the class).
import crypto from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../db.ts';
import { Prisma } from '../generated/prisma/client.ts';
import { type Actor, parseInput, requireCohort, requireStaff, taughtCohorts } from './authorization.ts';

// No 0/O or 1/I/L: codes are read off a slide and typed by hand.
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** "K7QM-X2RB": two groups of four, about 40 bits; matches the Cohort_joinCode_format check. */
export function generateJoinCode(): string {
  const pick = () => CODE_ALPHABET[crypto.randomInt(CODE_ALPHABET.length)];
  const group = () => Array.from({ length: 4 }, pick).join('');
  return `${group()}-${group()}`;
}

const cohortName = z
  .string()
  .trim()
  .min(1, 'Give the cohort a name.')
  .max(100, 'Use a name of at most 100 characters.')
  .refine((n) => !/[\u0000-\u001f\u007f]/.test(n), 'The name contains characters that cannot be shown.');

export interface CohortSummary {
  id: string;
  name: string;
  joinCode: string;
  archived: boolean;
  createdAt: Date;
  students: number;
  instructors: number;
  assignments: number;
}

const summarySelect = {
  id: true,
  name: true,
  joinCode: true,
  archived: true,
  createdAt: true,
  enrollments: { select: { role: true } },
  _count: { select: { assignments: true } },
} satisfies Prisma.CohortSelect;

function summarize(c: Prisma.CohortGetPayload<{ select: typeof summarySelect }>): CohortSummary {
  return {
    id: c.id,
    name: c.name,
    joinCode: c.joinCode,
    archived: c.archived,
    createdAt: c.createdAt,
    students: c.enrollments.filter((e) => e.role === 'student').length,
    instructors: c.enrollments.filter((e) => e.role === 'instructor').length,
    assignments: c._count.assignments,
  };
}

/** The cohorts the actor teaches (admins: all), active ones first, newest first. */
export async function listCohorts(db: Db, actor: Actor): Promise<CohortSummary[]> {
  const staff = await requireStaff(db, actor);
  const rows = await db.cohort.findMany({ where: taughtCohorts(staff), select: summarySelect, orderBy: [{ archived: 'asc' }, { createdAt: 'desc' }, { id: 'asc' }] });
  return rows.map(summarize);
}

export async function getCohort(db: Db, actor: Actor, cohortId: string): Promise<CohortSummary> {
  await requireCohort(db, actor, cohortId);
  return summarize(await db.cohort.findUniqueOrThrow({ where: { id: cohortId }, select: summarySelect }));
}

function isUniqueViolation(e: unknown): boolean {
  return e instanceof Prisma.PrismaClientKnownRequestError && e.code === 'P2002';
}

/** Retries with a fresh code on the (rare) collision with an existing one. */
async function withFreshCode<T>(fn: (code: string) => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn(generateJoinCode());
    } catch (e) {
      if (!isUniqueViolation(e) || attempt >= 4) throw e;
    }
  }
}

/** A new cohort, taught by its creator from the start. */
export async function createCohort(db: Db, actor: Actor, input: { name: unknown }): Promise<CohortSummary> {
  const staff = await requireStaff(db, actor);
  const name = parseInput(cohortName, input.name, 'name');
  const created = await withFreshCode((joinCode) =>
    db.$transaction(async (tx) => {
      const cohort = await tx.cohort.create({ data: { name, joinCode, createdById: staff.id } });
      await tx.enrollment.create({ data: { cohortId: cohort.id, userId: staff.id, role: 'instructor' } });
      return cohort;
    }),
  );
  return getCohort(db, staff, created.id);
}

export async function renameCohort(db: Db, actor: Actor, cohortId: string, name: unknown): Promise<CohortSummary> {
  await requireCohort(db, actor, cohortId);
  await db.cohort.update({ where: { id: cohortId }, data: { name: parseInput(cohortName, name, 'name') } });
  return getCohort(db, actor, cohortId);
}

/** Archived cohorts stay readable (gradebook, export) but their join code no longer admits anyone. */
export async function setCohortArchived(db: Db, actor: Actor, cohortId: string, archived: boolean): Promise<CohortSummary> {
  await requireCohort(db, actor, cohortId);
  await db.cohort.update({ where: { id: cohortId }, data: { archived: archived === true } });
  return getCohort(db, actor, cohortId);
}

/** A new join code; the old one stops working at once. Students already enrolled stay. */
export async function regenerateJoinCode(db: Db, actor: Actor, cohortId: string): Promise<string> {
  await requireCohort(db, actor, cohortId);
  const updated = await withFreshCode((joinCode) => db.cohort.update({ where: { id: cohortId }, data: { joinCode }, select: { joinCode: true } }));
  return updated.joinCode;
}
