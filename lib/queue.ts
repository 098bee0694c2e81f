// The durable grading queue: pg-boss on the same PostgreSQL. A job carries only a submission id;
// the submission row is the truth, so a retried job can always tell whether grading already landed.
import { PgBoss, fromPrisma, type PrismaTransactionLike } from 'pg-boss';
import { pgConfigFromUrl, databaseUrl } from './pg-config.ts';
import { explainDbError } from './db-errors.ts';
import { DbSettingError } from './pg-tls.ts';
import { log } from './observability/log.ts';

export const GRADE_QUEUE = 'grade-submission';
/** Where a job lands after its last retry: the submission is marked failed so the learner can resubmit. */
export const GRADE_FAILED_QUEUE = 'grade-submission-failed';

export interface GradeJob {
  submissionId: string;
}

const QUEUE_OPTIONS = {
  // A worker that dies mid-job stops sending heartbeats; the job is retried after ~10 s.
  heartbeatSeconds: 10,
  expireInSeconds: 120,
  // Retries back off 1, 2, 4 ... 30 s: a database restart or a short outage is ridden out.
  retryLimit: 10,
  retryDelay: 1,
  retryBackoff: true,
  retryDelayMax: 30,
  deadLetter: GRADE_FAILED_QUEUE,
  notify: true, // wake idle workers at once instead of at their next poll
} as const;

export async function startQueue(url = databaseUrl(), opts: { max?: number } = {}): Promise<PgBoss> {
  const boss = new PgBoss({
    ...pgConfigFromUrl(url),
    max: opts.max ?? 5,
    useListenNotify: true,
    application_name: 'attention-lab-queue',
    // The supervisor is what fails (and so retries) a job whose heartbeats stopped; its default
    // pass every 60 s would leave a crashed worker's job waiting a minute. One instance at a time
    // runs it (an advisory lock), so a short interval costs a cheap query every 2 s.
    superviseIntervalSeconds: 2,
    monitorIntervalSeconds: 2,
  });
  boss.on('error', (err) => log().error({ error: explainDbError(err) }, 'queue error'));
  await boss.start();
  await boss.createQueue(GRADE_FAILED_QUEUE, { retryLimit: 10, retryDelay: 1, retryBackoff: true });
  await boss.createQueue(GRADE_QUEUE, QUEUE_OPTIONS);
  return boss;
}

/** Keeps trying while the database is unreachable (a worker may start before PostgreSQL does);
 *  a setting that can never work (a bad sslmode, a missing sslrootcert) is thrown at once. */
export async function startQueueWhenReachable(url = databaseUrl(), opts: { max?: number; log?: (s: string) => void } = {}): Promise<PgBoss> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startQueue(url, opts);
    } catch (e) {
      if (e instanceof DbSettingError) throw e;
      const wait = Math.min(1000 * 2 ** (attempt - 1), 15_000);
      opts.log?.(`queue not reachable (${explainDbError(e)}); retrying in ${wait / 1000} s`);
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}

/** Enqueue inside the caller's Prisma transaction, so the job exists iff the submission does. */
export async function enqueueGrading(boss: PgBoss, tx: PrismaTransactionLike, job: GradeJob): Promise<void> {
  await boss.send(GRADE_QUEUE, job, { db: fromPrisma(tx) });
}
