// GET /api/health: 200 {ok: true} when this web process answers and reaches PostgreSQL, 503 when it
// cannot. For load balancers, and the load test's responsiveness probe. Public; reveals nothing else.
import { db } from '../../../lib/db.ts';

export const dynamic = 'force-dynamic';

const NO_STORE = { 'cache-control': 'no-store' };

export async function GET() {
  try {
    await db().$queryRaw`select 1`;
    return Response.json({ ok: true }, { headers: NO_STORE });
  } catch {
    return Response.json({ ok: false, error: 'database unreachable' }, { status: 503, headers: NO_STORE });
  }
}
