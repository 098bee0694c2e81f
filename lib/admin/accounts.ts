// Account administration, for admins only (requireAdmin): finding accounts, issuing a one-time
// password reset link, disabling and enabling an account. Each change is audited in the same
// transaction (lib/audit.ts), and disabling also bumps the session version, so enabling the
// account later does not bring back a session that was open when it was disabled.
import { z } from 'zod';
import type { Db } from '../db.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import type { Role } from '../generated/prisma/enums.ts';
import { recordAudit } from '../audit.ts';
import { type Actor, AccessDenied, InputError, parseInput, requireAdmin } from '../instructor/authorization.ts';
import { hashToken, newToken, RESET_TTL_MS, resetPath } from '../account/reset.ts';

export interface AccountRow {
  id: string;
  email: string;
  name: string | null;
  role: Role;
  createdAt: Date;
  disabledAt: Date | null;
  hasPassword: boolean;
  cohorts: number;
}

const PAGE = 50;
const listInput = z.object({
  q: z.string().trim().max(254).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).optional().catch(1),
});

/** Accounts by email (deleted ones are not accounts any more), filtered by email or name. */
export async function listAccounts(db: Db, actor: Actor, raw: unknown): Promise<{ q: string; page: number; rows: AccountRow[]; more: boolean }> {
  await requireAdmin(db, actor);
  const { q = '', page = 1 } = listInput.parse(raw ?? {});
  const where: Prisma.UserWhereInput = {
    deletedAt: null,
    ...(q ? { OR: [{ email: { contains: q.toLowerCase() } }, { name: { contains: q, mode: 'insensitive' } }, { id: q }] } : {}),
  };
  const rows = await db.user.findMany({
    where,
    orderBy: { email: 'asc' },
    skip: (page - 1) * PAGE,
    take: PAGE + 1,
    select: { id: true, email: true, name: true, role: true, createdAt: true, disabledAt: true, passwordHash: true, _count: { select: { enrollments: true } } },
  });
  return {
    q,
    page,
    more: rows.length > PAGE,
    rows: rows.slice(0, PAGE).map((u) => ({ id: u.id, email: u.email, name: u.name, role: u.role, createdAt: u.createdAt, disabledAt: u.disabledAt, hasPassword: u.passwordHash !== null, cohorts: u._count.enrollments })),
  };
}

const userId = z.string().min(1, 'Choose an account.').max(64);

async function liveAccount(db: Db, id: string) {
  const u = await db.user.findUnique({ where: { id }, select: { id: true, email: true, deletedAt: true, disabledAt: true } });
  if (!u || u.deletedAt) throw new AccessDenied('missing', 'account');
  return u;
}

/**
 * A new one-time reset link for the account; earlier unused links of the account stop working.
 * The token is returned once (for the admin to hand over) and never stored in the clear.
 */
export async function issueResetLink(db: Db, actor: Actor, rawUserId: unknown, now: Date = new Date()): Promise<{ token: string; path: string; expiresAt: Date; email: string }> {
  const admin = await requireAdmin(db, actor);
  const user = await liveAccount(db, parseInput(userId, rawUserId, 'userId'));
  const token = newToken();
  const expiresAt = new Date(now.getTime() + RESET_TTL_MS);
  await db.$transaction(async (tx) => {
    await tx.passwordReset.updateMany({ where: { userId: user.id, usedAt: null }, data: { usedAt: now } });
    await tx.passwordReset.create({ data: { userId: user.id, tokenHash: hashToken(token), expiresAt, createdById: admin.id, createdAt: now } });
    await recordAudit(tx, { actorId: admin.id, action: 'password_reset_link', targetUserId: user.id, details: { expiresAt: expiresAt.toISOString() } });
  });
  return { token, path: resetPath(token), expiresAt, email: user.email };
}

/** Disables or enables an account. An admin cannot disable their own account (no lock-out). */
export async function setDisabled(db: Db, actor: Actor, rawUserId: unknown, disabled: boolean): Promise<{ email: string; disabled: boolean }> {
  const admin = await requireAdmin(db, actor);
  const user = await liveAccount(db, parseInput(userId, rawUserId, 'userId'));
  if (disabled && user.id === admin.id) throw new InputError('You cannot disable your own account.', 'userId');
  await db.$transaction(async (tx) => {
    const changed = await tx.user.updateMany({
      where: { id: user.id, disabledAt: disabled ? null : { not: null } },
      data: disabled ? { disabledAt: new Date(), sessionVersion: { increment: 1 } } : { disabledAt: null },
    });
    // asking for the state the account is already in changes (and records) nothing
    if (changed.count === 1) await recordAudit(tx, { actorId: admin.id, action: disabled ? 'account_disable' : 'account_enable', targetUserId: user.id });
  });
  return { email: user.email, disabled };
}
