// GET /api/submissions/:id/events -> text/event-stream: `status` events (the same JSON as GET
// /api/submissions/:id) as the submission moves from queued to graded, pushed from PostgreSQL's
// notifications (lib/submission-stream.ts). The workbench listens here and polls the status route
// if the stream fails. Same access as the status route: anyone else gets its 404.
import { currentUser, SESSION_EXPIRED_MESSAGE } from '../../../../../lib/session.ts';
import { submissionStream } from '../../../../../lib/submission-stream.ts';
import { db } from '../../../../../lib/db.ts';

export const dynamic = 'force-dynamic';

const NO_STORE = { 'cache-control': 'no-store' };

export async function GET(request: Request, ctx: { params: Promise<{ id: string }> }) {
  const user = await currentUser();
  if (!user) return Response.json({ error: SESSION_EXPIRED_MESSAGE }, { status: 401, headers: NO_STORE });
  const { id } = await ctx.params;
  const stream = await submissionStream(db(), user, id, request.signal);
  if (!stream) return Response.json({ error: 'No such submission.' }, { status: 404, headers: NO_STORE });
  return new Response(stream, {
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      // no-transform: compression would hold events back until a buffer fills
      'cache-control': 'no-cache, no-transform',
      'x-accel-buffering': 'no', // nginx: pass events through as they come
    },
  });
}
