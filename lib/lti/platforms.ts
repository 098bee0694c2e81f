// LTI 1.3 platforms (an LMS registered by an admin, on /instructor/admin/lti or with `npm run lti`)
// and the tool's configuration to paste into them. A platform is known by its issuer and the client id it gave the tool; only its listed
// deployments may launch. Admins change a platform's endpoints, frame origins and deployments (its
// issuer and client id are what it is: another pair is another platform) and remove it; each change
// made on the admin page is audited in the transaction that makes it (lib/audit.ts), and a removal
// from the command line is audited with no actor.
import { z } from 'zod';
import type { Db } from '../db.ts';
import { recordAudit } from '../audit.ts';
import { AccessDenied, InputError, requireAdmin, type Actor } from '../instructor/authorization.ts';

const url = (what: string) => z.string().trim().url(`The ${what} must be a URL.`).refine((u) => /^https?:\/\//.test(u), `The ${what} must be an http(s) URL.`);

export const platformInput = z.object({
  issuer: z.string().trim().min(1, 'Give the platform issuer (its iss, usually its URL).').max(500),
  clientId: z.string().trim().min(1, 'Give the client id the platform gave the tool.').max(500),
  deploymentIds: z.array(z.string().trim().min(1).max(500)).min(1, 'Give at least one deployment id.').max(50),
  authUrl: url('authorization (OIDC auth) URL'),
  tokenUrl: url('token URL'),
  jwksUrl: url('JWKS (public keys) URL'),
  name: z.string().trim().max(120).default(''),
  frameOrigins: z.array(url('frame origin').transform((u) => new URL(u).origin)).max(20).default([]),
});

export type PlatformInput = z.input<typeof platformInput>;

/** What an admin may change of a registered platform: everything but its issuer and client id. */
export const platformEdit = platformInput.omit({ issuer: true, clientId: true }).extend({ platformId: z.string().min(1, 'Choose a platform.').max(64) });

/** Parsed input, or an InputError naming the first field that is wrong. */
function parseFields<T>(schema: z.ZodType<T>, raw: unknown): T {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(issue?.message ?? 'Invalid platform.', issue?.path[0] === undefined ? undefined : String(issue.path[0]));
  }
  return parsed.data;
}

export interface ToolConfiguration {
  loginUrl: string;
  launchUrl: string;
  deepLinkingUrl: string;
  jwksUrl: string;
}

/** The URLs a platform asks for when the tool is added to it. */
export function toolConfiguration(baseUrl: string): ToolConfiguration {
  const at = (p: string) => new URL(p, baseUrl).toString();
  return { loginUrl: at('/lti/login'), launchUrl: at('/lti/launch'), deepLinkingUrl: at('/lti/launch'), jwksUrl: at('/lti/jwks') };
}

/** Registers a platform, or adds deployments to one already registered with the same issuer and client id. */
export async function addPlatform(db: Pick<Db, 'ltiPlatform'>, raw: unknown): Promise<{ id: string; created: boolean }> {
  const p = platformInput.parse(raw);
  const existing = await db.ltiPlatform.findUnique({ where: { issuer_clientId: { issuer: p.issuer, clientId: p.clientId } } });
  if (existing) {
    const deploymentIds = [...new Set([...existing.deploymentIds, ...p.deploymentIds])];
    const frameOrigins = [...new Set([...existing.frameOrigins, ...p.frameOrigins])];
    await db.ltiPlatform.update({ where: { id: existing.id }, data: { ...p, deploymentIds, frameOrigins } });
    return { id: existing.id, created: false };
  }
  const row = await db.ltiPlatform.create({ data: p, select: { id: true } });
  return { id: row.id, created: true };
}

export interface PlatformRow {
  id: string;
  name: string;
  issuer: string;
  clientId: string;
  deploymentIds: string[];
  authUrl: string;
  tokenUrl: string;
  jwksUrl: string;
  frameOrigins: string[];
  createdAt: Date;
  courses: number;
}

/** Every registered platform, for admins. */
export async function listPlatforms(db: Db, actor: Actor): Promise<PlatformRow[]> {
  await requireAdmin(db, actor);
  const rows = await db.ltiPlatform.findMany({ orderBy: { createdAt: 'asc' }, include: { _count: { select: { contexts: true } } } });
  return rows.map(({ _count, ...p }) => ({ ...p, courses: _count.contexts }));
}

/** Registers (or adds deployments to) a platform, for admins, audited; bad input is an InputError naming the field. */
export async function registerPlatform(db: Db, actor: Actor, raw: unknown): Promise<{ id: string; created: boolean }> {
  const admin = await requireAdmin(db, actor);
  const p = parseFields(platformInput, raw);
  return db.$transaction(async (tx) => {
    const r = await addPlatform(tx, p);
    await recordAudit(tx, { actorId: admin.id, action: r.created ? 'lti_platform_register' : 'lti_platform_update', details: { platformId: r.id, issuer: p.issuer, clientId: p.clientId, ...(r.created ? {} : { addedDeployments: p.deploymentIds, addedFrameOrigins: p.frameOrigins }) } });
    return r;
  });
}

type Editable = Omit<z.output<typeof platformEdit>, 'platformId'>;

/** Changes a platform's name, endpoints, frame origins and deployments (the lists as given, not added to), for admins; audited with what changed. */
export async function updatePlatform(db: Db, actor: Actor, raw: unknown): Promise<{ id: string; issuer: string; clientId: string; changed: (keyof Editable)[] }> {
  const admin = await requireAdmin(db, actor);
  const { platformId, ...input } = parseFields(platformEdit, raw);
  const data: Editable = { ...input, deploymentIds: [...new Set(input.deploymentIds)], frameOrigins: [...new Set(input.frameOrigins)] };
  return db.$transaction(async (tx) => {
    const before = await tx.ltiPlatform.findUnique({ where: { id: platformId } });
    if (!before) throw new AccessDenied('missing', 'platform');
    const changed = (Object.keys(data) as (keyof Editable)[]).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(data[k]));
    if (changed.length) {
      await tx.ltiPlatform.update({ where: { id: platformId }, data });
      await recordAudit(tx, { actorId: admin.id, action: 'lti_platform_update', details: { platformId, issuer: before.issuer, clientId: before.clientId, changed: Object.fromEntries(changed.map((k) => [k, { from: before[k], to: data[k] }])) } });
    }
    return { id: platformId, issuer: before.issuer, clientId: before.clientId, changed };
  });
}

/** What removing a platform takes with it. Accounts, cohorts, enrollments, submissions and grades stay. */
export interface RemovalImpact {
  deployments: number;
  /** Links of the platform's users to accounts (the accounts stay). */
  users: number;
  /** Links of its courses to cohorts (the cohorts stay). */
  courses: number;
  /** Its gradebook columns (AGS line items) tied to exercises. */
  lineItems: number;
  /** The record of scores sent to those columns. */
  passbacks: number;
}

async function impactOf(db: Pick<Db, 'ltiUser' | 'ltiContext' | 'ltiLineItem' | 'ltiScoreSync'>, platform: { id: string; deploymentIds: string[] }): Promise<RemovalImpact> {
  const [users, courses, lineItems, passbacks] = await Promise.all([
    db.ltiUser.count({ where: { platformId: platform.id } }),
    db.ltiContext.count({ where: { platformId: platform.id } }),
    db.ltiLineItem.count({ where: { platformId: platform.id } }),
    db.ltiScoreSync.count({ where: { lineItem: { platformId: platform.id } } }),
  ]);
  return { deployments: platform.deploymentIds.length, users, courses, lineItems, passbacks };
}

/**
 * Removes a platform: its launches stop (its deployments go), and with it, by the schema's cascades,
 * its user, course and line-item links, their passback rows and its used nonces; nothing points at
 * a platform otherwise, so no row is left dangling, and no account, cohort, enrollment, submission
 * or grade is touched. A queued passback for a removed line item finds nothing and is skipped
 * (ags.ts). Audited with what went; `actorId` null is the command line.
 */
export async function deletePlatform(db: Db, platformId: string, actorId: string | null): Promise<{ issuer: string; clientId: string; removed: RemovalImpact }> {
  return db.$transaction(async (tx) => {
    const platform = await tx.ltiPlatform.findUnique({ where: { id: platformId } });
    if (!platform) throw new AccessDenied('missing', 'platform');
    const removed = await impactOf(tx, platform);
    await tx.ltiPlatform.delete({ where: { id: platformId } });
    await recordAudit(tx, { actorId, action: 'lti_platform_remove', details: { platformId, issuer: platform.issuer, clientId: platform.clientId, deploymentIds: platform.deploymentIds, removed: { ...removed } } });
    return { issuer: platform.issuer, clientId: platform.clientId, removed };
  });
}

/** What removing each platform would take, by id, for the admin page's confirmation. */
export async function removalImpacts(db: Db, actor: Actor): Promise<Map<string, RemovalImpact>> {
  await requireAdmin(db, actor);
  const platforms = await db.ltiPlatform.findMany({ select: { id: true, deploymentIds: true } });
  return new Map(await Promise.all(platforms.map(async (p) => [p.id, await impactOf(db, p)] as const)));
}

/** Removes a platform, for admins (see deletePlatform). */
export async function removePlatform(db: Db, actor: Actor, raw: unknown): Promise<{ issuer: string; clientId: string; removed: RemovalImpact }> {
  const admin = await requireAdmin(db, actor);
  const { platformId } = parseFields(z.object({ platformId: z.string().min(1, 'Choose a platform.').max(64) }), raw);
  return deletePlatform(db, platformId, admin.id);
}
