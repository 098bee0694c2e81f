// Where a learner's work belongs. Every submission, draft and progress row is scoped: to a cohort
// the learner studies in, or to their personal practice space (cohortId NULL), which no instructor
// sees. A learner in several cohorts works in one at a time, the one they picked (lib/current-space.ts
// remembers the choice in a cookie; this module checks it against their enrollments every time).
import type { Db } from './db.ts';

/** A learner and the scope they work in: a cohort's id, or null for practice. */
export interface LearnerScope {
  userId: string;
  cohortId: string | null;
}

/** A scope as the learner picks it: a cohort they study in (possibly archived), or practice. */
export interface Space {
  cohortId: string | null;
  name: string;
  archived: boolean;
}

export const PRACTICE: Space = { cohortId: null, name: 'Practice', archived: false };

/** How a space is named in a cookie, a form or a bound action argument. */
export const PRACTICE_KEY = 'practice';

export function spaceKey(space: { cohortId: string | null }): string {
  return space.cohortId ?? PRACTICE_KEY;
}

/**
 * The key Draft and Progress use in their primary key (a primary key cannot hold NULL): the
 * cohort's id, or '' for practice. A CHECK in the database ties it to cohortId.
 */
export function scopeKey(cohortId: string | null): string {
  return cohortId ?? '';
}

/** The two columns a scoped Draft or Progress row is written with. */
export function scoped(cohortId: string | null): { cohortId: string | null; scope: string } {
  return { cohortId, scope: scopeKey(cohortId) };
}

/** The cohorts the user studies in, most recently joined first, then practice. */
export async function learnerSpaces(db: Pick<Db, 'enrollment'>, userId: string): Promise<Space[]> {
  const rows = await db.enrollment.findMany({
    where: { userId, role: 'student' },
    select: { cohort: { select: { id: true, name: true, archived: true } } },
    orderBy: [{ createdAt: 'desc' }, { cohortId: 'asc' }],
  });
  return [...rows.map((r) => ({ cohortId: r.cohort.id, name: r.cohort.name, archived: r.cohort.archived })), PRACTICE];
}

/**
 * The space a key names, if it is one of `spaces`; otherwise the default: the most recently joined
 * cohort that is not archived, else practice. A key is never trusted beyond this lookup.
 */
export function pickSpace(spaces: readonly Space[], key: string | null | undefined): Space {
  const named = key ? spaces.find((s) => spaceKey(s) === key) : undefined;
  return named ?? spaces.find((s) => s.cohortId !== null && !s.archived) ?? PRACTICE;
}

/** The space `key` names when the user may work there (practice, or a cohort they study in); otherwise null. */
export async function requestedSpace(db: Pick<Db, 'enrollment'>, userId: string, key: unknown): Promise<Space | null> {
  if (key === PRACTICE_KEY || key === null) return PRACTICE;
  if (typeof key !== 'string' || key.length === 0 || key.length > 64) return null;
  const e = await db.enrollment.findFirst({ where: { userId, cohortId: key, role: 'student' }, select: { cohort: { select: { id: true, name: true, archived: true } } } });
  return e ? { cohortId: e.cohort.id, name: e.cohort.name, archived: e.cohort.archived } : null;
}

export const NOT_IN_COHORT = 'You are not a student of that cohort (any more). Reload the page to work in one you are in.';
