// The production web tier: WEB_CONCURRENCY Next.js processes sharing PORT (lib/web/). `npm start`
// runs it after building; on other machines run it directly behind a load balancer:
//   NODE_ENV=production DATABASE_URL=... AUTH_SECRET=... PORT=3000 [WEB_CONCURRENCY=2] [WEB_HOST=0.0.0.0] node --import tsx scripts/web.ts
import cluster from 'node:cluster';
import { serveWeb } from '../lib/web/server.ts';
import { superviseWeb, webConcurrency } from '../lib/web/supervisor.ts';

if (cluster.isPrimary) {
  process.env.ATTENTION_LAB_ROLE ||= 'web-supervisor';
  superviseWeb({ processes: webConcurrency() });
} else {
  // WEB_HOST, not HOSTNAME: shells set HOSTNAME to the machine's name.
  await serveWeb({ root: process.cwd(), port: Number(process.env.PORT ?? 3000), hostname: process.env.WEB_HOST || undefined }).catch((e: unknown) => {
    console.error('web process could not start:', e);
    process.exit(1);
  });
}
