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

export async function freshDatabase(): Promise<TestDatabase> {
  const name = `t_${crypto.randomBytes(6).toString('hex')}`;
  await admin((c) => c.query(`create database "${name}"`));
  const u = new URL(serverUrl());
  u.pathname = `/${name}`;
  const url = u.toString();
  await migrate(url);
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
