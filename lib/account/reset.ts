// One-time password reset links. An admin issues one (lib/admin/accounts.ts) and hands it over; the
// link carries 32 random bytes, the database only their SHA-256, so a copy of the database opens
// no account. A link works once, for 24 hours, and only the newest one of an account works.
// Setting the password through it ends every session of the account.
import crypto from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../db.ts';
import { newPassword } from '../accounts.ts';
import { limiters, retryMessage, type Limiters } from '../rate-limit.ts';
import { setPassword, type AccountResult } from './password.ts';

export const RESET_TTL_MS = 24 * 3_600_000;

export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token, 'utf8').digest('hex');
}

export function newToken(): string {
  return crypto.randomBytes(32).toString('base64url');
}

export function resetPath(token: string): string {
  return `/reset/${token}`;
}

/** A token as the link can carry it: 43 base64url characters (anything else is not ours). */
const tokenShape = z.string().regex(/^[A-Za-z0-9_-]{43}$/);

/** The live reset a token names (unused, unexpired, for an account that still exists), or null. */
export async function findReset(db: Db, token: unknown, now: Date = new Date()) {
  const t = tokenShape.safeParse(token);
  if (!t.success) return null;
  const row = await db.passwordReset.findUnique({ where: { tokenHash: hashToken(t.data) }, include: { user: { select: { id: true, email: true, deletedAt: true } } } });
  if (!row || row.usedAt || row.expiresAt.getTime() <= now.getTime() || row.user.deletedAt) return null;
  return row;
}

const resetInput = z
  .object({ password: newPassword, confirm: z.string().max(1024) })
  .refine((v) => v.password === v.confirm, { message: 'The two passwords differ.', path: ['confirm'] });

/**
 * Sets the password through a reset link: claims the link (a conditional update, so two tabs
 * cannot both use it), sets the password and bumps the session version, in one transaction.
 */
export async function resetPassword(
  db: Db,
  token: unknown,
  raw: unknown,
  address: string,
  lim: Limiters = limiters(db),
  now: Date = new Date(),
): Promise<AccountResult<'password' | 'confirm'> & { email?: string }> {
  const gate = await lim.resetAddress.consume(address);
  if (!gate.ok) return { ok: false, error: `Too many attempts. ${retryMessage(gate.retryAfterMs)}` };
  const parsed = resetInput.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, error: issue?.message ?? 'Invalid input.', field: issue?.path[0] as 'password' | 'confirm' | undefined };
  }
  const reset = await findReset(db, token, now);
  if (!reset) return { ok: false, error: INVALID_LINK };
  const done = await db.$transaction(async (tx) => {
    const claimed = await tx.passwordReset.updateMany({ where: { id: reset.id, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } });
    if (claimed.count !== 1) return false;
    await setPassword(tx, reset.userId, parsed.data.password);
    return true;
  });
  return done ? { ok: true, email: reset.user.email } : { ok: false, error: INVALID_LINK };
}

export const INVALID_LINK = 'This reset link is invalid, used or expired. Ask an administrator for a new one.';
