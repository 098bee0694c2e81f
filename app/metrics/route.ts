// GET /metrics: Prometheus's text format for every live process of the instance (web processes and
// grading workers, lib/observability/snapshots.ts): request latencies by route, queue depth,
// grading latency and outcomes, heartbeats, database pool use. For a scraper with METRICS_TOKEN or
// a signed-in admin only (lib/observability/metrics-access.ts).
import { currentUser } from '../../lib/session.ts';
import { db, poolUse } from '../../lib/db.ts';
import { metricsAccess } from '../../lib/observability/metrics-access.ts';
import { recordPoolUse } from '../../lib/observability/metrics.ts';
import { renderMetrics } from '../../lib/observability/snapshots.ts';

export const dynamic = 'force-dynamic';

const NO_STORE = { 'cache-control': 'no-store' };

export async function GET(request: Request) {
  const authorization = request.headers.get('authorization');
  const access = metricsAccess(authorization, authorization ? null : await currentUser());
  if (access === 'unauthenticated') return new Response('Sign in as an admin, or send Authorization: Bearer <METRICS_TOKEN>.\n', { status: 401, headers: { ...NO_STORE, 'www-authenticate': 'Bearer' } });
  if (access === 'forbidden') return new Response('Metrics are for admins and the configured scraper token.\n', { status: 403, headers: NO_STORE });
  const { contentType, body } = await renderMetrics(db(), () => recordPoolUse(poolUse(db())));
  return new Response(body, { headers: { ...NO_STORE, 'content-type': contentType } });
}
