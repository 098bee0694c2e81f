// GET /account/export: the signed-in account's data as a JSON download (lib/account/export.ts),
// streamed. Only ever the caller's own account: the route takes no id.
import { currentUser, signInUrl } from '../../../lib/session.ts';
import { db } from '../../../lib/db.ts';
import { exportFilename, exportStream } from '../../../lib/account/export.ts';
import { contentDisposition } from '../../../lib/instructor/csv.ts';

export async function GET(request: Request): Promise<Response> {
  const user = await currentUser();
  if (!user) return Response.redirect(new URL(signInUrl('/account'), request.url), 303);
  return new Response(exportStream(db(), user.id), {
    headers: { 'content-type': 'application/json; charset=utf-8', 'content-disposition': contentDisposition(exportFilename()), 'cache-control': 'no-store' },
  });
}
