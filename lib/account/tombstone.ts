// What stays of a deleted account: the row (its id keeps the gradebook's scores attached), with a
// tombstone email, and the one label every staff view shows for it.
export const DELETED_STUDENT = 'Deleted student';

export function tombstoneEmail(userId: string): string {
  return `deleted-${userId.toLowerCase()}@deleted.invalid`;
}

/** How staff pages name a student: "Deleted student" once the account is deleted. */
export function studentName(u: { name: string | null; email: string; deletedAt?: Date | null }): string {
  return u.deletedAt ? DELETED_STUDENT : (u.name ?? u.email);
}
