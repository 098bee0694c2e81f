// The account page's facts about the signed-in account.
import type { Db } from '../db.ts';

export async function accountOverview(db: Db, userId: string) {
  const u = await db.user.findUniqueOrThrow({
    where: { id: userId },
    select: { email: true, name: true, role: true, createdAt: true, passwordHash: true, passwordChangedAt: true, _count: { select: { submissions: true, enrollments: true } } },
  });
  return {
    email: u.email,
    name: u.name,
    role: u.role,
    createdAt: u.createdAt,
    hasPassword: u.passwordHash !== null,
    passwordChangedAt: u.passwordChangedAt,
    submissions: u._count.submissions,
    cohorts: u._count.enrollments,
    // staff accounts are removed by an administrator (lib/account/delete.ts)
    canDelete: u.role === 'student',
  };
}
