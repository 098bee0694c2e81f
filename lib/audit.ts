// The audit log of staff actions. Every staff change (roster, extensions, regrades, password
// resets, disabling accounts, exams, LMS platforms) calls recordAudit with the transaction client that makes the change,
// so the record and the change commit together or not at all. Targets are kept by id, never by
// name or email: the log holds no personal data of its own, and a deleted student reads as one.
import { z } from 'zod';
import type { Db } from './db.ts';
import type { Prisma } from './generated/prisma/client.ts';
import type { AuditAction } from './generated/prisma/enums.ts';
import { AuditAction as ACTIONS } from './generated/prisma/enums.ts';
import { type Actor, parseInput, requireAdmin } from './instructor/authorization.ts';
import { DELETED_STUDENT } from './account/tombstone.ts';

/** The client or a transaction on it. */
type Writer = Pick<Db, 'auditEvent'>;

export interface AuditEntry {
  /** null: no account acted (the command line, which runs with the database's own access). */
  actorId: string | null;
  action: AuditAction;
  targetUserId?: string | null;
  cohortId?: string | null;
  exerciseId?: string | null;
  details?: Prisma.InputJsonValue;
}

export async function recordAudit(tx: Writer, e: AuditEntry): Promise<string> {
  const row = await tx.auditEvent.create({
    data: { actorId: e.actorId, action: e.action, targetUserId: e.targetUserId ?? null, cohortId: e.cohortId ?? null, exerciseId: e.exerciseId ?? null, details: e.details },
    select: { id: true },
  });
  return row.id;
}

export const AUDIT_ACTIONS = Object.values(ACTIONS) as AuditAction[];

export const AUDIT_ACTION_TEXT: Record<AuditAction, string> = {
  roster_add: 'added to a roster',
  roster_remove: 'removed from a roster',
  roster_role_change: 'roster role changed',
  extension_grant: 'extension granted',
  extension_revoke: 'extension removed',
  regrade_request: 'regrade requested',
  regrade_retry: 'failed regrades retried',
  password_reset_link: 'password reset link issued',
  account_disable: 'account disabled',
  account_enable: 'account enabled',
  exam_create: 'exam created',
  exam_update: 'exam window or settings changed',
  exam_extra_time: 'exam extra time set',
  exam_release: 'exam results released',
  exam_withdraw: 'exam results withdrawn',
  lti_platform_register: 'LMS platform registered',
  lti_platform_update: 'LMS platform changed',
  lti_platform_remove: 'LMS platform removed',
};

const day = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Dates are YYYY-MM-DD.')
  // round trip: JavaScript would read 2026-02-31 as 3 March
  .refine((d) => {
    const t = Date.parse(`${d}T00:00:00Z`);
    return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === d;
  }, 'That date does not exist.');
const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

export const auditFilterInput = z.object({
  actor: z.preprocess(blankToUndefined, z.string().trim().max(254).optional()),
  action: z.preprocess(blankToUndefined, z.enum(ACTIONS, { error: 'Unknown action.' }).optional()),
  target: z.preprocess(blankToUndefined, z.string().trim().max(254).optional()),
  from: z.preprocess(blankToUndefined, day.optional()),
  to: z.preprocess(blankToUndefined, day.optional()),
  after: z.preprocess(blankToUndefined, z.string().max(64).optional()), // the last row of the previous page
});
export type AuditFilter = z.output<typeof auditFilterInput>;

export interface AuditRow {
  id: string;
  createdAt: Date;
  action: AuditAction;
  actor: { id: string; label: string } | null;
  targetUser: { id: string; label: string; deleted: boolean } | null;
  cohort: { id: string; name: string } | null;
  exerciseId: string | null;
  details: unknown;
}

export interface AuditPage {
  filter: AuditFilter;
  rows: AuditRow[];
  next: string | null; // `after` for the next (older) page
}

const PAGE_SIZE = 50;

function userLabel(u: { email: string; name: string | null; deletedAt: Date | null }): string {
  if (u.deletedAt) return DELETED_STUDENT;
  return u.name ? `${u.name} <${u.email}>` : u.email;
}

/** A user matched by id or by (part of) their email. */
function userMatch(q: string): Prisma.UserWhereInput {
  return { OR: [{ id: q }, { email: { contains: q.toLowerCase() } }] };
}

export function auditWhere(f: AuditFilter): Prisma.AuditEventWhereInput {
  const and: Prisma.AuditEventWhereInput[] = [];
  if (f.actor) and.push({ actor: userMatch(f.actor) });
  if (f.action) and.push({ action: f.action });
  if (f.target) {
    and.push({
      OR: [{ targetUser: userMatch(f.target) }, { cohortId: f.target }, { cohort: { name: { contains: f.target, mode: 'insensitive' } } }, { exerciseId: { contains: f.target } }],
    });
  }
  // whole UTC days, both ends included
  if (f.from) and.push({ createdAt: { gte: new Date(`${f.from}T00:00:00Z`) } });
  if (f.to) and.push({ createdAt: { lt: new Date(Date.parse(`${f.to}T00:00:00Z`) + 86_400_000) } });
  return and.length ? { AND: and } : {};
}

/** Newest first, PAGE_SIZE at a time (keyset on createdAt and id, so pages never overlap). */
export async function listAudit(db: Db, actor: Actor, raw: unknown): Promise<AuditPage> {
  await requireAdmin(db, actor);
  const filter = parseInput(auditFilterInput, raw);
  const where = auditWhere(filter);
  const after = filter.after ? await db.auditEvent.findUnique({ where: { id: filter.after }, select: { id: true, createdAt: true } }) : null;
  const page = after ? { AND: [where, { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] }] } : where;
  const userSel = { select: { id: true, email: true, name: true, deletedAt: true } } as const;
  const rows = await db.auditEvent.findMany({
    where: page,
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: PAGE_SIZE + 1,
    include: { actor: userSel, targetUser: userSel, cohort: { select: { id: true, name: true } } },
  });
  const more = rows.length > PAGE_SIZE;
  const shown = rows.slice(0, PAGE_SIZE);
  return {
    filter,
    next: more ? shown[shown.length - 1].id : null,
    rows: shown.map((r) => ({
      id: r.id,
      createdAt: r.createdAt,
      action: r.action,
      actor: r.actor ? { id: r.actor.id, label: userLabel(r.actor) } : null,
      targetUser: r.targetUser ? { id: r.targetUser.id, label: userLabel(r.targetUser), deleted: r.targetUser.deletedAt !== null } : null,
      cohort: r.cohort,
      exerciseId: r.exerciseId,
      details: r.details,
    })),
  };
}
