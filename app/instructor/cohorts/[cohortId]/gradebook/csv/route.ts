// The gradebook as CSV, streamed. Same rule as the pages: anonymous visitors sign in, students get
// 403, instructors of other cohorts 404 (lib/instructor/authorization.ts).
import { currentUser, signInUrl } from '../../../../../../lib/session.ts';
import { db } from '../../../../../../lib/db.ts';
import { isAccessDenied } from '../../../../../../lib/instructor/authorization.ts';
import { contentDisposition, gradebookCsv } from '../../../../../../lib/instructor/csv.ts';

export const dynamic = 'force-dynamic';

export async function GET(request: Request, { params }: { params: Promise<{ cohortId: string }> }): Promise<Response> {
  const { cohortId } = await params;
  const url = new URL(request.url);
  const user = await currentUser();
  if (!user) return Response.redirect(new URL(signInUrl(`${url.pathname}${url.search}`), url), 303);
  try {
    const { filename, stream } = await gradebookCsv(db(), user, cohortId, { module: url.searchParams.get('module') });
    return new Response(stream, {
      headers: {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': contentDisposition(filename),
        'Cache-Control': 'private, no-store',
      },
    });
  } catch (e) {
    if (isAccessDenied(e)) return new Response(`${e.message}\n`, { status: e.status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } });
    throw e;
  }
}
