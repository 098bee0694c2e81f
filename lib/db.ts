// The Prisma client on the pg driver adapter: one per process, reused across hot reloads in dev.
// The pg pool is ours (handed to the adapter, which ends it on $disconnect) so its use can be
// reported in the metrics.
import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/prisma/client.ts';
import { databaseUrl, pgConfigFromUrl } from './pg-config.ts';

export type Db = PrismaClient;

const pools = new WeakMap<PrismaClient, pg.Pool>();

export function createDb(url = databaseUrl(), max = Number(process.env.DB_POOL_SIZE ?? 10)): PrismaClient {
  const pool = new pg.Pool(pgConfigFromUrl(url, { max, connectionTimeoutMillis: 10_000, idleTimeoutMillis: 30_000 }));
  const client = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
  pools.set(client, pool);
  return client;
}

/** The client's pool: connections open, idle, and requests waiting for one. */
export function poolUse(client: PrismaClient): { total: number; idle: number; waiting: number } | null {
  const pool = pools.get(client);
  return pool ? { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount } : null;
}

const globalForDb = globalThis as unknown as { attentionLabDb?: PrismaClient };

/** The process-wide client (lazily created, so importing this module never needs a database). */
export function db(): PrismaClient {
  return (globalForDb.attentionLabDb ??= createDb());
}
