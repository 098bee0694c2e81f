// Administering LTI platforms on a real PostgreSQL, with the platform simulator's launches making
// the links a real course has: an admin registers, changes and removes a platform, and each change
// is in the audit log; anyone else, an unknown platform and a bad URL are refused and change
// nothing. Changing a platform's deployments decides which launches it may make. Removing one
// takes its deployments and every LTI link (users, courses, line items, passback rows, nonces) and
// leaves accounts, cohorts, enrollments and submissions as they were.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../../support/database.ts';
import { startPlatform, ROLES, type SimPlatform, type SimUser } from '../../support/lti-platform.ts';
import { syncCatalog } from '../../../lib/catalog-sync.ts';
import { addPlatform, registerPlatform, removalImpacts, removePlatform, updatePlatform } from '../../../lib/lti/platforms.ts';
import { loginRedirect } from '../../../lib/lti/login.ts';
import { acceptLaunch } from '../../../lib/lti/launch.ts';

const BASE = 'http://localhost:3000';
const EX = 'attention/scores';
let t: TestDatabase;
let lms: SimPlatform; // the platform removed at the end
let other: SimPlatform; // one that stays
let admin: { id: string };
let instructor: { id: string };
const teacher: SimUser = { sub: 'pl-teacher', email: 'pl-teacher@uni.example', roles: [ROLES.instructor] };
const learner: SimUser = { sub: 'pl-learner', email: 'pl-learner@uni.example', roles: [ROLES.learner] };

const platformOf = (sim: SimPlatform) => t.db.ltiPlatform.findUniqueOrThrow({ where: { issuer_clientId: { issuer: sim.issuer, clientId: sim.clientId } } });

async function launch(sim: SimPlatform, user: SimUser) {
  const l = await loginRedirect(t.db, { iss: sim.issuer, login_hint: 'x', target_link_uri: `${BASE}/exercises/${EX}`, client_id: sim.clientId }, BASE);
  if (!l.ok) throw new Error(l.error);
  const r = await acceptLaunch(t.db, { idToken: await sim.idToken(user, new URL(l.redirect).searchParams.get('nonce')!, { 'https://purl.imsglobal.org/spec/lti/claim/custom': { exercise: EX } }), state: l.state, stateCookie: l.cookie.value });
  if (!r.ok) throw new Error(r.error);
  return r;
}

const audits = (action: 'lti_platform_register' | 'lti_platform_update' | 'lti_platform_remove') => t.db.auditEvent.findMany({ where: { action }, orderBy: { createdAt: 'asc' } });

beforeAll(async () => {
  t = await freshDatabase();
  await syncCatalog(t.db);
  lms = await startPlatform();
  other = await startPlatform();
  admin = await t.db.user.create({ data: { email: 'pl-admin@example.test', role: 'admin' } });
  instructor = await t.db.user.create({ data: { email: 'pl-instructor@example.test', role: 'instructor' } });
});
afterAll(async () => {
  await lms?.close();
  await other?.close();
  await t?.drop();
});

describe('registering a platform on the admin page', () => {
  it('is audited: a new registration, and deployments added to one already registered', async () => {
    const first = await registerPlatform(t.db, admin, lms.registration());
    expect(first.created).toBe(true);
    const again = await registerPlatform(t.db, admin, { ...lms.registration(), deploymentIds: ['deployment-2'] });
    expect(again).toEqual({ id: first.id, created: false });
    const [registered] = await audits('lti_platform_register');
    expect(registered).toMatchObject({ actorId: admin.id, details: { platformId: first.id, issuer: lms.issuer, clientId: lms.clientId } });
    const [added] = await audits('lti_platform_update');
    expect(added).toMatchObject({ actorId: admin.id, details: { platformId: first.id, addedDeployments: ['deployment-2'] } });
    expect((await platformOf(lms)).deploymentIds).toEqual([lms.deploymentId, 'deployment-2']);
    await addPlatform(t.db, other.registration());
  });
});

describe('changing a platform', () => {
  it('saves the endpoints, frame sites and deployments as given, and audits what changed from what', async () => {
    const p = await platformOf(lms);
    const r = await updatePlatform(t.db, admin, { platformId: p.id, name: 'Canvas (test)', authUrl: p.authUrl, tokenUrl: `${lms.issuer}/token?v=2`, jwksUrl: p.jwksUrl, deploymentIds: [lms.deploymentId, lms.deploymentId], frameOrigins: ['https://school.example.edu/courses/1'] });
    expect(r.changed.sort()).toEqual(['deploymentIds', 'frameOrigins', 'name', 'tokenUrl']);
    expect(await platformOf(lms)).toMatchObject({ name: 'Canvas (test)', tokenUrl: `${lms.issuer}/token?v=2`, deploymentIds: [lms.deploymentId], frameOrigins: ['https://school.example.edu'], issuer: lms.issuer, clientId: lms.clientId });
    const audit = (await audits('lti_platform_update')).at(-1)!;
    expect(audit.actorId).toBe(admin.id);
    expect(audit.details).toMatchObject({ platformId: p.id, issuer: lms.issuer, changed: { tokenUrl: { from: `${lms.issuer}/token`, to: `${lms.issuer}/token?v=2` }, deploymentIds: { from: [lms.deploymentId, 'deployment-2'], to: [lms.deploymentId] } } });
  });

  it('a deployment taken off the list can no longer launch', async () => {
    const refused = await loginRedirect(t.db, { iss: lms.issuer, login_hint: 'x', target_link_uri: `${BASE}/`, client_id: lms.clientId, lti_deployment_id: 'deployment-2' }, BASE);
    expect(refused).toMatchObject({ ok: false, status: 403, error: 'The deployment deployment-2 is not registered for this platform.' });
  });

  it('saving the same settings changes and audits nothing', async () => {
    const p = await platformOf(lms);
    const before = (await audits('lti_platform_update')).length;
    expect((await updatePlatform(t.db, admin, { platformId: p.id, name: p.name, authUrl: p.authUrl, tokenUrl: p.tokenUrl, jwksUrl: p.jwksUrl, deploymentIds: p.deploymentIds, frameOrigins: p.frameOrigins })).changed).toEqual([]);
    expect((await audits('lti_platform_update')).length).toBe(before);
  });

  it('refuses anyone but an admin, an unknown platform, a bad URL and no deployment, changing nothing', async () => {
    const p = await platformOf(lms);
    const edit = { platformId: p.id, authUrl: p.authUrl, tokenUrl: p.tokenUrl, jwksUrl: 'https://elsewhere.example/jwks', deploymentIds: p.deploymentIds, frameOrigins: [] };
    const auditsBefore = await t.db.auditEvent.count();
    await expect(updatePlatform(t.db, instructor, edit)).rejects.toMatchObject({ status: 403, message: 'Forbidden: this is for administrators only.' });
    await expect(updatePlatform(t.db, { id: '' }, edit)).rejects.toMatchObject({ status: 403 });
    await expect(updatePlatform(t.db, admin, { ...edit, platformId: 'no-such-platform' })).rejects.toMatchObject({ status: 404, message: 'Not found: this platform does not exist or is not yours to see.' });
    await expect(updatePlatform(t.db, admin, { ...edit, jwksUrl: 'not a url' })).rejects.toMatchObject({ status: 400, field: 'jwksUrl', message: 'The JWKS (public keys) URL must be a URL.' });
    await expect(updatePlatform(t.db, admin, { ...edit, authUrl: 'ftp://lms.example/auth' })).rejects.toMatchObject({ status: 400, field: 'authUrl' });
    await expect(updatePlatform(t.db, admin, { ...edit, frameOrigins: ['javascript:alert(1)'] })).rejects.toMatchObject({ status: 400, field: 'frameOrigins' });
    await expect(updatePlatform(t.db, admin, { ...edit, deploymentIds: [] })).rejects.toMatchObject({ status: 400, field: 'deploymentIds' });
    expect(await platformOf(lms)).toEqual(p);
    expect(await t.db.auditEvent.count()).toBe(auditsBefore);
  });
});

describe('removing a platform', () => {
  let cohortId = '';
  let learnerId = '';

  // a course of it: the instructor and a learner launched, the learner submitted, a score was sent
  beforeAll(async () => {
    const staff = await launch(lms, teacher);
    const student = await launch(lms, learner);
    cohortId = student.cohortId;
    learnerId = student.user.id;
    expect(staff.cohortId).toBe(cohortId);
    const item = await t.db.ltiLineItem.findFirstOrThrow({ where: { platformId: staff.context.platformId } });
    await t.db.ltiScoreSync.create({ data: { lineItemId: item.id, userId: learnerId, scoreGiven: 7, scoreMaximum: 10, status: 'sent', attempts: 1, sentAt: new Date() } });
    await t.db.submission.create({ data: { userId: learnerId, cohortId, exerciseId: EX, exerciseVersion: 'v', kind: 'submit', code: '//', seed: 's', status: 'graded', score: 7, maxScore: 10, gradedAt: new Date(), verdict: { exerciseId: EX, exerciseVersion: 'v', status: 'failed', score: 7, maxScore: 10, cases: [], cpuMs: 1, wallMs: 1 } } });
    await launch(other, { ...teacher, sub: 'other-teacher' }); // the other platform's course
  });

  it('shows the admin what would go', async () => {
    const p = await platformOf(lms);
    expect((await removalImpacts(t.db, admin)).get(p.id)).toEqual({ deployments: 1, users: 2, courses: 1, lineItems: 1, passbacks: 1 });
    await expect(removalImpacts(t.db, instructor)).rejects.toMatchObject({ status: 403 });
  });

  it('refuses anyone but an admin and an unknown platform, removing nothing', async () => {
    const p = await platformOf(lms);
    await expect(removePlatform(t.db, instructor, { platformId: p.id })).rejects.toMatchObject({ status: 403 });
    await expect(removePlatform(t.db, admin, { platformId: 'no-such-platform' })).rejects.toMatchObject({ status: 404 });
    await expect(removePlatform(t.db, admin, {})).rejects.toMatchObject({ status: 400, field: 'platformId' });
    expect(await t.db.ltiUser.count({ where: { platformId: p.id } })).toBe(2);
    expect(await audits('lti_platform_remove')).toEqual([]);
  });

  it('takes its deployments and LTI links, keeps accounts, cohorts, enrollments and submissions, and is audited', async () => {
    const p = await platformOf(lms);
    const kept = { users: await t.db.user.count(), cohorts: await t.db.cohort.count(), enrollments: await t.db.enrollment.count(), submissions: await t.db.submission.count(), progress: await t.db.progress.count() };
    const otherLinks = { users: await t.db.ltiUser.count({ where: { platform: { issuer: other.issuer } } }), contexts: await t.db.ltiContext.count({ where: { platform: { issuer: other.issuer } } }) };
    const r = await removePlatform(t.db, admin, { platformId: p.id });
    expect(r).toEqual({ issuer: lms.issuer, clientId: lms.clientId, removed: { deployments: 1, users: 2, courses: 1, lineItems: 1, passbacks: 1 } });
    expect(await t.db.ltiPlatform.count({ where: { id: p.id } })).toBe(0);
    for (const [what, n] of Object.entries({
      users: await t.db.ltiUser.count({ where: { platformId: p.id } }),
      contexts: await t.db.ltiContext.count({ where: { platformId: p.id } }),
      lineItems: await t.db.ltiLineItem.count({ where: { platformId: p.id } }),
      passbacks: await t.db.ltiScoreSync.count({ where: { userId: learnerId } }),
      nonces: await t.db.ltiNonce.count({ where: { platformId: p.id } }),
    }))
      expect(n, what).toBe(0);
    expect({ users: await t.db.user.count(), cohorts: await t.db.cohort.count(), enrollments: await t.db.enrollment.count(), submissions: await t.db.submission.count(), progress: await t.db.progress.count() }).toEqual(kept);
    expect(await t.db.enrollment.count({ where: { cohortId, userId: learnerId } })).toBe(1);
    expect({ users: await t.db.ltiUser.count({ where: { platform: { issuer: other.issuer } } }), contexts: await t.db.ltiContext.count({ where: { platform: { issuer: other.issuer } } }) }).toEqual(otherLinks);
    const [audit] = await audits('lti_platform_remove');
    expect(audit).toMatchObject({ actorId: admin.id, details: { platformId: p.id, issuer: lms.issuer, clientId: lms.clientId, deploymentIds: [lms.deploymentId], removed: r.removed } });
  });

  it('its launches are refused from then on, with the reason', async () => {
    expect(await loginRedirect(t.db, { iss: lms.issuer, login_hint: 'x', target_link_uri: `${BASE}/`, client_id: lms.clientId }, BASE)).toMatchObject({ ok: false, status: 403, error: expect.stringContaining('is not registered with this tool') });
  });
});
