// Each integration test file gets its own database on the suite's PostgreSQL server, migrated
// from empty with the committed migrations, and dropped afterwards.
import crypto from 'node:crypto';
import pg from 'pg';
import { createDb, type Db } from '../../lib/db.ts';
import { migrate } from '../../lib/migrate.ts';
import { pgConfigFromUrl } from '../../lib/pg-config.ts';

export function serverUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('integration tests need DATABASE_URL: run them through `npm test`, which starts PostgreSQL');
  return url;
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client(pgConfigFromUrl(serverUrl(), { database: 'postgres' }));
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  url: string;
  db: Db;
  drop(): Promise<void>;
}

function urlOf(name: string): string {
  const u = new URL(serverUrl());
  u.pathname = `/${name}`;
  return u.toString();
}

// The committed migrations are applied once per test run, from empty, to a template database;
// each test file then gets a copy of it (CREATE DATABASE ... TEMPLATE), which takes milliseconds.
const TEMPLATE = `t_template_${crypto.createHash('sha256').update(String(process.env.DATABASE_URL)).digest('hex').slice(0, 8)}`;

async function ensureTemplate(): Promise<void> {
  await admin(async (c) => {
    await c.query(`select pg_advisory_lock(hashtext('attention-lab-test-template'))`);
    try {
      const found = await c.query('select 1 from pg_database where datname = $1', [TEMPLATE]);
      if (found.rowCount === 0) {
        await c.query(`create database "${TEMPLATE}"`);
        try {
          await migrate(urlOf(TEMPLATE));
        } catch (e) {
          await c.query(`drop database if exists "${TEMPLATE}" with (force)`);
          throw e;
        }
      }
    } finally {
      await c.query(`select pg_advisory_unlock(hashtext('attention-lab-test-template'))`);
    }
  });
}

export async function freshDatabase(): Promise<TestDatabase> {
  await ensureTemplate();
  const name = `t_${crypto.randomBytes(6).toString('hex')}`;
  await admin((c) => c.query(`create database "${name}" template "${TEMPLATE}"`));
  const url = urlOf(name);
  const db = createDb(url, 5);
  return {
    url,
    db,
    async drop() {
      await db.$disconnect();
      await admin((c) => c.query(`drop database if exists "${name}" with (force)`));
    },
  };
}

/** An empty database (no migrations applied), for tests of the migrations themselves. */
export async function emptyDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `t_${crypto.randomBytes(6).toString('hex')}`;
  await admin((c) => c.query(`create database "${name}"`));
  return { url: urlOf(name), drop: () => admin((c) => c.query(`drop database if exists "${name}" with (force)`)).then(() => undefined) };
}
