// "Download my data": everything the product holds about one account, as one JSON document
// streamed in pieces (a learner's submissions, each up to 64 KB of code, can add up): the profile,
// the cohorts joined, extensions, progress, drafts, and every submission with its code, verdict
// and earlier (regraded) verdicts. Only the account's own rows are read, and of the cohorts only
// their names: nothing about other people. Password hashes and identity-provider tokens stay out
// (they are credentials, not data about the learner).
import type { Db } from '../db.ts';

const BATCH = 100;

export function exportFilename(now: Date = new Date()): string {
  return `attention-lab-my-data-${now.toISOString().slice(0, 10)}.json`;
}

async function head(db: Db, userId: string, now: Date) {
  const user = await db.user.findUniqueOrThrow({
    where: { id: userId },
    select: {
      id: true,
      email: true,
      name: true,
      role: true,
      createdAt: true,
      updatedAt: true,
      passwordChangedAt: true,
      passwordHash: true,
      emailVerified: true,
      image: true,
      accounts: { select: { provider: true, type: true, createdAt: true } },
      enrollments: { select: { role: true, createdAt: true, cohort: { select: { id: true, name: true, archived: true } } }, orderBy: { createdAt: 'asc' } },
      extensions: { select: { dueAt: true, createdAt: true, assignment: { select: { exerciseId: true, dueAt: true, cohort: { select: { name: true } } } } }, orderBy: { createdAt: 'asc' } },
      progress: { select: { exerciseId: true, cohortId: true, bestScore: true, maxScore: true, attempts: true, firstOpenedAt: true, firstSolvedAt: true, updatedAt: true }, orderBy: { exerciseId: 'asc' } },
      drafts: { select: { exerciseId: true, cohortId: true, code: true, updatedAt: true }, orderBy: { exerciseId: 'asc' } },
    },
  });
  const { passwordHash, accounts, enrollments, extensions, progress, drafts, ...profile } = user;
  return {
    format: 'attention-lab-account-export/1',
    exportedAt: now.toISOString(),
    profile: { ...profile, hasPassword: passwordHash !== null, linkedSignIns: accounts },
    enrollments: enrollments.map((e) => ({ cohortId: e.cohort.id, cohort: e.cohort.name, archived: e.cohort.archived, role: e.role, joinedAt: e.createdAt })),
    extensions: extensions.map((e) => ({ cohort: e.assignment.cohort.name, exerciseId: e.assignment.exerciseId, originalDueAt: e.assignment.dueAt, extendedDueAt: e.dueAt, grantedAt: e.createdAt })),
    progress,
    drafts,
  };
}

/** The document as a stream of UTF-8 JSON: the small parts first, then submissions BATCH at a time. */
export function exportStream(db: Db, userId: string, now: Date = new Date()): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  let cursor: string | null = null;
  let started = false;
  let first = true;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        if (!started) {
          started = true;
          const doc = JSON.stringify(await head(db, userId, now));
          controller.enqueue(enc.encode(`${doc.slice(0, -1)},"submissions":[`));
          return;
        }
        const rows = await db.submission.findMany({
          where: { userId },
          orderBy: { id: 'asc' },
          take: BATCH,
          ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
          select: {
            id: true,
            cohortId: true, // null: practice
            exerciseId: true,
            exerciseVersion: true,
            kind: true,
            code: true,
            status: true,
            score: true,
            maxScore: true,
            verdict: true,
            cpuMs: true,
            wallMs: true,
            createdAt: true,
            gradedAt: true,
            regrades: { select: { exerciseVersion: true, score: true, maxScore: true, verdict: true, gradedAt: true, replacedAt: true }, orderBy: { replacedAt: 'asc' } },
          },
        });
        if (rows.length > 0) {
          const parts = rows.map((r) => JSON.stringify(r));
          controller.enqueue(enc.encode((first ? '' : ',') + parts.join(',')));
          first = false;
          cursor = rows[rows.length - 1].id;
        }
        if (rows.length < BATCH) {
          controller.enqueue(enc.encode(']}\n'));
          controller.close();
        }
      } catch (e) {
        controller.error(e);
      }
    },
  });
}

/** The whole document as an object (tests, small accounts). */
export async function exportAccount(db: Db, userId: string, now: Date = new Date()): Promise<Record<string, unknown>> {
  return JSON.parse(await new Response(exportStream(db, userId, now)).text()) as Record<string, unknown>;
}
