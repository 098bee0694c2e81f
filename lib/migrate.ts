// Applies the committed migrations (prisma/migrations) with Prisma's own `migrate deploy`.
// The CLI's WASM schema engine leaves a 10 s timer behind after it finishes, so every run costs
// 10 s; when the database already has every migration, the CLI is not run at all.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { pgConfigFromUrl } from './pg-config.ts';

const run = promisify(execFile);

function migrationNames(projectRoot: string): string[] {
  const dir = path.join(projectRoot, 'prisma', 'migrations');
  return fs.readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
}

/** Migrations in prisma/migrations that the database has not applied (all of them on an empty one). */
export async function pendingMigrations(url: string, projectRoot = process.cwd()): Promise<string[]> {
  const client = new pg.Client(pgConfigFromUrl(url));
  await client.connect();
  try {
    const exists = await client.query(`select to_regclass('public._prisma_migrations') as t`);
    const applied = new Set<string>();
    if (exists.rows[0].t) {
      const rows = await client.query(`select migration_name from _prisma_migrations where finished_at is not null and rolled_back_at is null`);
      for (const r of rows.rows) applied.add(r.migration_name);
    }
    return migrationNames(projectRoot).filter((m) => !applied.has(m));
  } finally {
    await client.end();
  }
}

export async function migrate(url: string, projectRoot = process.cwd()): Promise<void> {
  if ((await pendingMigrations(url, projectRoot)).length === 0) return;
  const prisma = path.join(projectRoot, 'node_modules', '.bin', 'prisma');
  try {
    await run(prisma, ['migrate', 'deploy'], {
      cwd: projectRoot,
      env: { ...process.env, DATABASE_URL: url, PRISMA_HIDE_UPDATE_MESSAGE: '1', CHECKPOINT_DISABLE: '1' },
      timeout: 120_000,
    });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    throw new Error(`prisma migrate deploy failed: ${(err.stderr || err.stdout || err.message).trim()}`);
  }
}
