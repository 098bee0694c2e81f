// The durable grading queue: pg-boss on the same PostgreSQL. A job carries only a submission id;
// the submission row is the truth, so a retried job can always tell whether grading already landed.
import { PgBoss, fromPrisma, type PrismaTransactionLike } from 'pg-boss';
import { pgConfigFromUrl, databaseUrl } from './pg-config.ts';

export const GRADE_QUEUE = 'grade-submission';

export interface GradeJob {
  submissionId: string;
}

const QUEUE_OPTIONS = {
  // A worker that dies mid-job stops sending heartbeats; the job is retried after ~10 s.
  heartbeatSeconds: 10,
  expireInSeconds: 120,
  retryLimit: 5,
  retryDelay: 1,
  notify: true, // wake idle workers at once instead of at their next poll
} as const;

export async function startQueue(url = databaseUrl(), opts: { max?: number } = {}): Promise<PgBoss> {
  const boss = new PgBoss({ ...pgConfigFromUrl(url), max: opts.max ?? 5, useListenNotify: true, application_name: 'attention-lab-queue' });
  boss.on('error', (err) => console.error('[queue]', err instanceof Error ? err.message : err));
  await boss.start();
  await boss.createQueue(GRADE_QUEUE, QUEUE_OPTIONS);
  return boss;
}

/** Enqueue inside the caller's Prisma transaction, so the job exists iff the submission does. */
export async function enqueueGrading(boss: PgBoss, tx: PrismaTransactionLike, job: GradeJob): Promise<void> {
  await boss.send(GRADE_QUEUE, job, { db: fromPrisma(tx) });
}
