// A grading worker: takes jobs from the PostgreSQL-backed queue and grades them in a pool of
// sandboxes. Run as many as the load needs, on any machine that reaches the database.
//   DATABASE_URL=... npm run worker        (GRADER_THREADS sets the sandbox threads, default: cores)
import os from 'node:os';
import crypto from 'node:crypto';
import { createDb } from '../lib/db.ts';
import { GRADE_FAILED_QUEUE, GRADE_QUEUE, startQueueWhenReachable, type GradeJob } from '../lib/queue.ts';
import { createScoreQueue, queueScorePassback, sendScore, SCORE_QUEUE, type ScoreJob } from '../lib/lti/ags.ts';
import { gradeSubmission, markGradingFailed } from '../lib/grading.ts';
import { SandboxPool } from '../grader/pool.ts';
import { databaseUrl } from '../lib/pg-config.ts';
import { explainDbError } from '../lib/db-errors.ts';
import { log, routeConsoleToLog } from '../lib/observability/log.ts';
import { withContext } from '../lib/observability/request-context.ts';
import { startHeartbeat } from '../lib/observability/snapshots.ts';
import { recordPoolUse } from '../lib/observability/metrics.ts';
import { poolUse } from '../lib/db.ts';

process.env.ATTENTION_LAB_ROLE ||= 'worker';
routeConsoleToLog(); // every line JSON: pg-boss's and the sandboxes' too

const url = databaseUrl();
const threads = Number(process.env.GRADER_THREADS ?? os.availableParallelism());
// A setting that can never work (a bad sslmode, an unreadable sslrootcert) ends the worker with
// one line naming it, rather than a stack trace or retries forever.
const [db, boss] = await (async () => {
  try {
    const db = createDb(url, threads + 2);
    return [db, await startQueueWhenReachable(url, { log: (s) => log().warn(s) })] as const;
  } catch (e) {
    log().fatal(`cannot start: ${explainDbError(e)}`);
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
  // Each job's lines carry its own id and the submission's (the grading worker's request id).
  for (const job of jobs) {
    await withContext({ reqId: job.id ?? crypto.randomUUID(), submissionId: job.data.submissionId }, async () => {
      const outcome = await gradeSubmission(db, pool, job.data.submissionId);
      // grade passback to an LMS (lib/lti/ags.ts): queued after the verdict is written, never in its way
      if (outcome === 'graded') await queueScorePassback(db, boss, job.data.submissionId).catch((e: unknown) => log().error({ err: e }, 'could not queue the LMS grade passback'));
    });
  }
});
await createScoreQueue(boss);
await boss.work<ScoreJob>(SCORE_QUEUE, { pollingIntervalSeconds: 2 }, async (jobs) => {
  for (const job of jobs) await withContext({ reqId: job.id ?? crypto.randomUUID() }, () => sendScore(db, job.data));
});
await boss.work<GradeJob>(GRADE_FAILED_QUEUE, { pollingIntervalSeconds: 5 }, async (jobs) => {
  for (const job of jobs) await withContext({ reqId: job.id ?? crypto.randomUUID(), submissionId: job.data.submissionId }, () => markGradingFailed(db, job.data.submissionId));
});
// The heartbeat row is how /metrics (and an operator) knows this worker is alive, with its metrics.
const beating = startHeartbeat(db, 'worker', () => recordPoolUse(poolUse(db)));
log().info({ threads }, 'grading worker started');

let stopping = false;
async function shutdown(sig: string) {
  if (stopping) return;
  stopping = true;
  log().info({ signal: sig }, 'finishing the jobs in hand');
  await boss.stop({ graceful: true, timeout: 20_000 }).catch(() => undefined);
  await beating.stop();
  await pool.close();
  await db.$disconnect();
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
