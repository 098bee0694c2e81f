// The working copy of an authored exercise as a zip (`<module>/<slug>/<file>`). Same rule as the
// studio's pages: anonymous visitors sign in, students get 403, instructors it is not shared with 404.
import { currentUser, signInUrl } from '../../../../../../lib/session.ts';
import { db } from '../../../../../../lib/db.ts';
import { isAccessDenied } from '../../../../../../lib/instructor/authorization.ts';
import { contentDisposition } from '../../../../../../lib/instructor/csv.ts';
import { openStudio } from '../../../../../../lib/authoring/studio.ts';
import { exerciseZip } from '../../../../../../lib/authoring/zip.ts';

export const dynamic = 'force-dynamic';

export async function GET(request: Request, { params }: { params: Promise<{ module: string; slug: string }> }): Promise<Response> {
  const { module, slug } = await params;
  const id = `${module}/${slug}`;
  const url = new URL(request.url);
  const user = await currentUser();
  if (!user) return Response.redirect(new URL(signInUrl(`${url.pathname}${url.search}`), url), 303);
  try {
    const ex = await openStudio(db(), user, id);
    return new Response(new Blob([exerciseZip(ex.id, ex.files) as BlobPart]), {
      headers: { 'Content-Type': 'application/zip', 'Content-Disposition': contentDisposition(`${module}-${slug}.zip`), 'Cache-Control': 'private, no-store' },
    });
  } catch (e) {
    if (isAccessDenied(e)) return new Response(`${e.message}\n`, { status: e.status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } });
    throw e;
  }
}
