// The app as end-to-end tests meet it: the production build (built once, only when sources
// changed), the production web tier (scripts/web.ts: one web process unless asked for more) on a
// free port and a grading worker, both on a fresh database with the catalog and the demo data.
// Each test file starts its own and stops it afterwards.
//
//   const app = await startApp();          // in beforeAll, with a long timeout (a build takes ~90 s)
//   ... app.baseUrl, app.db, app.authSecret ...
//   await app.stop();                       // in afterAll
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { buildIsStale } from '../../../lib/build-state.ts';
import { childEnv } from '../../../lib/runtime-env.ts';
import { syncCatalog } from '../../../lib/catalog-sync.ts';
import { seedDemo } from '../../../lib/seed.ts';
import type { Db } from '../../../lib/db.ts';
import { freshDatabase, type TestDatabase } from '../../support/database.ts';

export const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
const bin = (name: string) => path.join(ROOT, 'node_modules', '.bin', name);

/** Where e2e tests leave screenshots and server logs. */
export const OUTPUT_DIR = path.join(ROOT, 'test-results', 'e2e');

export interface RunningApp {
  baseUrl: string;
  databaseUrl: string;
  db: Db;
  authSecret: string;
  /** The last lines the web server and the worker printed (for failure messages). */
  logs(): string;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Start a grading worker beside the web server (default true). */
  worker?: boolean;
  /** Extra environment for both processes (limits, SESSION_MAX_AGE_HOURS, ...). */
  env?: Record<string, string>;
  /** Web processes sharing the port (WEB_CONCURRENCY; default 1, the machine has two cores). */
  webProcesses?: number;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function sleep(ms: number) {
  return new Promise((r) => setTimeout(r, ms));
}

function runToEnd(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    let out = '';
    const child = spawn(cmd, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (d) => (out = (out + d).slice(-20_000)));
    child.stderr.on('data', (d) => (out = (out + d).slice(-20_000)));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${path.basename(cmd)} ${args.join(' ')} exited ${code}:\n${out}`))));
  });
}

/** The build folder: .next, or NEXT_DIST_DIR (next.config.ts reads the same variable). */
export const DIST_DIR = process.env.NEXT_DIST_DIR || '.next';

const SOURCES = ['app', 'lib', 'engine', 'grader', 'exercises', 'components', 'proxy.ts', 'next.config.ts', 'package-lock.json', 'tsconfig.json'];

function newestMtime(p: string): number {
  const st = fs.statSync(p, { throwIfNoEntry: false });
  if (!st) return 0;
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of fs.readdirSync(p)) if (entry !== 'node_modules' && entry !== 'generated') newest = Math.max(newest, newestMtime(path.join(p, entry)));
  return newest;
}

/** lib/build-state.ts's rule, for the build folder in use and with components/ and proxy.ts counted too. */
function stale(): boolean {
  if (DIST_DIR === '.next' && buildIsStale(ROOT)) return true;
  const built = fs.statSync(path.join(ROOT, DIST_DIR, 'BUILD_ID'), { throwIfNoEntry: false })?.mtimeMs;
  return built === undefined || SOURCES.some((s) => newestMtime(path.join(ROOT, s)) > built);
}

/**
 * `next build` when the build is missing or older than the sources. Test files run in parallel, so a
 * lock folder makes one of them build while the others wait for it.
 */
export async function ensureBuilt(): Promise<void> {
  if (!stale()) return;
  const lock = path.join(ROOT, `${DIST_DIR}-build.lock`);
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch {
      // someone else is building; a lock older than 10 minutes was left by a killed run
      const age = Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 10 * 60_000) fs.rmSync(lock, { recursive: true, force: true });
      await sleep(1000);
    }
  }
  try {
    if (!stale()) return;
    await runToEnd(bin('next'), ['build'], childEnv(ROOT, { NODE_ENV: 'production', NEXT_SKIP_TYPECHECK: '1' }));
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

function launch(name: string, cmd: string, args: string[], env: NodeJS.ProcessEnv, log: string[]): ChildProcess {
  // Its own process group, so stop() reaches everything it started (Next forks, sandbox workers).
  const child = spawn(cmd, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const add = (d: Buffer) => {
    for (const line of d.toString().split('\n')) if (line.trim()) log.push(`[${name}] ${line}`);
    if (log.length > 400) log.splice(0, log.length - 400);
  };
  child.stdout!.on('data', add);
  child.stderr!.on('data', add);
  return child;
}

async function stopGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
  const exited = new Promise((r) => child.once('exit', r));
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    return;
  }
  const done = await Promise.race([exited.then(() => true), sleep(10_000).then(() => false)]);
  if (!done) {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      /* gone */
    }
    await Promise.race([exited, sleep(2000)]);
  }
}

async function waitForHttp(url: string, child: ChildProcess, log: string[], timeoutMs = 90_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`the web server exited (${child.exitCode}) before answering:\n${log.slice(-40).join('\n')}`);
    try {
      const res = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(5000) });
      if (res.status < 500) return;
    } catch {
      /* not up yet */
    }
    await sleep(200);
  }
  throw new Error(`the web server did not answer ${url} within ${timeoutMs / 1000} s:\n${log.slice(-40).join('\n')}`);
}

export async function startApp(opts: StartOptions = {}): Promise<RunningApp> {
  await ensureBuilt();
  const database: TestDatabase = await freshDatabase();
  const log: string[] = [];
  const children: ChildProcess[] = [];
  const stop = async () => {
    await Promise.all(children.map(stopGroup));
    await database.drop();
  };
  try {
    await syncCatalog(database.db);
    await seedDemo(database.db);
    const port = await freePort();
    const authSecret = crypto.randomBytes(32).toString('base64url');
    const env = childEnv(ROOT, { DATABASE_URL: database.url, AUTH_SECRET: authSecret, PORT: String(port), GRADER_THREADS: '1', RUN_SANDBOXES: '1', LOG_LEVEL: 'warn', ...opts.env });
    const webEnv: NodeJS.ProcessEnv = { ...env, NODE_ENV: 'production', WEB_HOST: '127.0.0.1', WEB_CONCURRENCY: String(opts.webProcesses ?? 1) };
    const web = launch('web', bin('node'), ['--import', 'tsx', 'scripts/web.ts'], webEnv, log);
    children.push(web);
    if (opts.worker !== false) children.push(launch('worker', bin('tsx'), ['scripts/worker.ts'], env, log));
    const baseUrl = `http://127.0.0.1:${port}`;
    await waitForHttp(`${baseUrl}/signin`, web, log);
    return { baseUrl, databaseUrl: database.url, db: database.db, authSecret, logs: () => log.join('\n'), stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
