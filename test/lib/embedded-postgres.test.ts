// The embedded PostgreSQL survives its launcher being killed: the next start finds the orphaned
// server through postmaster.pid, stops it, and comes up on the same data.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../lib/embedded-postgres.ts';
import { pgConfigFromUrl } from '../../lib/pg-config.ts';

const root = process.cwd();
const baseDir = fs.mkdtempSync(path.join(os.tmpdir(), 'attention-lab-embedded-test-'));
fs.chmodSync(baseDir, 0o755);
let server: EmbeddedPostgres | undefined;

afterAll(async () => {
  await server?.stop();
  fs.rmSync(baseDir, { recursive: true, force: true });
});

async function query(url: string, sql: string, params: unknown[] = []) {
  const client = new pg.Client(pgConfigFromUrl(url));
  await client.connect();
  try {
    return await client.query(sql, params);
  } finally {
    await client.end();
  }
}

/** Starts the server from a separate process and SIGKILLs that process once the server is up. */
async function startThenKillLauncher(): Promise<{ url: string; postgresPid: number }> {
  const script = `
    import { startEmbeddedPostgres } from ${JSON.stringify(path.join(root, 'lib/embedded-postgres.ts'))};
    const s = await startEmbeddedPostgres({ name: 'crash', projectRoot: ${JSON.stringify(root)}, baseDir: ${JSON.stringify(baseDir)} });
    console.log(JSON.stringify({ url: s.url }));
    setInterval(() => {}, 1000);
  `;
  const file = path.join(baseDir, 'launcher.mts');
  fs.writeFileSync(file, script);
  // node --import tsx, not the tsx binary: tsx runs the script in a child process a SIGKILL would miss.
  const child = spawn(process.execPath, ['--import', 'tsx', file], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line: string = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      if (out.includes('\n')) resolve(out.split('\n')[0]);
    });
    child.on('exit', (code) => reject(new Error(`launcher exited ${code}`)));
  });
  child.kill('SIGKILL');
  const pidFile = path.join(baseDir, 'pg-crash', 'postmaster.pid');
  return { url: JSON.parse(line).url, postgresPid: Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]) };
}

describe('embedded PostgreSQL', () => {
  it('recovers after its launcher is SIGKILLed, with the data still there', async () => {
    const first = await startThenKillLauncher();
    await query(first.url, 'create table if not exists kept (v text)');
    await query(first.url, 'insert into kept values ($1)', ['still here']);
    expect(() => process.kill(first.postgresPid, 0)).not.toThrow(); // the orphan is still running

    server = await startEmbeddedPostgres({ name: 'crash', projectRoot: root, baseDir });
    expect(() => process.kill(first.postgresPid, 0)).toThrow(); // the orphan was stopped
    const rows = await query(server.url, 'select v from kept');
    expect(rows.rows).toEqual([{ v: 'still here' }]);
  });

  it('stops cleanly and starts again on the same data', async () => {
    await server!.stop();
    server = await startEmbeddedPostgres({ name: 'crash', projectRoot: root, baseDir });
    expect((await query(server.url, 'select count(*)::int as n from kept')).rows[0].n).toBe(1);
    expect(fs.existsSync(path.join(baseDir, 'pg-crash', 'PG_VERSION'))).toBe(true);
  });
});
