// The space (one of their cohorts, or practice) the signed-in learner works in during this request.
// The learner picks it with the switcher in the page header; the choice is kept in a cookie and
// checked against their enrollments on every request (lib/scope.ts pickSpace), so a cookie naming a
// cohort they are not, or no longer, a student of counts for nothing.
import { cache } from 'react';
import { cookies } from 'next/headers';
import { db } from './db.ts';
import { learnerSpaces, pickSpace, requestedSpace, spaceKey, NOT_IN_COHORT, type LearnerScope, type Space } from './scope.ts';

export const SPACE_COOKIE = 'attention-lab.space';

/** The user's spaces and the current one, read once per request. */
export const currentSpaces = cache(async (userId: string): Promise<{ spaces: Space[]; current: Space }> => {
  const [spaces, jar] = await Promise.all([learnerSpaces(db(), userId), cookies()]);
  return { spaces, current: pickSpace(spaces, jar.get(SPACE_COOKIE)?.value) };
});

export async function currentSpace(userId: string): Promise<Space> {
  return (await currentSpaces(userId)).current;
}

/**
 * The scope a submit through the JSON API goes to: the cohort (or null: practice) the client
 * names, which lib/submissions.ts submit checks, or else the space the learner works in now.
 */
export async function apiScope(userId: string, cohortId: string | null | undefined): Promise<LearnerScope> {
  return { userId, cohortId: cohortId !== undefined ? cohortId : (await currentSpace(userId)).cohortId };
}

/** Makes `key` the learner's current space when they may work there. */
export async function switchSpace(userId: string, key: unknown): Promise<{ ok: true; space: Space } | { ok: false; error: string }> {
  const space = await requestedSpace(db(), userId, key);
  if (!space) return { ok: false, error: NOT_IN_COHORT };
  (await cookies()).set(SPACE_COOKIE, spaceKey(space), { httpOnly: true, sameSite: 'lax', path: '/', maxAge: 60 * 60 * 24 * 365 });
  return { ok: true, space };
}

/** At sign-out: the next person on this browser starts from their own default. */
export async function forgetSpace(): Promise<void> {
  (await cookies()).delete(SPACE_COOKIE);
}
