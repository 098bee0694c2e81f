// The rule: every connection to PostgreSQL (app, workers, pg-boss, migrations, tests, scripts)
// takes its settings from pgConfigFromUrl, so DATABASE_URL means the same thing everywhere.
import pg from 'pg';
import { sslFromSettings } from './pg-tls.ts';

/** Connection settings for the pg driver, taken apart from DATABASE_URL (Prisma's shadow-database
 *  step reuses a connection string that points at the main database, so give them separately).
 *  TLS follows libpq's sslmode/sslrootcert/sslcert/sslkey, from the URL or else PGSSL* (lib/pg-tls.ts);
 *  a setting that can never work throws a DbSettingError naming it. */
export function pgConfigFromUrl(url: string, extra: pg.PoolConfig = {}, env: Record<string, string | undefined> = process.env): pg.PoolConfig {
  const u = new URL(url);
  const host = u.searchParams.get('host') ?? (u.hostname.replace(/^\[(.*)\]$/, '$1') || 'localhost');
  return {
    host,
    port: u.port ? Number(u.port) : 5432,
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    database: decodeURIComponent(u.pathname.replace(/^\//, '')) || 'postgres',
    ssl: sslFromSettings(u.searchParams, env, host),
    ...extra,
  };
}

export function databaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set (npm start and npm test start an embedded PostgreSQL when it is unset)');
  return url;
}

// Upstream prisma/orm#27403: the JS schema engine cannot decode the catalog types `name` (oid 19)
// and `"char"` (oid 18) that migrations read. Their text form is all it needs, so the migration
// tooling's connections report them as `text` (oid 25). The app's own queries never use this.
const CATALOG_TEXT_OIDS = new Set([18, 19]);

function asText(res: pg.QueryResult | undefined): void {
  for (const field of res?.fields ?? []) {
    if (CATALOG_TEXT_OIDS.has(field.dataTypeID)) field.dataTypeID = 25;
  }
}

export class CatalogAsTextClient extends pg.Client {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  query(...args: any[]): any {
    const last = args.length - 1;
    if (typeof args[last] === 'function') {
      const callback = args[last];
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      args[last] = (err: Error | null, res: any) => {
        if (!err) asText(res);
        callback(err, res);
      };
    }
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const result = (super.query as any)(...args);
    if (result && typeof result.then === 'function') {
      return result.then((res: pg.QueryResult) => {
        asText(res);
        return res;
      });
    }
    return result;
  }
}
