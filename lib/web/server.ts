// One web process: Next.js's request handler inside our own HTTP server, so that every request
// gets an id (x-request-id, on every log line written while it runs), a latency sample in the
// metrics and a log line of its own, and so that SIGTERM drains the process instead of cutting
// requests off. Several of these share one port (supervisor.ts); the grading stays in workers.
import http from 'node:http';
import { createRequire } from 'node:module';
import type { Socket } from 'node:net';
import { db, poolUse } from '../db.ts';
import { log, routeConsoleToLog, errorFields } from '../observability/log.ts';
import { metrics, recordPoolUse, routeLabel } from '../observability/metrics.ts';
import { requestIdFrom, withContext } from '../observability/request-context.ts';
import { startHeartbeat } from '../observability/snapshots.ts';
import { shutdownSignal } from './shutdown.ts';
import { startCpuProfile } from '../observability/cpu-profile.ts';

export interface WebOptions {
  root: string;
  port: number;
  hostname?: string;
  /** How long SIGTERM waits for requests in flight before closing their connections. */
  drainMs?: number;
}

// Paths whose segments are secrets (a reset link's token) are logged by their pattern only.
const SECRET_PATHS = /^\/reset\//;

export async function serveWeb(o: WebOptions): Promise<http.Server> {
  routeConsoleToLog();
  const stopProfile = await startCpuProfile(process.env.WEB_CPU_PROFILE, 'web');
  // Next is CommonJS; loading it through require keeps it one instance with what its bundles require.
  const next = createRequire(import.meta.url)('next') as typeof import('next').default;
  const app = next({ dev: false, dir: o.root, hostname: o.hostname, port: o.port, customServer: true });
  const handle = app.getRequestHandler();
  await app.prepare();
  const m = metrics();

  const server = http.createServer((req, res) => {
    const reqId = requestIdFrom(req.headers['x-request-id']);
    req.headers['x-request-id'] = reqId;
    res.setHeader('x-request-id', reqId);
    const started = process.hrtime.bigint();
    const pathname = (req.url ?? '/').split('?')[0];
    res.once('close', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = routeLabel(pathname, res.statusCode);
      m.httpDuration.observe({ method: req.method ?? 'GET', route, status: String(res.statusCode) }, seconds);
      const line = { reqId, method: req.method, path: SECRET_PATHS.test(pathname) ? route : pathname, route, status: res.statusCode, ms: Math.round(seconds * 1e4) / 10, aborted: !res.writableFinished || undefined };
      if (route === '/_next/static') log().debug(line, 'request');
      else log().info(line, 'request');
    });
    withContext({ reqId }, () => {
      handle(req, res).catch((e: unknown) => {
        log().error({ reqId, ...errorFields(e) }, 'request failed');
        if (!res.headersSent) {
          res.statusCode = 500;
          res.end('Internal error');
        } else res.destroy();
      });
    });
  });
  // Behind a load balancer keep connections open longer than it does (AWS ALB: 60 s), so it never
  // sends on a connection this side has just closed.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;

  const sockets = new Set<Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.hostname, () => resolve());
  });
  const beating = startHeartbeat(db(), 'web', () => recordPoolUse(poolUse(db())));
  log().info({ port: o.port }, 'web process listening');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log().info({ signal, open: sockets.size }, 'draining');
    shutdownSignal.stop(); // open event streams end now; their pages fall back to polling elsewhere
    server.close();
    server.closeIdleConnections();
    const drained = new Promise<void>((r) => server.once('close', () => r()));
    const timeout = new Promise<void>((r) => setTimeout(r, o.drainMs ?? 10_000).unref());
    await Promise.race([drained, timeout]);
    server.closeAllConnections();
    await beating.stop();
    await stopProfile?.();
    await db().$disconnect().catch(() => undefined);
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM')); // on, not once: a second SIGTERM (the group's and the supervisor's) must not kill mid-drain
  process.on('SIGINT', () => void stop('SIGINT'));
  return server;
}
