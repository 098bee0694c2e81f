// POST /api/runs {exerciseId, code, scratch?, cohortId?} -> 200 {verdict, scratch?}: Run for
// programmatic clients (the exercise page runs in the learner's browser, and on the server through
// its action only when the browser cannot). The visible cases graded at once, nothing recorded but
// the draft, in the cohort named (null: practice) or else the space the learner works in now.
// Refusals are {error, kind, retryAfterMs?} as for POST /api/submissions: 401, 400, 403 (cohort
// not the learner's), 413, 415, 429 over the per-minute Run limit (with Retry-After).
import { currentUser, SESSION_EXPIRED_MESSAGE } from '../../../lib/session.ts';
import { runCode, runInput } from '../../../lib/run.ts';
import { currentSpace } from '../../../lib/current-space.ts';
import { requestedSpace, NOT_IN_COHORT } from '../../../lib/scope.ts';
import { db } from '../../../lib/db.ts';
import { firstMessage, refuse } from '../../../lib/limits.ts';
import { crossSite, jsonBody, NO_STORE, refused } from '../../../lib/web/json-request.ts';

export async function POST(request: Request) {
  if (crossSite(request)) return refused(refuse('auth', 'Runs are only accepted from this site.'), 403);
  const user = await currentUser();
  if (!user) return refused(refuse('auth', SESSION_EXPIRED_MESSAGE));
  const body = await jsonBody(request, 'Send the run as JSON: {"exerciseId": ..., "code": ..., "scratch": [args] (optional)}.');
  if (!body.ok) return body.response;
  const input = runInput.safeParse(body.value);
  if (!input.success) return refused(refuse('validation', firstMessage(input.error)));
  const { exerciseId, code, scratch, cohortId } = input.data;

  const space = cohortId === undefined ? await currentSpace(user.id) : await requestedSpace(db(), user.id, cohortId);
  if (!space) return refused(refuse('validation', NOT_IN_COHORT), 403);
  const r = await runCode(db(), { userId: user.id, cohortId: space.cohortId }, exerciseId, code, scratch, { id: user.id, role: user.role });
  if (!r.ok) return refused(r);
  return Response.json({ verdict: r.verdict, ...(r.scratch ? { scratch: r.scratch } : {}) }, { headers: NO_STORE });
}
