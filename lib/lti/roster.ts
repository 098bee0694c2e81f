// Roster sync (LTI Names and Role Provisioning Services 2.0): the members of an LMS course, read
// from its membership service, become the cohort's roster. An active member is linked to an
// account (the same way a launch links one, so their first launch finds it) and enrolled with the
// role the platform gives; a member the platform lists as Inactive or Deleted leaves the roster as a
// student (their work stays, as when staff remove someone). Staff are never removed by a sync. Runs
// on demand from the cohort page and after each instructor launch.
import crypto from 'node:crypto';
import type { Db } from '../db.ts';
import { requireCohort, type Actor } from '../instructor/authorization.ts';
import { accessToken } from './ags.ts';
import { STAFF_ROLES } from './launch.ts';

export const NRPS_SCOPE = 'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly';
const MEDIA_TYPE = 'application/vnd.ims.lti-nrps.v2.membershipcontainer+json';
const MAX_PAGES = 50;

interface Member {
  user_id: string;
  status?: 'Active' | 'Inactive' | 'Deleted';
  name?: string;
  email?: string;
  roles?: string[];
}

export interface RosterSyncReport {
  members: number;
  added: number;
  removed: number;
}

/** The `next` link of an NRPS page, if any. */
function nextLink(header: string | null): string | null {
  if (!header) return null;
  for (const part of header.split(',')) {
    const m = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part);
    if (m) return m[1];
  }
  return null;
}

/** Syncs one LMS course's members into its cohort. */
export async function syncContextRoster(db: Db, key: { platformId: string; contextId: string }, fetcher: typeof fetch = fetch): Promise<RosterSyncReport> {
  const ctx = await db.ltiContext.findUnique({ where: { platformId_contextId: key }, include: { platform: true } });
  if (!ctx?.membershipsUrl) throw new Error('This course offers no membership service (the platform sent none at launch).');
  const token = await accessToken(db, ctx.platform, fetcher, NRPS_SCOPE);
  const members: Member[] = [];
  let url: string | null = ctx.membershipsUrl;
  for (let page = 0; url && page < MAX_PAGES; page++) {
    const res: Response = await fetcher(url, { headers: { authorization: `Bearer ${token}`, accept: MEDIA_TYPE }, signal: AbortSignal.timeout(15_000) });
    if (!res.ok) throw new Error(`the platform's membership service answered ${res.status}`);
    const body = (await res.json()) as { members?: Member[] };
    members.push(...(body.members ?? []).filter((m) => typeof m?.user_id === 'string' && m.user_id.length <= 500));
    url = nextLink(res.headers.get('link'));
  }
  const report: RosterSyncReport = { members: members.length, added: 0, removed: 0 };
  for (const m of members) {
    const staff = (m.roles ?? []).some((r) => STAFF_ROLES.some((re) => re.test(r)));
    const linked = await db.ltiUser.findUnique({ where: { platformId_sub: { platformId: ctx.platformId, sub: m.user_id } } });
    if (m.status === 'Inactive' || m.status === 'Deleted') {
      if (linked) report.removed += (await db.enrollment.deleteMany({ where: { cohortId: ctx.cohortId, userId: linked.userId, role: 'student' } })).count;
      continue;
    }
    await db.$transaction(async (tx) => {
      const email = typeof m.email === 'string' && /^[^\s@]+@[^\s@]+$/.test(m.email) ? m.email.trim().toLowerCase() : null;
      let userId = linked?.userId ?? (email ? (await tx.user.findUnique({ where: { email }, select: { id: true } }))?.id : undefined);
      if (!userId) {
        userId = (await tx.user.create({ data: { email: email ?? `lti-${crypto.createHash('sha256').update(`${ctx.platformId}:${m.user_id}`).digest('hex').slice(0, 24)}@lti.invalid`, name: m.name ?? null, role: staff ? 'instructor' : 'student' }, select: { id: true } })).id;
      }
      if (!linked) await tx.ltiUser.create({ data: { platformId: ctx.platformId, sub: m.user_id, userId } });
      const existing = await tx.enrollment.findUnique({ where: { cohortId_userId: { cohortId: ctx.cohortId, userId } } });
      if (!existing) {
        await tx.enrollment.create({ data: { cohortId: ctx.cohortId, userId, role: staff ? 'instructor' : 'student' } });
        report.added++;
      } else if (staff && existing.role === 'student') {
        await tx.enrollment.update({ where: { id: existing.id }, data: { role: 'instructor' } });
      }
    });
  }
  await db.ltiContext.update({ where: { platformId_contextId: key }, data: { rosterSyncedAt: new Date() } });
  return report;
}

/** Syncs every LMS course linked to the cohort (staff of the cohort only). */
export async function syncCohortRoster(db: Db, actor: Actor, cohortId: string, fetcher: typeof fetch = fetch): Promise<RosterSyncReport> {
  await requireCohort(db, actor, cohortId);
  const contexts = await db.ltiContext.findMany({ where: { cohortId, membershipsUrl: { not: null } } });
  const total: RosterSyncReport = { members: 0, added: 0, removed: 0 };
  for (const c of contexts) {
    const r = await syncContextRoster(db, { platformId: c.platformId, contextId: c.contextId }, fetcher);
    total.members += r.members;
    total.added += r.added;
    total.removed += r.removed;
  }
  return total;
}
