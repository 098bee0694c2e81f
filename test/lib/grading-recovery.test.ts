// Faults on the grading path: a worker SIGKILLed mid-job, and PostgreSQL restarted under load.
// Real worker processes, a real queue, a real PostgreSQL; nothing submitted may be lost or graded twice.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PgBoss } from 'pg-boss';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../support/database.ts';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../lib/embedded-postgres.ts';
import { prepareDatabase } from '../../lib/bootstrap.ts';
import { createDb, type Db } from '../../lib/db.ts';
import { startQueue } from '../../lib/queue.ts';
import { submit } from '../../lib/submissions.ts';
import { readExerciseFile } from '../../exercises/files.ts';

const EXERCISE = 'foundations/dot-product';
const solution = readExerciseFile(EXERCISE, 'solution.ts');
// Correct, but the first call of each grading spins for 1.5 s (under the 2 s per-case limit): long enough to kill the worker mid-job.
const slowSolution = `let first = true;\n${solution.replace(/export function dot\(([^)]*)\)([^{]*)\{/, (m) => `${m}\n  if (first) { first = false; const until = Date.now() + 1500; while (Date.now() < until) {} }`)}`;

const workers = new Set<ChildProcess>();
function startWorker(url: string): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/worker.ts'], {
    env: { ...process.env, DATABASE_URL: url, GRADER_THREADS: '1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  workers.add(child);
  child.on('exit', () => workers.delete(child));
  return child;
}
async function stopWorkers() {
  await Promise.all(
    [...workers].map((w) => new Promise((r) => {
      w.once('exit', r);
      w.kill('SIGKILL');
    })),
  );
}

async function until<T>(what: string, fn: () => Promise<T | undefined | false>, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch {
      /* the database may be restarting */
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function student(db: Db, email: string) {
  return db.user.create({ data: { email, name: 'Load', role: 'student' } });
}

afterEach(stopWorkers);

describe('a grading worker killed mid-job', () => {
  let t: TestDatabase;
  let boss: PgBoss;
  afterAll(async () => {
    await boss?.stop({ graceful: false });
    await t?.drop();
  });

  it('is retried by another worker within seconds and graded exactly once', async () => {
    t = await freshDatabase();
    await prepareDatabase({ url: t.url, embedded: false, env: {} });
    boss = await startQueue(t.url, { max: 2 });
    const user = await student(t.db, 'crash@example.test');

    const first = startWorker(t.url);
    const out = await submit({ db: t.db, boss: async () => boss }, { userId: user.id, cohortId: null }, { exerciseId: EXERCISE, code: slowSolution });
    expect(out.ok).toBe(true);
    const id = (out as { submissionId: string }).submissionId;

    await until('the first worker to take the job', async () => (await t.db.submission.findUnique({ where: { id } }))?.status === 'running');
    first.kill('SIGKILL');
    const killedAt = Date.now();
    startWorker(t.url);

    const graded = await until('the retry to grade it', async () => {
      const s = await t.db.submission.findUnique({ where: { id } });
      return s?.status === 'graded' ? s : undefined;
    });
    const recoveryMs = Date.now() - killedAt;
    console.log(`[recovery] graded ${recoveryMs} ms after the SIGKILL`);
    expect(recoveryMs).toBeLessThan(45_000);
    expect(graded.score).toBe(graded.maxScore);
    expect(graded.attempts).toBe(2); // taken twice, graded once
    const progress = await t.db.progress.findUniqueOrThrow({ where: { userId_scope_exerciseId: { userId: user.id, scope: '', exerciseId: EXERCISE } } });
    expect(progress.attempts).toBe(1);
    expect(progress.firstSolvedAt).not.toBeNull();
  }, 90_000);
});

describe('PostgreSQL restarted under load', () => {
  const baseDir = fs.mkdtempSync(path.join(os.tmpdir(), 'attention-lab-restart-'));
  fs.chmodSync(baseDir, 0o755);
  let pg: EmbeddedPostgres;
  let db: Db;
  let boss: PgBoss | undefined;
  afterAll(async () => {
    await boss?.stop({ graceful: false }).catch(() => undefined);
    await db?.$disconnect();
    await pg?.stop();
    fs.rmSync(baseDir, { recursive: true, force: true });
  });

  it('loses nothing: every recorded submission is graded once the database is back', async () => {
    pg = await startEmbeddedPostgres({ name: 'restart', projectRoot: process.cwd(), baseDir });
    const port = pg.port;
    await prepareDatabase({ url: pg.url, embedded: false, env: {} });
    db = createDb(pg.url, 5);
    boss = await startQueue(pg.url, { max: 2 });
    startWorker(pg.url);
    const users = await Promise.all([0, 1, 2, 3].map((i) => student(db, `restart${i}@example.test`)));

    const recorded: string[] = [];
    const refused: string[] = [];
    const submitOne = async (userId: string) => {
      try {
        const out = await submit({ db, boss: async () => boss! }, { userId, cohortId: null }, { exerciseId: EXERCISE, code: solution });
        if (out.ok) recorded.push(out.submissionId);
        else refused.push(out.error);
      } catch (e) {
        refused.push(e instanceof Error ? e.message : String(e)); // the learner saw an error and can resubmit
      }
    };

    await Promise.all(users.map((u) => submitOne(u.id)));
    await pg.stop(); // fast shutdown while jobs may be in flight
    const during = Promise.all(users.map((u) => submitOne(u.id)));
    await new Promise((r) => setTimeout(r, 1500));
    pg = await startEmbeddedPostgres({ name: 'restart', projectRoot: process.cwd(), baseDir, port });
    await during;
    await Promise.all(users.map((u) => submitOne(u.id)));

    expect(recorded.length).toBeGreaterThanOrEqual(8);
    const report = setInterval(async () => {
      const by = await db.submission.groupBy({ by: ['status'], _count: true }).catch(() => []);
      console.log('[restart] statuses', JSON.stringify(by), 'recorded', recorded.length);
    }, 5000);
    await until(
      'every recorded submission to be graded',
      async () => (await db.submission.count({ where: { id: { in: recorded }, status: 'graded' } })) === recorded.length,
      90_000,
    ).finally(() => clearInterval(report));
    const rows = await db.submission.findMany({ where: { id: { in: recorded } } });
    expect(rows.every((r) => r.score === r.maxScore)).toBe(true);
    // Nothing graded that nobody recorded, nothing recorded twice.
    expect(await db.submission.count()).toBe(recorded.length);
    console.log(`[restart] ${recorded.length} recorded and graded, ${refused.length} refused with an error during the outage`);
  }, 180_000);
});
