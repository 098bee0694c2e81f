// TLS to a real PostgreSQL: an embedded cluster of its own with ssl=on, a certificate made for the
// test (DNS:localhost only, signed by a test CA) and a pg_hba.conf with hostssl lines only, so any
// connection that is not TLS is refused. Every path the product connects through is checked: the pg
// settings, Prisma on the driver adapter, pg-boss, the migration CLI, and a worker's report of a
// failure. Needs openssl: skipped without it, except under CI, where its absence fails the file.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../lib/embedded-postgres.ts';
import { pgConfigFromUrl } from '../../lib/pg-config.ts';
import { createDb } from '../../lib/db.ts';
import { startQueue } from '../../lib/queue.ts';
import { migrate, pendingMigrations } from '../../lib/migrate.ts';
import { explainDbError } from '../../lib/db-errors.ts';
import { makeTestCertificates, opensslAvailable, OPENSSL, type TestCertificates } from '../support/tls-certs.ts';

const root = process.cwd();
const CERT_USER = 'certuser'; // signs in with a client certificate (pg_hba.conf `cert`), no password
const HBA = [
  'local all all scram-sha-256',
  `hostssl all ${CERT_USER} 127.0.0.1/32 cert`,
  'hostssl all all 127.0.0.1/32 scram-sha-256',
  'hostssl all all ::1/128 scram-sha-256',
  '',
].join('\n');

const inCi = !!process.env.CI && process.env.CI !== 'false';
const haveOpenssl = opensslAvailable();
const suite = haveOpenssl || inCi ? describe : describe.skip;

let dir: string;
let certs: TestCertificates;
let server: EmbeddedPostgres;

/** The test server's URL for `host`, with these query parameters only. */
function url(host: 'localhost' | '127.0.0.1', params: Record<string, string> = {}, user?: string): string {
  const u = new URL(server.url);
  u.hostname = host;
  u.search = new URLSearchParams(params).toString();
  if (user) {
    u.username = user;
    u.password = '';
  }
  return u.toString();
}

/** Connects through the settings the app's pools use; answers whether the session is TLS, or the failure explained. */
async function sessionOver(connectUrl: string, env?: Record<string, string | undefined>): Promise<{ ssl: boolean; user: string } | { error: string }> {
  const pool = new pg.Pool(pgConfigFromUrl(connectUrl, { max: 1, connectionTimeoutMillis: 10_000 }, env));
  try {
    const r = await pool.query('select s.ssl, current_user as user from pg_stat_ssl s where s.pid = pg_backend_pid()');
    return r.rows[0];
  } catch (e) {
    return { error: explainDbError(e) };
  } finally {
    await pool.end();
  }
}

suite('TLS to PostgreSQL (sslmode, sslrootcert)', () => {
  beforeAll(async () => {
    if (!haveOpenssl) throw new Error(`"${OPENSSL} version" failed: the TLS tests need openssl to make their certificates (apt-get install openssl, or set OPENSSL)`);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attention-lab-tls-'));
    fs.chmodSync(dir, 0o755); // as root the server runs as `postgres`, who must enter it
    const t0 = Date.now();
    certs = makeTestCertificates(fs.mkdtempSync(path.join(dir, 'certs-')), CERT_USER);
    const t1 = Date.now();
    server = await startEmbeddedPostgres({
      name: 'tls', projectRoot: root, baseDir: dir, fresh: true, hba: HBA,
      tls: { certFile: certs.serverCert, keyFile: certs.serverKey, caFile: certs.caCert },
    });
    console.log(`[tls] certificates ${t1 - t0} ms, TLS cluster up ${Date.now() - t1} ms`);
    const admin = new pg.Client(pgConfigFromUrl(server.url));
    await admin.connect();
    try {
      await admin.query(`create role ${CERT_USER} login`);
    } finally {
      await admin.end();
    }
  });
  afterAll(async () => {
    await server?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const verifyFull = () => ({ sslmode: 'verify-full', sslrootcert: certs.caCert });

  describe('verify-full with the right CA connects', () => {
    it('through the pg settings every pool uses', async () => {
      expect(await sessionOver(url('localhost', verifyFull()))).toEqual({ ssl: true, user: 'postgres' });
    });

    it('through Prisma on the pg driver adapter', async () => {
      const db = createDb(url('localhost', verifyFull()), 2);
      try {
        const rows = await db.$queryRaw<{ ssl: boolean }[]>`select ssl from pg_stat_ssl where pid = pg_backend_pid()`;
        expect(rows).toEqual([{ ssl: true }]);
      } finally {
        await db.$disconnect();
      }
    });

    it('through pg-boss: starts, takes a job, stops', async () => {
      const boss = await startQueue(url('localhost', verifyFull()), { max: 2 });
      try {
        await boss.createQueue('tls-probe');
        const id = await boss.send('tls-probe', { n: 1 });
        const [job] = await boss.fetch<{ n: number }>('tls-probe');
        expect(job).toMatchObject({ id, data: { n: 1 } });
        const probe = await sessionOver(url('localhost', verifyFull()));
        expect(probe).toMatchObject({ ssl: true });
      } finally {
        await boss.stop({ graceful: false });
      }
    });

    it("applies the migrations over TLS (prisma migrate deploy through prisma.config.ts)", async () => {
      const admin = new pg.Client(pgConfigFromUrl(server.url));
      await admin.connect();
      await admin.query('create database tls_migrate');
      await admin.end();
      const target = new URL(url('localhost', verifyFull()));
      target.pathname = '/tls_migrate';
      const t0 = Date.now();
      await migrate(target.toString(), root);
      console.log(`[tls] migrate deploy over TLS ${Date.now() - t0} ms`);
      expect(await pendingMigrations(target.toString(), root)).toEqual([]);
    }, 120_000);
  });

  describe('a server that cannot be verified is refused, in words that name the setting', () => {
    it('a CA that did not sign the server certificate', async () => {
      const wrong = url('localhost', { sslmode: 'verify-full', sslrootcert: certs.otherCaCert });
      const expected = /^TLS: certificate verification failed.*check sslrootcert/;
      expect(await sessionOver(wrong)).toEqual({ error: expect.stringMatching(expected) });
      // Prisma keeps only the driver's words; pg-boss hands on pg's error.
      const db = createDb(wrong, 1);
      await expect(db.$queryRaw`select 1`.catch((e) => Promise.reject(new Error(explainDbError(e))))).rejects.toThrow(expected);
      await db.$disconnect();
      await expect(startQueue(wrong, { max: 1 }).catch((e) => Promise.reject(new Error(explainDbError(e))))).rejects.toThrow(expected);
      // require with sslrootcert checks the chain too (libpq), so the wrong CA fails there as well.
      expect(await sessionOver(url('localhost', { sslmode: 'require', sslrootcert: certs.otherCaCert }))).toEqual({ error: expect.stringMatching(expected) });
    });

    it('a host name the certificate does not name (127.0.0.1 for a DNS:localhost certificate)', async () => {
      expect(await sessionOver(url('127.0.0.1', verifyFull()))).toEqual({
        error: expect.stringMatching(/^TLS: the server's certificate does not name the host connected to \("127\.0\.0\.1"\); it names DNS:localhost: .*sslmode=verify-ca/),
      });
    });

    it('verify-ca checks the chain but not the host name, so the same address connects', async () => {
      expect(await sessionOver(url('127.0.0.1', { sslmode: 'verify-ca', sslrootcert: certs.caCert }))).toEqual({ ssl: true, user: 'postgres' });
      expect(await sessionOver(url('127.0.0.1', { sslmode: 'verify-ca', sslrootcert: certs.otherCaCert }))).toHaveProperty('error');
    });

    it('require without sslrootcert encrypts without checking the certificate', async () => {
      expect(await sessionOver(url('127.0.0.1', { sslmode: 'require' }))).toEqual({ ssl: true, user: 'postgres' });
    });
  });

  describe('a connection without TLS is refused by a hostssl-only server', () => {
    it('sslmode=disable, allow, or no sslmode at all', async () => {
      const expected = /^the server requires TLS for this connection .*set sslmode=require or stronger/;
      for (const params of [{ sslmode: 'disable' }, { sslmode: 'allow' }, {}] as Record<string, string>[]) {
        expect(await sessionOver(url('127.0.0.1', params), {}), JSON.stringify(params)).toEqual({ error: expect.stringMatching(expected) });
      }
    });
  });

  describe('the PG* environment variables alone', () => {
    const saved = { PGSSLMODE: process.env.PGSSLMODE, PGSSLROOTCERT: process.env.PGSSLROOTCERT };
    afterEach(() => {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    });

    it('PGSSLMODE=verify-full and PGSSLROOTCERT connect, through pg and through Prisma', async () => {
      process.env.PGSSLMODE = 'verify-full';
      process.env.PGSSLROOTCERT = certs.caCert;
      expect(await sessionOver(url('localhost'))).toEqual({ ssl: true, user: 'postgres' });
      const db = createDb(url('localhost'), 1);
      try {
        expect(await db.$queryRaw`select ssl from pg_stat_ssl where pid = pg_backend_pid()`).toEqual([{ ssl: true }]);
      } finally {
        await db.$disconnect();
      }
      // ...and the URL's sslmode still wins over them.
      expect(await sessionOver(url('localhost', { sslmode: 'disable' }))).toHaveProperty('error', expect.stringMatching(/requires TLS/));
    });
  });

  describe('client certificates (sslcert, sslkey)', () => {
    it('signs in as the certificate names, and is told to set them when the server wants one', async () => {
      const params = { ...verifyFull(), sslcert: certs.clientCert, sslkey: certs.clientKey };
      expect(await sessionOver(url('localhost', params, CERT_USER))).toEqual({ ssl: true, user: CERT_USER });
      expect(await sessionOver(url('localhost', verifyFull(), CERT_USER))).toEqual({ error: expect.stringMatching(/requires a client certificate.*set sslcert and sslkey/) });
    });
  });

  describe('a worker reports what it cannot reach', () => {
    /** Runs the grading worker until what it logs matches, or it exits; answers the log's messages
     *  (its JSON lines' `msg`, one a line) and the exit code. */
    function worker(databaseUrl: string, until: RegExp): Promise<{ stderr: string; code: number | null }> {
      return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/worker.ts'], {
          env: { ...process.env, DATABASE_URL: databaseUrl, GRADER_THREADS: '1' },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let raw = '';
        const messages = () =>
          raw
            .split('\n')
            .filter(Boolean)
            .map((l) => {
              try {
                return String((JSON.parse(l) as { msg?: unknown }).msg ?? l);
              } catch {
                return l;
              }
            })
            .join('\n');
        const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
        const take = (d: Buffer) => {
          raw += d;
          if (until.test(messages())) child.kill('SIGKILL');
        };
        child.stdout!.on('data', take);
        child.stderr!.on('data', take);
        child.on('error', reject);
        child.on('exit', (code) => {
          clearTimeout(timer);
          resolve({ stderr: messages(), code });
        });
      });
    }

    it('keeps waiting for the queue with the reason in words, and stops at once on a bad setting', async () => {
      const waiting = await worker(url('localhost', { sslmode: 'verify-full', sslrootcert: certs.otherCaCert }), /retrying in/);
      expect(waiting.stderr).toMatch(/queue not reachable \(TLS: certificate verification failed.*check sslrootcert.*\); retrying in 1 s/);

      const bad = await worker(url('localhost', { sslmode: 'verify' }), /(?!)/); // runs until it exits
      expect(bad.stderr).toMatch(/cannot start: DATABASE_URL sslmode="verify" is not a valid sslmode/);
      expect(bad.code).toBe(1);
    }, 60_000);
  });
});
