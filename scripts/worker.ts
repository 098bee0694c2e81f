// A grading worker: takes jobs from the PostgreSQL-backed queue and grades them in a pool of
// sandboxes. Run as many as the load needs, on any machine that reaches the database.
//   DATABASE_URL=... npm run worker        (GRADER_THREADS sets the sandbox threads, default: cores)
import os from 'node:os';
import { createDb } from '../lib/db.ts';
import { GRADE_FAILED_QUEUE, GRADE_QUEUE, startQueueWhenReachable, type GradeJob } from '../lib/queue.ts';
import { gradeSubmission, markGradingFailed } from '../lib/grading.ts';
import { SandboxPool } from '../grader/pool.ts';
import { databaseUrl } from '../lib/pg-config.ts';
import { explainDbError } from '../lib/db-errors.ts';

const url = databaseUrl();
const threads = Number(process.env.GRADER_THREADS ?? os.availableParallelism());
// A setting that can never work (a bad sslmode, an unreadable sslrootcert) ends the worker with
// one line naming it, rather than a stack trace or retries forever.
const [db, boss] = await (async () => {
  try {
    const db = createDb(url, threads + 2);
    return [db, await startQueueWhenReachable(url, { log: (s) => console.error(`[worker ${process.pid}] ${s}`) })] as const;
  } catch (e) {
    console.error(`[worker ${process.pid}] cannot start: ${explainDbError(e)}`);
    process.exit(1);
  }
})();
const pool = new SandboxPool({ size: threads });

await boss.work<GradeJob>(GRADE_QUEUE, {
  localConcurrency: threads * 2,
  pollingIntervalSeconds: 0.5,
  notifyPollingIntervalSeconds: 0.5,
  // While a fetch comes back full there is a backlog: fetch again at once instead of after a poll.
  batchSize: 2,
  burstWhenBatchFull: true,
}, async (jobs) => {
  for (const job of jobs) await gradeSubmission(db, pool, job.data.submissionId);
});
await boss.work<GradeJob>(GRADE_FAILED_QUEUE, { pollingIntervalSeconds: 5 }, async (jobs) => {
  for (const job of jobs) await markGradingFailed(db, job.data.submissionId);
});
console.log(`[worker ${process.pid}] grading with ${threads} sandbox threads`);

let stopping = false;
async function shutdown(sig: string) {
  if (stopping) return;
  stopping = true;
  console.log(`[worker ${process.pid}] ${sig}: finishing the jobs in hand`);
  await boss.stop({ graceful: true, timeout: 20_000 }).catch(() => undefined);
  await pool.close();
  await db.$disconnect();
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
