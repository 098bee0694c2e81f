// Regrading after the catalog changed: which submits were graded on an older version of their
// exercise (Submission.exerciseVersion != Exercise.contentVersion), and putting them back through
// the same grading queue. Per submission, in ONE transaction: the old verdict is copied into
// Regrade (kept for audit), the submission is reset to queued, and its job is enqueued; so a
// submission is either untouched or safely on its way. Asking twice regrades nothing twice (a
// submission already reset is no longer "graded on an old version", and rows another request holds
// are skipped); a request cut short is finished by asking again. The worker (lib/grading.ts)
// recomputes the learner's progress (in the submission's cohort) when it grades a submission that
// has Regrade rows. What an instructor sees and regrades is the work done in the cohorts they
// teach, by the students on those rosters; practice work is the learner's alone and never listed.
// Deleted accounts' submissions are never regraded: their code is gone, their scores are final.
// Each request is one audit record (lib/audit.ts), written with its first batch and counted up
// by the later ones, in their transactions.
import type { PgBoss } from 'pg-boss';
import type { Db } from '../db.ts';
import { Prisma } from '../generated/prisma/client.ts';
import { enqueueGrading } from '../queue.ts';
import { recordAudit } from '../audit.ts';
import { type Actor, type Staff, requireCohort, requireStaff } from './authorization.ts';

export interface RegradeScope {
  cohortId?: string | null; // only work done in this cohort (checked: the actor must teach it)
  exerciseId?: string | null; // only this exercise
}

export interface StaleGroup {
  exerciseId: string;
  title: string;
  module: string;
  currentVersion: string;
  versions: { version: string; firstSeenAt: Date | null; submissions: number }[];
  submissions: number;
  students: number;
}

export interface RegradeOverview {
  stale: StaleGroup[];
  inProgress: number; // regraded submissions waiting for or being graded
  failed: number; // regraded submissions the grader could not finish (status error)
}

async function scopeSql(db: Db, actor: Actor, scope: RegradeScope): Promise<{ staff: Staff; where: Prisma.Sql }> {
  let staff: Staff;
  // work done in a cohort by one of its current students (never practice: cohortId is null there)
  const parts: Prisma.Sql[] = [Prisma.sql`exists (select 1 from "Enrollment" se where se."userId" = s."userId" and se."cohortId" = s."cohortId" and se.role = 'student')`];
  if (scope.cohortId) {
    ({ staff } = await requireCohort(db, actor, scope.cohortId));
    parts.push(Prisma.sql`s."cohortId" = ${scope.cohortId}`);
  } else {
    staff = await requireStaff(db, actor);
  }
  if (staff.role !== 'admin') {
    // in a cohort this instructor teaches
    parts.push(Prisma.sql`exists (select 1 from "Enrollment" ie where ie."cohortId" = s."cohortId" and ie."userId" = ${staff.id} and ie.role = 'instructor')`);
  }
  if (scope.exerciseId) parts.push(Prisma.sql`s."exerciseId" = ${scope.exerciseId}`);
  parts.push(Prisma.sql`not exists (select 1 from "User" du where du.id = s."userId" and du."deletedAt" is not null)`);
  return { staff, where: Prisma.sql`and ${Prisma.join(parts, ' and ')}` };
}

const STALE = Prisma.sql`s.kind in ('submit', 'exam') and s.status = 'graded' and s."exerciseVersion" <> x."contentVersion"`;

/** What is stale, per exercise and old version, within what the actor may regrade. */
export async function regradeOverview(db: Db, actor: Actor, scope: RegradeScope = {}): Promise<RegradeOverview> {
  const { where } = await scopeSql(db, actor, scope);
  const [rows, progress] = await Promise.all([
    db.$queryRaw<{ exerciseId: string; title: string; module: string; currentVersion: string; version: string; firstSeenAt: Date | null; submissions: number; students: number }[]>`
      select s."exerciseId", x.title, x.module, x."contentVersion" as "currentVersion", s."exerciseVersion" as version,
             v."firstSeenAt", count(*)::int as submissions, count(distinct s."userId")::int as students
      from "Submission" s join "Exercise" x on x.id = s."exerciseId"
      left join "ExerciseVersion" v on v."exerciseId" = s."exerciseId" and v."contentVersion" = s."exerciseVersion"
      where ${STALE} ${where}
      group by s."exerciseId", x.title, x.module, x."moduleOrder", x."order", x."contentVersion", s."exerciseVersion", v."firstSeenAt"
      order by x."moduleOrder", x."order", s."exerciseId", v."firstSeenAt" nulls first, s."exerciseVersion"`,
    db.$queryRaw<{ inProgress: number; failed: number }[]>`
      select count(*) filter (where s.status in ('queued', 'running'))::int as "inProgress",
             count(*) filter (where s.status = 'error')::int as failed
      from "Submission" s
      where s.kind in ('submit', 'exam') and s.status <> 'graded' and exists (select 1 from "Regrade" r where r."submissionId" = s.id) ${where}`,
  ]);
  const groups = new Map<string, StaleGroup>();
  for (const r of rows) {
    let g = groups.get(r.exerciseId);
    if (!g) groups.set(r.exerciseId, (g = { exerciseId: r.exerciseId, title: r.title, module: r.module, currentVersion: r.currentVersion, versions: [], submissions: 0, students: 0 }));
    g.versions.push({ version: r.version, firstSeenAt: r.firstSeenAt, submissions: r.submissions });
    g.submissions += r.submissions;
  }
  // students per exercise across versions (a student may have submits on two old versions)
  if (groups.size) {
    const students = await db.$queryRaw<{ exerciseId: string; students: number }[]>`
      select s."exerciseId", count(distinct s."userId")::int as students
      from "Submission" s join "Exercise" x on x.id = s."exerciseId" where ${STALE} ${where} group by s."exerciseId"`;
    for (const r of students) groups.get(r.exerciseId)!.students = r.students;
  }
  return { stale: [...groups.values()], inProgress: progress[0]?.inProgress ?? 0, failed: progress[0]?.failed ?? 0 };
}

export interface StaleSubmission {
  id: string;
  userId: string;
  email: string;
  name: string | null;
  exerciseId: string;
  exerciseVersion: string;
  currentVersion: string;
  score: number | null;
  maxScore: number | null;
  createdAt: Date;
  gradedAt: Date | null;
}

export async function listStaleSubmissions(db: Db, actor: Actor, scope: RegradeScope = {}, limit = 500): Promise<StaleSubmission[]> {
  const { where } = await scopeSql(db, actor, scope);
  return db.$queryRaw<StaleSubmission[]>`
    select s.id, s."userId", u.email, u.name, s."exerciseId", s."exerciseVersion", x."contentVersion" as "currentVersion",
           s.score, s."maxScore", s."createdAt", s."gradedAt"
    from "Submission" s join "Exercise" x on x.id = s."exerciseId" join "User" u on u.id = s."userId"
    where ${STALE} ${where}
    order by x."moduleOrder", x."order", s."createdAt", s.id
    limit ${Math.max(1, Math.min(limit, 5000))}`;
}

export interface RegradeResult {
  queued: number; // submissions reset and enqueued by this call
  remaining: number; // stale submissions in scope still not queued (held by a concurrent request)
}

/**
 * Queues every stale submit in scope for regrading, `batchSize` per transaction. Each batch locks
 * its rows (skipping rows another request holds), re-checks that they are still graded on an old
 * version, copies their verdicts into Regrade, resets them to queued and enqueues one job each.
 */
export async function requestRegrade(db: Db, boss: PgBoss, actor: Actor, scope: RegradeScope = {}, opts: { batchSize?: number } = {}): Promise<RegradeResult> {
  const { staff, where } = await scopeSql(db, actor, scope);
  const batchSize = Math.max(1, opts.batchSize ?? 100);
  let queued = 0;
  let auditId: string | null = null;
  const details = (n: number) => ({ scope: { cohortId: scope.cohortId ?? null, exerciseId: scope.exerciseId ?? null }, queued: n });
  for (;;) {
    const n = await db.$transaction(async (tx) => {
      const rows = await tx.$queryRaw<{ id: string }[]>`
        select s.id from "Submission" s join "Exercise" x on x.id = s."exerciseId"
        where ${STALE} ${where}
        order by s."createdAt", s.id
        limit ${batchSize}
        for update of s skip locked`;
      if (rows.length === 0) return 0;
      const ids = rows.map((r) => r.id);
      await tx.$executeRaw`
        insert into "Regrade" (id, "submissionId", "exerciseVersion", score, "maxScore", verdict, "gradedAt", "replacedAt")
        select gen_random_uuid()::text, s.id, s."exerciseVersion", s.score, s."maxScore", s.verdict, s."gradedAt", now()
        from "Submission" s where s.id = any(${ids})`;
      await tx.submission.updateMany({
        where: { id: { in: ids } },
        data: { status: 'queued', score: null, maxScore: null, verdict: Prisma.DbNull, gradedAt: null, cpuMs: null, wallMs: null, attempts: 0 },
      });
      // an authored exercise is graded with the version recorded on the submission: record today's
      await tx.$executeRaw`
        update "Submission" s set "exerciseVersion" = x."contentVersion"
        from "Exercise" x where x.id = s."exerciseId" and x.source = 'authored' and s.id = any(${ids})`;
      for (const id of ids) await enqueueGrading(boss, tx, { submissionId: id });
      const total = queued + ids.length;
      if (auditId) await tx.auditEvent.update({ where: { id: auditId }, data: { details: details(total) } });
      else auditId = await recordAudit(tx, { actorId: staff.id, action: 'regrade_request', cohortId: scope.cohortId ?? null, exerciseId: scope.exerciseId ?? null, details: details(total) });
      return ids.length;
    });
    queued += n;
    if (n < batchSize) break;
  }
  const left = await db.$queryRaw<{ n: number }[]>`
    select count(*)::int as n from "Submission" s join "Exercise" x on x.id = s."exerciseId" where ${STALE} ${where}`;
  return { queued, remaining: left[0]?.n ?? 0 };
}

/**
 * Re-enqueues regraded submissions the grader gave up on (status error after its retries), e.g.
 * once a broken exercise is fixed. Their audit rows are already written; nothing is copied again.
 */
export async function retryFailedRegrades(db: Db, boss: PgBoss, actor: Actor, scope: RegradeScope = {}): Promise<number> {
  const { staff, where } = await scopeSql(db, actor, scope);
  return db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ id: string }[]>`
      select s.id from "Submission" s
      where s.kind in ('submit', 'exam') and s.status = 'error' and exists (select 1 from "Regrade" r where r."submissionId" = s.id) ${where}
      for update of s skip locked`;
    if (rows.length === 0) return 0;
    const ids = rows.map((r) => r.id);
    await tx.submission.updateMany({ where: { id: { in: ids } }, data: { status: 'queued', attempts: 0, verdict: Prisma.DbNull } });
    for (const id of ids) await enqueueGrading(boss, tx, { submissionId: id });
    await recordAudit(tx, { actorId: staff.id, action: 'regrade_retry', cohortId: scope.cohortId ?? null, details: { retried: ids.length } });
    return ids.length;
  });
}
