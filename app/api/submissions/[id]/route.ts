// GET /api/submissions/:id -> SubmissionStatus (components/workbench/types.ts). Polled every few
// hundred ms while a submission is graded: one session read, one indexed row read (plus a count
// while queued). For whoever may read the submission (its owner, the staff of the cohort it was
// made for: lib/submissions.ts canViewSubmission); anyone else gets the same 404 as for an id
// that does not exist.
import { currentUser } from '../../../../lib/session.ts';
import { submissionStatus } from '../../../../lib/submissions.ts';
import { db } from '../../../../lib/db.ts';

const NO_STORE = { 'cache-control': 'no-store' };

export async function GET(_request: Request, ctx: { params: Promise<{ id: string }> }) {
  const user = await currentUser();
  if (!user) return Response.json({ error: 'Your session has expired. Sign in again.' }, { status: 401, headers: NO_STORE });
  const { id } = await ctx.params;
  const status = await submissionStatus(db(), user, id);
  if (!status) return Response.json({ error: 'No such submission.' }, { status: 404, headers: NO_STORE });
  return Response.json(status, { headers: NO_STORE });
}
