// A learner deletes their account. The row stays, anonymised, because the cohort's gradebook keeps
// the scores (an instructor's record of the course): email becomes a tombstone, name, password
// and image go, every session ends. Their content goes: the code of every submission (and the
// parts of verdicts that echo it: values, messages, console output), drafts, runs, links to
// identity providers, reset links. Graded submits keep status, score and per-case pass/fail, so
// the gradebook row stays as it was and reads "Deleted student". Submits not graded yet are
// removed (nothing to keep, and the grader would only see empty code). Staff accounts are removed
// by an administrator, not here (a cohort may depend on its instructor).
import { z } from 'zod';
import type { Db } from '../db.ts';
import { limiters, type Limiters } from '../rate-limit.ts';
import { checkOwnPassword, type AccountResult } from './password.ts';
import { tombstoneEmail } from './tombstone.ts';

const confirmInput = z.object({
  email: z.string().trim().toLowerCase().max(254),
  password: z.string().max(1024).optional(),
});

export const STAFF_DELETE_REFUSAL = 'Forbidden: staff accounts are removed by an administrator, not from this page.';

export async function deleteAccount(db: Db, userId: string, raw: unknown, lim: Limiters = limiters(db), now: Date = new Date()): Promise<AccountResult<'email' | 'password'>> {
  const input = confirmInput.safeParse(raw);
  if (!input.success) return { ok: false, error: 'Type your email address to confirm.', field: 'email' };
  const user = await db.user.findUnique({ where: { id: userId }, select: { email: true, role: true, passwordHash: true, deletedAt: true } });
  if (!user || user.deletedAt) return { ok: false, error: 'This account no longer exists.' };
  if (user.role !== 'student') return { ok: false, error: STAFF_DELETE_REFUSAL };
  if (input.data.email !== user.email) return { ok: false, error: 'That is not the email address of this account.', field: 'email' };
  if (user.passwordHash) {
    const check = await checkOwnPassword(db, userId, input.data.password ?? '', lim);
    if (!check.ok) return { ok: false, error: check.error, field: 'password' };
  }
  await anonymise(db, userId, now);
  return { ok: true };
}

/** The deletion itself, in one transaction (the account is locked first: two requests, one deletion). */
export async function anonymise(db: Db, userId: string, now: Date = new Date()): Promise<void> {
  await db.$transaction(async (tx) => {
    const locked = await tx.$queryRaw<{ deletedAt: Date | null }[]>`select "deletedAt" from "User" where id = ${userId} for update`;
    if (locked.length === 0 || locked[0].deletedAt) return;
    await tx.submission.deleteMany({ where: { userId, OR: [{ kind: 'run' }, { status: { not: 'graded' } }] } });
    // What a graded verdict keeps: per case its name, visibility, pass/fail, points and kind.
    await tx.$executeRaw`
      update "Submission" s set code = '', verdict = jsonb_build_object(
        'exerciseId', s.verdict->'exerciseId', 'exerciseVersion', s.verdict->'exerciseVersion',
        'status', s.verdict->'status', 'score', s.verdict->'score', 'maxScore', s.verdict->'maxScore', 'redacted', true,
        'cases', coalesce((
          select jsonb_agg(jsonb_build_object('name', c->'name', 'visible', c->'visible', 'passed', c->'passed', 'points', c->'points', 'kind', c->'kind',
                                              'message', case when c->>'passed' = 'true' then 'passed' else 'details removed with the account' end) order by i)
          from jsonb_array_elements(case when jsonb_typeof(s.verdict->'cases') = 'array' then s.verdict->'cases' else '[]'::jsonb end) with ordinality as t(c, i)
        ), '[]'::jsonb))
      where s."userId" = ${userId}`;
    await tx.$executeRaw`update "Regrade" r set verdict = null from "Submission" s where s.id = r."submissionId" and s."userId" = ${userId}`;
    await tx.draft.deleteMany({ where: { userId } });
    await tx.account.deleteMany({ where: { userId } });
    await tx.session.deleteMany({ where: { userId } });
    await tx.passwordReset.deleteMany({ where: { userId } });
    await tx.user.update({
      where: { id: userId },
      data: { email: tombstoneEmail(userId), name: null, passwordHash: null, image: null, emailVerified: null, deletedAt: now, sessionVersion: { increment: 1 } },
    });
  });
}
