// The Prisma client on the pg driver adapter: one per process, reused across hot reloads in dev.
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/prisma/client.ts';
import { databaseUrl, pgConfigFromUrl } from './pg-config.ts';

export type Db = PrismaClient;

export function createDb(url = databaseUrl(), max = Number(process.env.DB_POOL_SIZE ?? 10)): PrismaClient {
  const adapter = new PrismaPg(pgConfigFromUrl(url, { max, connectionTimeoutMillis: 10_000, idleTimeoutMillis: 30_000 }));
  return new PrismaClient({ adapter });
}

const globalForDb = globalThis as unknown as { attentionLabDb?: PrismaClient };

/** The process-wide client (lazily created, so importing this module never needs a database). */
export function db(): PrismaClient {
  return (globalForDb.attentionLabDb ??= createDb());
}
