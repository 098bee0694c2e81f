// The migration 20261203010000_cohort_scope on a database holding data from the schema before it:
// a database is migrated (by Prisma, as `npm start` does) to the first migration only, filled with
// rows the way that schema held them, then migrated on; every row must land in the scope the
// migration's rules give it (see its header), and the new constraints must hold.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyDatabase } from '../support/database.ts';
import { migrate, pendingMigrations } from '../../lib/migrate.ts';
import { pgConfigFromUrl } from '../../lib/pg-config.ts';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const INIT = '20261128000000_init';
const SCOPE = '20261203010000_cohort_scope';

/** A project folder whose prisma/migrations holds the first migration only (the rest links back). */
function projectAtInit(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attention-lab-init-'));
  for (const entry of ['node_modules', 'lib', 'package.json']) fs.symlinkSync(path.join(ROOT, entry), path.join(dir, entry));
  // a copy, not a link: Prisma finds the migrations relative to where the config file really is
  fs.copyFileSync(path.join(ROOT, 'prisma.config.ts'), path.join(dir, 'prisma.config.ts'));
  fs.mkdirSync(path.join(dir, 'prisma', 'migrations'), { recursive: true });
  fs.copyFileSync(path.join(ROOT, 'prisma', 'schema.prisma'), path.join(dir, 'prisma', 'schema.prisma'));
  fs.copyFileSync(path.join(ROOT, 'prisma', 'migrations', 'migration_lock.toml'), path.join(dir, 'prisma', 'migrations', 'migration_lock.toml'));
  fs.cpSync(path.join(ROOT, 'prisma', 'migrations', INIT), path.join(dir, 'prisma', 'migrations', INIT), { recursive: true });
  return dir;
}

const T0 = '2026-03-02T09:00:00Z'; // assignments open
const HOUR = 3_600_000;
const at = (ms: number) => new Date(new Date(T0).getTime() + ms).toISOString();
const E1 = 'foundations/dot-product';
const E2 = 'foundations/softmax';

// The old schema's rows, as SQL (the Prisma client of today knows only the new schema).
const OLD_ROWS = `
insert into "Exercise" (id, "contentVersion", title, module, "moduleOrder", "order", points) values
  ('${E1}', 'v1', 'Dot product', 'foundations', 1, 1, 10),
  ('${E2}', 'v1', 'Softmax', 'foundations', 1, 4, 10);
insert into "User" (id, email, role, "updatedAt") values
  ('twice', 'twice@m.test', 'student', now()),      -- in A and B; A assigns E1
  ('single', 'single@m.test', 'student', now()),    -- in B only
  ('alone', 'alone@m.test', 'student', now()),      -- in no cohort
  ('pair', 'pair@m.test', 'student', now()),        -- in A and C, nothing assigned to the work
  ('both', 'both@m.test', 'student', now()),        -- in A and D, both assign E1
  ('joined', 'joined@m.test', 'student', now()),    -- in A, and in D from after the submission
  ('teach', 'teach@m.test', 'instructor', now());   -- teaches A
insert into "Cohort" (id, name, "joinCode", "updatedAt") values
  ('cA', 'A', 'MIG-AAAA', now()), ('cB', 'B', 'MIG-BBBB', now()), ('cC', 'C', 'MIG-CCCC', now()), ('cD', 'D', 'MIG-DDDD', now());
insert into "Enrollment" (id, "cohortId", "userId", role) values
  ('e1', 'cA', 'twice', 'student'), ('e2', 'cB', 'twice', 'student'),
  ('e3', 'cB', 'single', 'student'),
  ('e4', 'cA', 'pair', 'student'), ('e5', 'cC', 'pair', 'student'),
  ('e6', 'cA', 'both', 'student'), ('e7', 'cD', 'both', 'student'),
  ('e9', 'cA', 'joined', 'student'), ('e10', 'cD', 'joined', 'student');
update "Enrollment" set "createdAt" = '${at(-240 * HOUR)}';
update "Enrollment" set "createdAt" = '${at(96 * HOUR)}' where id = 'e10';
insert into "Enrollment" (id, "cohortId", "userId", role) values
  ('e8', 'cA', 'teach', 'instructor');
insert into "Assignment" (id, "cohortId", "exerciseId", "opensAt", "dueAt", "updatedAt") values
  ('aA', 'cA', '${E1}', '${T0}', '${at(24 * HOUR)}', now()),
  ('aD', 'cD', '${E1}', '${T0}', '${at(72 * HOUR)}', now());
insert into "Extension" (id, "assignmentId", "userId", "dueAt") values
  ('x1', 'aA', 'twice', '${at(48 * HOUR)}'),
  ('x2', 'aA', 'single', '${at(48 * HOUR)}');   -- single is not on A's roster
insert into "Submission" (id, "userId", "exerciseId", "exerciseVersion", kind, code, seed, status, score, "maxScore", verdict, "createdAt", "gradedAt") values
  -- under A's assignment, though the learner is in two cohorts
  ('s-twice-assigned', 'twice', '${E1}', 'v1', 'submit', 'a', 's', 'graded', 10, 10, '{"status":"passed"}', '${at(HOUR)}', '${at(HOUR)}'),
  -- before A's assignment opened, and an exercise nobody assigns: two cohorts, so practice
  ('s-twice-early', 'twice', '${E1}', 'v1', 'submit', 'b', 's', 'graded', 2, 10, '{"status":"failed"}', '${at(-24 * HOUR)}', '${at(-24 * HOUR)}'),
  ('s-twice-e2', 'twice', '${E2}', 'v1', 'submit', 'c', 's', 'queued', null, null, null, '${at(HOUR)}', null),
  -- the learner's only cohort
  ('s-single', 'single', '${E1}', 'v1', 'submit', 'd', 's', 'graded', 5, 10, '{"status":"failed"}', '${at(2 * HOUR)}', '${at(2 * HOUR)}'),
  -- in no cohort
  ('s-alone', 'alone', '${E1}', 'v1', 'submit', 'e', 's', 'graded', 10, 10, '{"status":"passed"}', '${at(HOUR)}', '${at(HOUR)}'),
  -- two cohorts, nothing assigned
  ('s-pair', 'pair', '${E2}', 'v1', 'submit', 'f', 's', 'graded', 1, 10, '{"status":"failed"}', '${at(HOUR)}', '${at(HOUR)}'),
  -- two cohorts assign it: on time only in D (A's due date had passed)
  ('s-both', 'both', '${E1}', 'v1', 'submit', 'g', 's', 'graded', 10, 10, '{"status":"passed"}', '${at(48 * HOUR)}', '${at(48 * HOUR)}'),
  -- the same, but made before the learner joined D: it was not made for D
  ('s-joined', 'joined', '${E1}', 'v1', 'submit', 'i', 's', 'graded', 10, 10, '{"status":"passed"}', '${at(48 * HOUR)}', '${at(48 * HOUR)}'),
  -- an instructor trying the exercise: not a student anywhere
  ('s-teach', 'teach', '${E1}', 'v1', 'submit', 'h', 's', 'graded', 10, 10, '{"status":"passed"}', '${at(HOUR)}', '${at(HOUR)}');
insert into "Regrade" (id, "submissionId", "exerciseVersion", score, "maxScore") values ('r1', 's-twice-assigned', 'v0', 3, 10);
insert into "Draft" ("userId", "exerciseId", code, "updatedAt") values
  ('twice', '${E1}', '// twice E1', now()),   -- latest submission of E1: A's
  ('single', '${E2}', '// single E2', now()), -- no submission: the only cohort
  ('pair', '${E1}', '// pair E1', now()),     -- no submission, two cohorts: a copy in each
  ('alone', '${E2}', '// alone E2', now());   -- practice
insert into "Progress" ("userId", "exerciseId", "bestScore", "maxScore", attempts, "firstOpenedAt", "firstSolvedAt", "updatedAt") values
  ('twice', '${E1}', 10, 10, 2, '${at(-48 * HOUR)}', '${at(HOUR)}', now()),  -- graded in A and practice: split
  ('single', '${E1}', 5, 10, 3, '${at(-HOUR)}', null, now()),                  -- one scope: moved as it is
  ('single', '${E2}', 0, 10, 0, '${at(-HOUR)}', null, now()),                  -- opened only: the only cohort
  ('alone', '${E1}', 10, 10, 1, '${at(0)}', '${at(HOUR)}', now()),            -- practice
  ('pair', '${E1}', 0, 10, 0, '${at(0)}', null, now());                      -- opened only, two cohorts: practice
`;

let database: { url: string; drop(): Promise<void> };
let client: pg.Client;
let initRoot: string;
let migrateMs = 0;
const rows = async <T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> => (await client.query(sql, params)).rows as T[];

beforeAll(async () => {
  database = await emptyDatabase();
  initRoot = projectAtInit();
  await migrate(database.url, initRoot);
  // this one first; migrations written after it follow
  expect((await pendingMigrations(database.url))[0]).toBe(SCOPE);
  client = new pg.Client(pgConfigFromUrl(database.url));
  await client.connect();
  await client.query(OLD_ROWS);
  const started = Date.now();
  await migrate(database.url);
  migrateMs = Date.now() - started;
}, 180_000);

afterAll(async () => {
  await client?.end();
  await database?.drop();
  if (initRoot) fs.rmSync(initRoot, { recursive: true, force: true });
});

describe(`migration ${SCOPE}`, () => {
  it('is applied by prisma migrate deploy, in one piece', async () => {
    expect(await pendingMigrations(database.url)).toEqual([]);
    const [m] = await rows<{ finished_at: Date | null; logs: string | null }>(`select finished_at, logs from _prisma_migrations where migration_name = $1`, [SCOPE]);
    expect(m.finished_at).not.toBeNull();
    console.info(`${SCOPE}: prisma migrate deploy took ${migrateMs} ms on the test rows (most of it the CLI's start and exit)`);
  });

  it('assigns each submission to the cohort of its assignment, else the only cohort, else practice', async () => {
    const got = Object.fromEntries((await rows<{ id: string; cohortId: string | null; assignmentId: string | null }>(`select id, "cohortId", "assignmentId" from "Submission"`)).map((r) => [r.id, [r.cohortId, r.assignmentId]]));
    expect(got).toEqual({
      's-twice-assigned': ['cA', 'aA'],
      's-twice-early': [null, null],
      's-twice-e2': [null, null],
      's-single': ['cB', null],
      's-alone': [null, null],
      's-pair': [null, null],
      's-both': ['cD', 'aD'],
      's-joined': ['cA', 'aA'],
      's-teach': [null, null],
    });
    // nothing else about them changed; their audit rows are still theirs
    expect(await rows(`select count(*)::int as n from "Submission"`)).toEqual([{ n: 9 }]);
    expect(await rows(`select "submissionId" from "Regrade"`)).toEqual([{ submissionId: 's-twice-assigned' }]);
  });

  it('moves drafts to the scope of the latest submission, else to each of the cohorts, else practice', async () => {
    const got = (await rows<{ userId: string; exerciseId: string; scope: string; cohortId: string | null; code: string }>(`select "userId", "exerciseId", scope, "cohortId", code from "Draft" order by 1, 2, 3`)).map((r) => [r.userId, r.exerciseId, r.scope, r.cohortId, r.code]);
    expect(got).toEqual([
      ['alone', E2, '', null, '// alone E2'],
      ['pair', E1, 'cA', 'cA', '// pair E1'],
      ['pair', E1, 'cC', 'cC', '// pair E1'],
      ['single', E2, 'cB', 'cB', '// single E2'],
      ['twice', E1, 'cA', 'cA', '// twice E1'],
    ]);
  });

  it('splits progress by scope, recomputed where the work was in several, moved unchanged where it was in one', async () => {
    const got = await rows<{ userId: string; exerciseId: string; scope: string; bestScore: number; attempts: number; firstOpenedAt: Date | null; firstSolvedAt: Date | null }>(
      `select "userId", "exerciseId", scope, "bestScore", attempts, "firstOpenedAt", "firstSolvedAt" from "Progress" order by 1, 2, 3`,
    );
    const iso = (d: Date | null) => d?.toISOString() ?? null;
    expect(got.map((r) => [r.userId, r.exerciseId, r.scope, r.bestScore, r.attempts, iso(r.firstOpenedAt), iso(r.firstSolvedAt)])).toEqual([
      ['alone', E1, '', 10, 1, at(0), at(HOUR)],
      ['pair', E1, '', 0, 0, at(0), null],
      ['single', E1, 'cB', 5, 3, at(-HOUR), null],
      ['single', E2, 'cB', 0, 0, at(-HOUR), null],
      ['twice', E1, '', 2, 1, at(-48 * HOUR), null],
      ['twice', E1, 'cA', 10, 1, at(-48 * HOUR), at(HOUR)],
    ]);
  });

  it("gives extensions their assignment's cohort, and drops those of people not on its roster", async () => {
    expect(await rows(`select id, "cohortId", "userId" from "Extension" order by id`)).toEqual([{ id: 'x1', cohortId: 'cA', userId: 'twice' }]);
  });

  it('leaves the constraints of the new schema in force', async () => {
    const refuse = (sql: string, message: RegExp) => expect(client.query(sql)).rejects.toThrow(message);
    await refuse(`update "Submission" set "assignmentId" = 'aA' where id = 's-single'`, /Submission_assignment_in_scope/);
    await refuse(`update "Submission" set "cohortId" = 'cB' where id = 's-twice-assigned'`, /Submission_assignment_in_scope/);
    await refuse(`insert into "Progress" ("userId", scope, "cohortId", "exerciseId", "maxScore", "updatedAt") values ('alone', 'cA', null, '${E2}', 10, now())`, /Progress_scope_matches_cohort/);
    await refuse(`insert into "Draft" ("userId", scope, "cohortId", "exerciseId", code, "updatedAt") values ('twice', 'cA', 'cA', '${E1}', 'x', now())`, /Draft_pkey/);
    await refuse(`insert into "Extension" (id, "assignmentId", "cohortId", "userId", "dueAt") values ('x3', 'aA', 'cA', 'single', now())`, /Extension_cohortId_userId_fkey/);
    await refuse(`delete from "Cohort" where id = 'cB'`, /Submission_cohortId_fkey/);
    // deleting an assignment keeps its submissions, in their cohort
    await client.query(`delete from "Assignment" where id = 'aD'`);
    expect(await rows(`select "cohortId", "assignmentId" from "Submission" where id = 's-both'`)).toEqual([{ cohortId: 'cD', assignmentId: null }]);
  });
});
