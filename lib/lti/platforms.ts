// LTI 1.3 platforms (an LMS registered by an admin, on /instructor/admin/lti or with `npm run lti`)
// and the tool's configuration to paste into them. A platform is known by its issuer and the client id it gave the tool; only its listed
// deployments may launch.
import { z } from 'zod';
import type { Db } from '../db.ts';
import { InputError, requireAdmin, type Actor } from '../instructor/authorization.ts';

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
export async function addPlatform(db: Db, raw: unknown): Promise<{ id: string; created: boolean }> {
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

/** Registers (or adds deployments to) a platform, for admins; bad input is an InputError naming the field. */
export async function registerPlatform(db: Db, actor: Actor, raw: unknown): Promise<{ id: string; created: boolean }> {
  await requireAdmin(db, actor);
  const parsed = platformInput.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(issue?.message ?? 'Invalid platform.', issue?.path[0] === undefined ? undefined : String(issue.path[0]));
  }
  return addPlatform(db, parsed.data);
}
