// Who may read /metrics: a scraper presenting METRICS_TOKEN (Authorization: Bearer <token>), or a
// signed-in admin. Metrics name routes, queue depths and process names: nothing a student needs,
// and a map for an attacker, so everyone else is refused (and with no token configured, only
// admins get in).
import crypto from 'node:crypto';

export type MetricsAccess = 'token' | 'admin' | 'unauthenticated' | 'forbidden';

function tokenMatches(given: string, expected: string): boolean {
  // Compared as digests, so neither the length nor the content leaks through timing.
  const a = crypto.createHash('sha256').update(given).digest();
  const b = crypto.createHash('sha256').update(expected).digest();
  return crypto.timingSafeEqual(a, b);
}

export function metricsAccess(authorization: string | null, user: { role: string } | null, env: NodeJS.ProcessEnv = process.env): MetricsAccess {
  const expected = env.METRICS_TOKEN;
  const bearer = /^Bearer\s+(.+)$/i.exec(authorization ?? '')?.[1]?.trim();
  if (bearer !== undefined) return expected && expected.length >= 16 && tokenMatches(bearer, expected) ? 'token' : 'forbidden';
  if (!user) return 'unauthenticated';
  return user.role === 'admin' ? 'admin' : 'forbidden';
}
