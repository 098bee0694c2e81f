// POST /api/submissions {exerciseId, code, cohortId?} -> 201 {submissionId}: the exercise page's
// Submit (its server action) for programmatic clients and the load test. The submission goes to
// the cohort named (null: practice), else to the space the learner works in now (the header's
// switcher). Same session, same checks (lib/submissions.ts checks the cohort); a refusal is {error, kind, retryAfterMs?} with the learner-facing message:
// 401 signed out, 400 invalid (or refused by the cohort's rules), 413 body too large, 415 not JSON,
// 429 over the per-minute limit or the queue is full (with Retry-After), 503 database unreachable.
// The verdict is then polled at GET /api/submissions/<id>.
import { currentUser, SESSION_EXPIRED_MESSAGE } from '../../../lib/session.ts';
import { appQueue, submit, submitInput } from '../../../lib/submissions.ts';
import { apiScope } from '../../../lib/current-space.ts';
import { db } from '../../../lib/db.ts';
import { firstMessage, refuse } from '../../../lib/limits.ts';
import { crossSite, jsonBody, NO_STORE, refused } from '../../../lib/web/json-request.ts';
import { log } from '../../../lib/observability/log.ts';

export async function POST(request: Request) {
  if (crossSite(request)) return refused(refuse('auth', 'Submissions are only accepted from this site.'), 403);
  const user = await currentUser();
  if (!user) return refused(refuse('auth', SESSION_EXPIRED_MESSAGE));
  const body = await jsonBody(request, 'Send the submission as JSON: {"exerciseId": ..., "code": ...}.');
  if (!body.ok) return body.response;
  const input = submitInput.safeParse(body.value);
  if (!input.success) return refused(refuse('validation', firstMessage(input.error)));

  try {
    const r = await submit({ db: db(), boss: appQueue }, await apiScope(user.id, input.data.cohortId), input.data, { saveDraft: true });
    if (!r.ok) return refused(r);
    return Response.json({ submissionId: r.submissionId }, { status: 201, headers: { ...NO_STORE, location: `/api/submissions/${r.submissionId}` } });
  } catch (e) {
    // The transaction did not commit (database restarting, pool exhausted): nothing was recorded.
    log().error({ error: e instanceof Error ? e.message : String(e) }, 'submission not recorded');
    return refused(refuse('server', 'Your submission could not be recorded just now. Your code is safe; submit again in a few seconds.', 5000));
  }
}
