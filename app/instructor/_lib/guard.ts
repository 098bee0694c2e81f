// The pages' half of the rule in lib/instructor/authorization.ts: the session must be staff
// (otherwise 403, via requireRole), and whatever lib refuses renders as lib says: 403 for
// non-staff, 404 for a cohort (assignment, student, exercise) the instructor may not see.
import { forbidden, notFound } from 'next/navigation';
import { requireRole, type SessionUser } from '../../../lib/session.ts';
import { isAccessDenied } from '../../../lib/instructor/authorization.ts';

export function instructorUser(returnTo: string): Promise<SessionUser> {
  return requireRole('instructor', returnTo);
}

export async function orRefuse<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (e) {
    if (isAccessDenied(e)) {
      if (e.status === 403) forbidden();
      notFound();
    }
    throw e;
  }
}

/** A search parameter as one string (the first when repeated). */
export function param(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}
