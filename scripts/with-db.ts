// Runs a command with DATABASE_URL pointing at a PostgreSQL: the given one when DATABASE_URL is
// set, otherwise a private embedded server started fresh for this run and stopped afterwards.
//   tsx scripts/with-db.ts -- vitest run
import { spawn } from 'node:child_process';
import { startEmbeddedPostgres } from '../lib/embedded-postgres.ts';

const sep = process.argv.indexOf('--');
const [cmd, ...args] = sep >= 0 ? process.argv.slice(sep + 1) : [];
if (!cmd) {
  console.error('usage: tsx scripts/with-db.ts -- <command> [args...]');
  process.exit(2);
}

const embedded = process.env.DATABASE_URL
  ? null
  : await startEmbeddedPostgres({ name: 'test', projectRoot: process.cwd(), fresh: true, log: (l) => console.error(`[postgres] ${l}`) });
const env = { ...process.env, DATABASE_URL: process.env.DATABASE_URL ?? embedded!.url };

// Its own process group, so a signal reaches everything the command started.
const child = spawn(cmd, args, { stdio: 'inherit', env, detached: true });
const forward = (sig: NodeJS.Signals) => () => {
  try {
    process.kill(-child.pid!, sig);
  } catch {
    /* already gone */
  }
};
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(sig, forward(sig));

const code: number = await new Promise((resolve) => child.on('exit', (c, s) => resolve(c ?? (s ? 128 : 1))));
await embedded?.stop();
process.exit(code);
