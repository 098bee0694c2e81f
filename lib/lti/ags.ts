// Grade passback (LTI Assignment and Grade Services): when a learner's graded submission changes
// their score on an exercise that a launch tied to a platform's line item, the score is posted to
// that line item, through the durable queue (retried with backoff; posting the same score again is
// harmless, AGS keeps the latest by timestamp) and never on the verdict's path. The score is the
// gradebook's: the assignment's rules applied (late penalty, attempt limit, extensions) when the
// cohort assigned the exercise, else the learner's best score there. The token comes from the
// platform's token endpoint by client credentials, with a JWT assertion signed by the tool's key
// whose aud is the token endpoint (as Canvas requires); it is cached until shortly before it expires.
import crypto from 'node:crypto';
import { SignJWT } from 'jose';
import type { PgBoss } from 'pg-boss';
import type { Db } from '../db.ts';
import { signingKey } from './keys.ts';
import { AGS_SCORE_SCOPE } from './launch.ts';
import { loadAssignments, rowsFor } from '../instructor/gradebook.ts';
import { requireCohort, type Actor } from '../instructor/authorization.ts';

export const SCORE_QUEUE = 'lti-score';
export interface ScoreJob {
  lineItemId: string;
  userId: string;
}

const QUEUE_OPTIONS = { retryLimit: 8, retryDelay: 5, retryBackoff: true, retryDelayMax: 600 };

export async function createScoreQueue(boss: PgBoss): Promise<void> {
  await boss.createQueue(SCORE_QUEUE, QUEUE_OPTIONS);
}

/** After a graded submission: a passback job for each line item tied to its exercise in its cohort (none in practice). */
export async function queueScorePassback(db: Db, boss: PgBoss, submissionId: string): Promise<number> {
  const sub = await db.submission.findUnique({ where: { id: submissionId }, select: { userId: true, cohortId: true, exerciseId: true, kind: true, status: true } });
  if (!sub || sub.kind !== 'submit' || sub.status !== 'graded' || sub.cohortId === null) return 0;
  const items = await db.ltiLineItem.findMany({ where: { cohortId: sub.cohortId, exerciseId: sub.exerciseId }, select: { id: true, platformId: true } });
  let queued = 0;
  for (const item of items) {
    // only learners the platform knows can be posted for
    if (!(await db.ltiUser.count({ where: { platformId: item.platformId, userId: sub.userId } }))) continue;
    // each job posts the score as it is when the job runs: a late one never posts an older score
    await boss.send(SCORE_QUEUE, { lineItemId: item.id, userId: sub.userId } satisfies ScoreJob, QUEUE_OPTIONS);
    queued++;
  }
  return queued;
}

/** The learner's score on the line item's exercise in its cohort, as the gradebook counts it. */
export async function gradebookScore(db: Db, cohortId: string, exerciseId: string, userId: string): Promise<{ scoreGiven: number | null; scoreMaximum: number }> {
  const exercise = await db.exercise.findUniqueOrThrow({ where: { id: exerciseId }, select: { points: true } });
  const assignment = (await loadAssignments(db, cohortId)).find((a) => a.exerciseId === exerciseId);
  if (assignment) {
    const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { id: true, email: true, name: true } });
    const [row] = await rowsFor(db, cohortId, [assignment], [{ userId: user.id, email: user.email, name: user.name }]);
    const cell = row.cells[assignment.id];
    return { scoreGiven: cell.score, scoreMaximum: cell.maxScore };
  }
  const p = await db.progress.findUnique({ where: { userId_scope_exerciseId: { userId, scope: cohortId, exerciseId } } });
  const best = p && p.attempts > 0 && p.maxScore > 0 ? Math.round((p.bestScore / p.maxScore) * exercise.points * 100) / 100 : null;
  return { scoreGiven: best, scoreMaximum: exercise.points };
}

const tokens = new Map<string, { token: string; until: number }>();

/** A cached token belongs to the platform's client and token endpoint as they were: an admin's edit of either asks for a new one. */
const tokenKey = (platform: { id: string; clientId: string; tokenUrl: string }, scope: string) => `${platform.id} ${platform.clientId} ${platform.tokenUrl} ${scope}`;

/** An access token for one of the platform's service scopes (client credentials with a signed JWT assertion). */
export async function accessToken(db: Db, platform: { id: string; clientId: string; tokenUrl: string }, fetcher: typeof fetch = fetch, scope = AGS_SCORE_SCOPE): Promise<string> {
  const cacheKey = tokenKey(platform, scope);
  const hit = tokens.get(cacheKey);
  if (hit && hit.until > Date.now()) return hit.token;
  const key = await signingKey(db);
  const now = Math.floor(Date.now() / 1000);
  const assertion = await new SignJWT({})
    .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' })
    .setIssuer(platform.clientId)
    .setSubject(platform.clientId)
    .setAudience([platform.tokenUrl])
    .setIssuedAt(now)
    .setExpirationTime(now + 300)
    .setJti(crypto.randomUUID())
    .sign(key.privateKey);
  const res = await fetcher(platform.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: assertion, scope }),
    signal: AbortSignal.timeout(10_000),
  });
  if (!res.ok) throw new Error(`the platform's token endpoint answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
  const body = (await res.json()) as { access_token?: string; expires_in?: number };
  if (!body.access_token) throw new Error("the platform's token endpoint sent no access_token");
  tokens.set(cacheKey, { token: body.access_token, until: Date.now() + Math.max(30, (body.expires_in ?? 3600) - 60) * 1000 });
  return body.access_token;
}

/** `<line item>/scores`, keeping the line item URL's query (Canvas puts none; others may). */
export function scoresUrl(lineItem: string): string {
  const u = new URL(lineItem);
  u.pathname = `${u.pathname.replace(/\/$/, '')}/scores`;
  return u.toString();
}

/** Posts the learner's current score to the line item and records how it went; throws (for a retry) when the platform refuses. */
export async function sendScore(db: Db, job: ScoreJob, fetcher: typeof fetch = fetch): Promise<'sent' | 'skipped'> {
  const item = await db.ltiLineItem.findUnique({ where: { id: job.lineItemId }, include: { platform: true } });
  if (!item) return 'skipped';
  const link = await db.ltiUser.findFirst({ where: { platformId: item.platformId, userId: job.userId } });
  if (!link) return 'skipped';
  const score = await gradebookScore(db, item.cohortId, item.exerciseId, job.userId);
  const key = { lineItemId_userId: { lineItemId: item.id, userId: job.userId } };
  await db.ltiScoreSync.upsert({ where: key, create: { lineItemId: item.id, userId: job.userId, ...score, status: 'pending', attempts: 1 }, update: { ...score, status: 'pending', attempts: { increment: 1 } } });
  try {
    const token = await accessToken(db, item.platform, fetcher);
    const res = await fetcher(scoresUrl(item.url), {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/vnd.ims.lis.v1.score+json' },
      body: JSON.stringify({
        userId: link.sub,
        ...(score.scoreGiven === null ? {} : { scoreGiven: score.scoreGiven }),
        scoreMaximum: score.scoreMaximum,
        activityProgress: score.scoreGiven === null ? 'Initialized' : 'Completed',
        gradingProgress: score.scoreGiven === null ? 'NotReady' : 'FullyGraded',
        timestamp: new Date().toISOString(),
      }),
      signal: AbortSignal.timeout(10_000),
    });
    if (!res.ok) {
      if (res.status === 401) tokens.delete(tokenKey(item.platform, AGS_SCORE_SCOPE));
      throw new Error(`the platform answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
    }
    await db.ltiScoreSync.update({ where: key, data: { status: 'sent', error: null, sentAt: new Date() } });
    return 'sent';
  } catch (e) {
    await db.ltiScoreSync.update({ where: key, data: { status: 'failed', error: e instanceof Error ? e.message : String(e) } });
    throw e;
  }
}

export interface PassbackRow {
  lineItemUrl: string;
  exerciseId: string;
  userId: string;
  name: string | null;
  email: string;
  scoreGiven: number | null;
  scoreMaximum: number;
  status: string;
  error: string | null;
  sentAt: Date | null;
  attempts: number;
}

/** The passback state of a cohort's line items, learner by learner, for its staff. */
export async function passbackState(db: Db, actor: Actor, cohortId: string): Promise<PassbackRow[]> {
  await requireCohort(db, actor, cohortId);
  const rows = await db.ltiScoreSync.findMany({
    where: { lineItem: { cohortId } },
    include: { lineItem: { select: { url: true, exerciseId: true } }, user: { select: { name: true, email: true } } },
    orderBy: [{ lineItem: { exerciseId: 'asc' } }, { user: { email: 'asc' } }],
  });
  return rows.map((r) => ({ lineItemUrl: r.lineItem.url, exerciseId: r.lineItem.exerciseId, userId: r.userId, name: r.user.name, email: r.user.email, scoreGiven: r.scoreGiven, scoreMaximum: r.scoreMaximum, status: r.status, error: r.error, sentAt: r.sentAt, attempts: r.attempts }));
}

/** Queues the current score of every launched learner of the cohort's line items again; returns how many jobs. */
export async function resendScores(db: Db, boss: PgBoss, actor: Actor, cohortId: string): Promise<number> {
  await requireCohort(db, actor, cohortId);
  const items = await db.ltiLineItem.findMany({ where: { cohortId }, select: { id: true, platformId: true } });
  let n = 0;
  for (const item of items) {
    const learners = await db.ltiUser.findMany({ where: { platformId: item.platformId, user: { enrollments: { some: { cohortId, role: 'student' } } } }, select: { userId: true } });
    for (const l of learners) {
      await boss.send(SCORE_QUEUE, { lineItemId: item.id, userId: l.userId } satisfies ScoreJob, QUEUE_OPTIONS);
      n++;
    }
  }
  return n;
}
