// Changing one's own password: the current password first (a stolen session alone cannot take the
// account over), the sign-up policy for the new one, wrong current passwords limited per account.
// The change bumps the session version, so every session of the account ends at its next request;
// the caller signs the current browser in again with the new password (app/account/actions.ts).
import { z } from 'zod';
import type { Db } from '../db.ts';
import { newPassword } from '../accounts.ts';
import { hashPassword, verifyPassword } from '../passwords.ts';
import { limiters, retryMessage, type Limiters } from '../rate-limit.ts';

export type AccountResult<F extends string = string> = { ok: true } | { ok: false; error: string; field?: F };

const changeInput = z
  .object({
    current: z.string().min(1, 'Enter your current password.').max(1024),
    next: newPassword,
    confirm: z.string().max(1024),
  })
  .refine((v) => v.next === v.confirm, { message: 'The two new passwords differ.', path: ['confirm'] });

type ChangeField = 'current' | 'next' | 'confirm';

/**
 * Whether `password` is the account's (counted against the account when wrong; refused outright
 * once over the limit). Shared by the change form and the delete confirmation. The attempt is
 * counted before the check and cleared when right, so guesses sent at once cannot overshoot the
 * limit while they are being checked.
 */
export async function checkOwnPassword(db: Db, userId: string, password: string, lim: Limiters = limiters(db)): Promise<{ ok: true } | { ok: false; error: string }> {
  const row = await db.user.findUnique({ where: { id: userId }, select: { passwordHash: true } });
  if (!row?.passwordHash) return { ok: false, error: 'This account signs in through single sign-on and has no password here.' };
  const gate = await lim.passwordCheck.consume(userId);
  if (!gate.ok) return { ok: false, error: `Too many wrong passwords. ${retryMessage(gate.retryAfterMs)}` };
  if (!(await verifyPassword(password, row.passwordHash))) return { ok: false, error: 'That is not your current password.' };
  await lim.passwordCheck.reset(userId);
  return { ok: true };
}

/** Sets a new password for the account and ends all its sessions (in one update). */
export async function setPassword(db: Pick<Db, 'user'>, userId: string, password: string): Promise<void> {
  await db.user.update({
    where: { id: userId },
    data: { passwordHash: await hashPassword(password), passwordChangedAt: new Date(), sessionVersion: { increment: 1 } },
  });
}

export async function changePassword(db: Db, userId: string, raw: unknown, lim: Limiters = limiters(db)): Promise<AccountResult<ChangeField>> {
  const parsed = changeInput.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, error: issue?.message ?? 'Invalid input.', field: issue?.path[0] as ChangeField | undefined };
  }
  const { current, next } = parsed.data;
  const check = await checkOwnPassword(db, userId, current, lim);
  if (!check.ok) return { ok: false, error: check.error, field: 'current' };
  if (current === next) return { ok: false, error: 'Choose a password different from the current one.', field: 'next' };
  await setPassword(db, userId, next);
  return { ok: true };
}
