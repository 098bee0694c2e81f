// `npm start`: everything a fresh clone needs to serve the product. Starts the embedded PostgreSQL
// when DATABASE_URL is unset, applies migrations, syncs the exercise catalog, seeds the demo data
// (embedded database or SEED_DEMO=1 only), builds the app if the build is missing or stale, then
// serves it on WEB_CONCURRENCY web processes (default: one per core, scripts/web.ts) with a grading
// worker beside them. Ctrl-C (or SIGTERM) stops all of it.
// `npm run dev` is the same with `next dev` (hot reload) instead of a production build.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../lib/embedded-postgres.ts';
import { prepareDatabase } from '../lib/bootstrap.ts';
import { DEMO } from '../lib/seed.ts';
import { buildIsStale } from '../lib/build-state.ts';
import { authSecret, childEnv } from '../lib/runtime-env.ts';
import { clearRunRecord, reclaimPreviousRun, writeRunRecord } from '../lib/run-record.ts';
import { explainDbError } from '../lib/db-errors.ts';
import { webConcurrency } from '../lib/web/supervisor.ts';

const root = process.cwd();
const port = Number(process.env.PORT ?? 3000);
const dev = process.argv.includes('--dev');
const t0 = Date.now();
const say = (msg: string) => console.log(`[start] ${msg}`);

let embedded: EmbeddedPostgres | null = null;
const children = new Set<ChildProcess>();
let stopping = false;

async function stopAll(code: number) {
  if (stopping) return;
  stopping = true;
  for (const c of children) {
    try {
      process.kill(-c.pid!, 'SIGTERM');
    } catch {
      /* gone */
    }
  }
  await Promise.all([...children].map((c) => new Promise((r) => (c.exitCode !== null || c.signalCode !== null ? r(null) : c.once('exit', r)))));
  await embedded?.stop();
  clearRunRecord(root);
  process.exit(code);
}
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(sig, () => void stopAll(0));

function launch(name: string, cmd: string, args: string[], env: NodeJS.ProcessEnv, onExit: (code: number | null) => void): ChildProcess {
  const child = spawn(cmd, args, { cwd: root, env, stdio: 'inherit', detached: true });
  children.add(child);
  writeRunRecord(root, [...children].map((c) => c.pid!));
  child.on('exit', (code) => {
    children.delete(child);
    if (!stopping) onExit(code);
  });
  say(`${name} started (pid ${child.pid})`);
  return child;
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: root, env, stdio: 'inherit' });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${path.basename(cmd)} ${args.join(' ')} exited ${code}`))));
  });
}

try {
  await reclaimPreviousRun(root, say);
} catch (e) {
  console.error(`[start] ${e instanceof Error ? e.message : e}`);
  process.exit(1);
}

try {
  let url = process.env.DATABASE_URL;
  if (!url) {
    say('DATABASE_URL is unset: starting the embedded PostgreSQL');
    embedded = await startEmbeddedPostgres({ name: 'dev', projectRoot: root, log: say });
    url = embedded.url;
    say(`PostgreSQL on 127.0.0.1:${embedded.port}, data in ${embedded.dataDir}`);
  }
  const { sync, seeded } = await prepareDatabase({ url, embedded: embedded !== null, projectRoot: root });
  say(`migrations applied; catalog synced: ${sync.total} exercises (${sync.added.length} new, ${sync.changed.length} changed)`);

  const env = childEnv(root, { DATABASE_URL: url, AUTH_SECRET: authSecret(root), PORT: String(port) });
  const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);
  if (!dev && buildIsStale(root)) {
    say('building the app (first start, or sources changed)');
    await run(bin('next'), ['build'], env);
  }

  // Node with tsx as a loader, not tsx's CLI: the CLI's signal relay would kill the supervisor before
  // its web processes have drained, and they end with it.
  const web: [string, string[]] = dev ? [bin('next'), ['dev', '-p', String(port)]] : [bin('node'), ['--import', 'tsx', 'scripts/web.ts']];
  launch(dev ? 'web (next dev)' : `web (${webConcurrency()} processes)`, web[0], web[1], dev ? env : { ...env, NODE_ENV: 'production' }, (code) => {
    say(`web exited (${code}); stopping`);
    void stopAll(1);
  });
  const startWorker = () =>
    launch('grading worker', bin('tsx'), ['scripts/worker.ts'], env, (code) => {
      say(`grading worker exited (${code}); restarting it`);
      setTimeout(startWorker, 1000);
    });
  startWorker();

  say(`ready in ${((Date.now() - t0) / 1000).toFixed(1)} s: http://localhost:${port}`);
  if (seeded) {
    say(`demo accounts (password "${DEMO.password}"): ${DEMO.instructor.email} (instructor), ${DEMO.student.email} (student)`);
    say(`demo cohort "${DEMO.cohortName}", join code ${DEMO.joinCode}`);
  }
} catch (e) {
  // Mostly the database's failures (TLS, pg_hba.conf): said in words that name the setting to change.
  console.error(`[start] failed: ${explainDbError(e)}`);
  await stopAll(1);
}
