import path from 'node:path';
import { defineConfig } from 'prisma/config';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { CatalogAsTextClient, databaseUrl, pgConfigFromUrl, wholeScripts } from './lib/pg-config.ts';

// The Rust-free setup that works offline (see STACK.md): the CLI talks to PostgreSQL through the
// pg driver adapter, so it never downloads a native schema engine. Migration scripts are sent
// whole (lib/pg-config.ts wholeScripts): each migration is one transaction.
export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: path.join('prisma', 'schema.prisma'),
  migrations: { path: path.join('prisma', 'migrations') },
  async adapter() {
    const pool = new pg.Pool({
      ...pgConfigFromUrl(databaseUrl(), { idleTimeoutMillis: 300, allowExitOnIdle: true }),
      Client: CatalogAsTextClient,
    });
    return wholeScripts(new PrismaPg(pool, { disposeExternalPool: true }));
  },
});
