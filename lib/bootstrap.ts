// What every start does to a database before serving: apply migrations, mirror the exercise
// catalog, and (only on the embedded database, or when SEED_DEMO=1 asks) write the demo data.
import { createDb } from './db.ts';
import { migrate } from './migrate.ts';
import { syncCatalog, type SyncReport } from './catalog-sync.ts';
import { seedDemo, shouldSeedDemo } from './seed.ts';

export interface BootstrapReport {
  sync: SyncReport;
  seeded: boolean;
}

export async function prepareDatabase(opts: { url: string; embedded: boolean; projectRoot?: string; env?: Record<string, string | undefined> }): Promise<BootstrapReport> {
  await migrate(opts.url, opts.projectRoot);
  const db = createDb(opts.url, 2);
  try {
    const sync = await syncCatalog(db);
    const seeded = shouldSeedDemo(opts.embedded, opts.env ?? process.env);
    if (seeded) await seedDemo(db);
    return { sync, seeded };
  } finally {
    await db.$disconnect();
  }
}
