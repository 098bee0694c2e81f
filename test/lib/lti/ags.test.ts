// Grade passback (AGS) on a real PostgreSQL against the platform simulator: a launch into an
// exercise ties the platform's line item to it; a graded submission in that cohort queues a job that
// posts the gradebook's score (late penalty applied) with a token got by a client assertion the
// platform verifies against the tool's JWKS; a platform outage is recorded and retried; practice
// work is never posted.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PgBoss } from 'pg-boss';
import { freshDatabase, type TestDatabase } from '../../support/database.ts';
import { startPlatform, ROLES, LTI, type SimPlatform, type SimUser } from '../../support/lti-platform.ts';
import { syncCatalog } from '../../../lib/catalog-sync.ts';
import { startQueue } from '../../../lib/queue.ts';
import { recordProgress } from '../../../lib/progress.ts';
import { addPlatform } from '../../../lib/lti/platforms.ts';
import { loginRedirect } from '../../../lib/lti/login.ts';
import { acceptLaunch } from '../../../lib/lti/launch.ts';
import { publicJwks } from '../../../lib/lti/keys.ts';
import { createScoreQueue, queueScorePassback, scoresUrl, SCORE_QUEUE, sendScore, type ScoreJob } from '../../../lib/lti/ags.ts';

const BASE = 'http://localhost:3000';
const EX = 'attention/scores';
let t: TestDatabase;
let lms: SimPlatform;
let boss: PgBoss;
let jwksServer: Server;
let cohortId = '';
let learnerId = '';
const teacher: SimUser = { sub: 'ags-teacher', email: 'ags-teacher@uni.example', roles: [ROLES.instructor] };
const learner: SimUser = { sub: 'ags-learner', email: 'ags-learner@uni.example', roles: [ROLES.learner] };

async function launch(user: SimUser, extra: Record<string, unknown> = {}) {
  const l = await loginRedirect(t.db, { iss: lms.issuer, login_hint: 'x', target_link_uri: `${BASE}/`, client_id: lms.clientId }, BASE);
  if (!l.ok) throw new Error(l.error);
  const nonce = new URL(l.redirect).searchParams.get('nonce')!;
  const r = await acceptLaunch(t.db, { idToken: await lms.idToken(user, nonce, extra), state: l.state, stateCookie: l.cookie.value });
  if (!r.ok) throw new Error(r.error);
  return r;
}

/** A graded submit of the learner in a scope, with its progress, as the grading worker writes them. */
async function graded(userId: string, cohort: string | null, score: number, createdAt = new Date()): Promise<string> {
  const verdict = { exerciseId: EX, exerciseVersion: 'v', status: score === 10 ? 'passed' : 'failed', score, maxScore: 10, cases: [], cpuMs: 1, wallMs: 1 };
  const s = await t.db.submission.create({ data: { userId, cohortId: cohort, exerciseId: EX, exerciseVersion: 'v', kind: 'submit', code: '//', seed: 's', status: 'graded', score, maxScore: 10, verdict, gradedAt: createdAt, createdAt } });
  await t.db.$transaction((tx) => recordProgress(tx, { userId, cohortId: cohort, exerciseId: EX, score, maxScore: 10, solved: score === 10 }));
  return s.id;
}

async function jobs(): Promise<ScoreJob[]> {
  const rows = await t.db.$queryRawUnsafe<{ data: ScoreJob }[]>(`select data from pgboss.job where name = $1 order by created_on`, SCORE_QUEUE);
  return rows.map((r) => r.data);
}

beforeAll(async () => {
  t = await freshDatabase();
  await syncCatalog(t.db);
  boss = await startQueue(t.url, { max: 2 });
  await createScoreQueue(boss);
  lms = await startPlatform();
  // the tool's JWKS, as /lti/jwks serves it, for the platform's token endpoint
  jwksServer = createServer(async (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(await publicJwks(t.db))));
  await new Promise<void>((r) => jwksServer.listen(0, '127.0.0.1', r));
  lms.toolJwksUrl = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/jwks`;
  await addPlatform(t.db, lms.registration());
  cohortId = (await launch(teacher)).cohortId;
  learnerId = (await launch(learner, { [LTI + 'custom']: { exercise: EX } })).user.id;
});
afterAll(async () => {
  await boss?.stop({ graceful: false, close: true }).catch(() => undefined);
  await lms?.close();
  await new Promise((r) => jwksServer?.close(r));
  await t?.drop();
});

describe('grade passback', () => {
  it("ties the launch's line item to the exercise in the course's cohort", async () => {
    expect(await t.db.ltiLineItem.findMany({ select: { cohortId: true, exerciseId: true, url: true } })).toEqual([{ cohortId, exerciseId: EX, url: lms.lineItemUrl }]);
    expect(scoresUrl('https://lms.example/api/lti/courses/1/line_items/7?x=1')).toBe('https://lms.example/api/lti/courses/1/line_items/7/scores?x=1');
  });

  it("posts the learner's score after a graded submission, with a token the platform verified", async () => {
    const id = await graded(learnerId, cohortId, 7);
    expect(await queueScorePassback(t.db, boss, id)).toBe(1);
    const [job] = await jobs();
    expect(job).toEqual({ lineItemId: expect.any(String), userId: learnerId });
    expect(await sendScore(t.db, job)).toBe('sent');
    expect(lms.scores.at(-1)).toMatchObject({ lineItem: lms.lineItemUrl, userId: learner.sub, scoreGiven: 7, scoreMaximum: 10, activityProgress: 'Completed', gradingProgress: 'FullyGraded' });
    expect(await t.db.ltiScoreSync.findFirstOrThrow()).toMatchObject({ userId: learnerId, scoreGiven: 7, status: 'sent', error: null });
  });

  it("posts the gradebook's score: the assignment's late penalty applied", async () => {
    const day = 86_400_000;
    await t.db.assignment.create({ data: { cohortId, exerciseId: EX, opensAt: new Date(Date.now() - 10 * day), dueAt: new Date(Date.now() - 1.5 * day), latePolicy: 'penalty', latePenaltyPerDay: 10, latePenaltyCap: 50 } });
    const id = await graded(learnerId, cohortId, 10); // full marks, 2 started days late: -20 %
    await queueScorePassback(t.db, boss, id);
    await sendScore(t.db, (await jobs()).at(-1)!);
    expect(lms.scores.at(-1)).toMatchObject({ scoreGiven: 8, scoreMaximum: 10 });
  });

  it('records a platform outage (for the retry, and for the staff to see) without losing the score', async () => {
    lms.failScores = 503;
    try {
      await expect(sendScore(t.db, { lineItemId: (await t.db.ltiLineItem.findFirstOrThrow()).id, userId: learnerId })).rejects.toThrow(/503/);
      expect(await t.db.ltiScoreSync.findFirstOrThrow()).toMatchObject({ status: 'failed', scoreGiven: 8, error: expect.stringMatching(/503/) });
    } finally {
      lms.failScores = null;
    }
    expect(await sendScore(t.db, { lineItemId: (await t.db.ltiLineItem.findFirstOrThrow()).id, userId: learnerId })).toBe('sent');
    expect(await t.db.ltiScoreSync.findFirstOrThrow()).toMatchObject({ status: 'sent', error: null });
  });

  it('never posts practice work, nor a learner the platform does not know', async () => {
    expect(await queueScorePassback(t.db, boss, await graded(learnerId, null, 10))).toBe(0);
    const stranger = await t.db.user.create({ data: { email: 'not-from-lms@example.test', role: 'student', enrollments: { create: { cohortId, role: 'student' } } } });
    expect(await queueScorePassback(t.db, boss, await graded(stranger.id, cohortId, 10))).toBe(0);
  });
});

describe('roster sync', () => {
  it("brings the LMS course's members into the cohort, page by page, and removes those who left", async () => {
    const { syncCohortRoster, syncContextRoster } = await import('../../../lib/lti/roster.ts');
    const ctx = await t.db.ltiContext.findFirstOrThrow({ where: { cohortId } });
    expect(ctx.membershipsUrl).toBe(lms.membershipsUrl);
    lms.members.push(
      { user_id: 'nrps-1', name: 'Nia Roster', email: 'nia@uni.example', roles: [ROLES.learner] },
      { user_id: 'nrps-2', name: 'Ola Roster', email: 'ola@uni.example', roles: [ROLES.learner] },
      { user_id: 'nrps-ta', name: 'Tim TA', email: 'tim@uni.example', roles: ['http://purl.imsglobal.org/vocab/lis/v2/membership#TeachingAssistant'] },
    );
    const r = await syncContextRoster(t.db, { platformId: ctx.platformId, contextId: ctx.contextId });
    expect(r).toEqual({ members: 3, added: 3, removed: 0 }); // over two pages; the teacher and the learner came by their launches
    const roster = await t.db.enrollment.findMany({ where: { cohortId }, include: { user: { select: { email: true } } } });
    expect(roster.map((e) => [e.user.email, e.role]).sort()).toEqual(
      [
        ['ags-learner@uni.example', 'student'],
        ['ags-teacher@uni.example', 'instructor'],
        ['nia@uni.example', 'student'],
        ['not-from-lms@example.test', 'student'],
        ['ola@uni.example', 'student'],
        ['tim@uni.example', 'instructor'],
      ].sort(),
    );
    // a member who left: off the roster; a second sync adds no one twice
    lms.members[1].status = 'Deleted';
    const again = await syncCohortRoster(t.db, { id: (await t.db.user.findUniqueOrThrow({ where: { email: 'ags-teacher@uni.example' } })).id }, cohortId);
    expect(again).toEqual({ members: 3, added: 0, removed: 1 });
    expect(await t.db.enrollment.count({ where: { cohortId, user: { email: 'ola@uni.example' } } })).toBe(0);
    // a later launch of a synced member finds their account
    expect(await t.db.ltiUser.count({ where: { sub: 'nrps-1' } })).toBe(1);
    // staff only
    await expect(syncCohortRoster(t.db, { id: learnerId }, cohortId)).rejects.toMatchObject({ status: 403 });
  });
});
