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

interface ScriptRunner {
  executeScript(script: string): Promise<void>;
  underlyingDriver(): unknown;
  /** The adapter's own mapping of a driver error to the error Prisma expects (it throws). */
  onError?(error: unknown): never;
}

/** Sends a script to PostgreSQL whole, on one connection: a multi-statement query is one implicit transaction. */
function runWhole(adapter: ScriptRunner): void {
  const pool = adapter.underlyingDriver() as pg.Pool;
  adapter.executeScript = async (script: string) => {
    try {
      await pool.query(script);
    } catch (e) {
      if (adapter.onError) adapter.onError(e);
      throw e;
    }
  };
}

/**
 * Prisma's pg driver adapter runs a migration script by cutting it at every ';' and sending the
 * pieces one by one through the pool: no transaction around a migration, a semicolon inside a
 * dollar-quoted function body or a string literal breaks it, and a temporary table may live on
 * another connection than the statement that reads it. Prisma's native engine sends the script
 * whole, which PostgreSQL runs as one implicit transaction; this makes the adapter (and the shadow
 * databases it creates for `migrate dev`/`diff`) do the same.
 */
export function wholeScripts<F extends { connect(): Promise<unknown>; connectToShadowDb(): Promise<unknown> }>(factory: F): F {
  const connect = factory.connect.bind(factory);
  const shadow = factory.connectToShadowDb.bind(factory);
  factory.connect = async () => {
    const adapter = (await connect()) as ScriptRunner;
    runWhole(adapter);
    return adapter;
  };
  factory.connectToShadowDb = async () => {
    const adapter = (await shadow()) as ScriptRunner;
    runWhole(adapter);
    return adapter;
  };
  return factory;
}
