-- Work is scoped to the cohort it was done for (issue 12). Submissions gain the cohort they were
-- made for and the assignment they fell under; drafts and progress become per learner, scope and
-- exercise, where the scope is a cohort or the learner's personal practice space (NULL cohortId,
-- scope ''); extensions name their assignment's cohort, so the database holds them to a student on
-- that cohort's roster.
--
-- Existing rows are assigned as follows (test/prisma/cohort-scope-migration.test.ts checks each):
-- - a submission goes to the cohort whose assignment it fell under: a cohort the learner is a
--   student of, with an assignment of the exercise opened at or before the submission. When two
--   cohorts qualify, the one the learner had already joined when submitting wins, then the one
--   whose (extended) due date it met, then the later opening, then the assignment id. Otherwise to
--   the learner's only cohort (as a student); otherwise to practice.
-- - a draft goes to the scope of the learner's latest submission of its exercise; without one, a
--   copy goes to each cohort the learner is a student of (none: practice), so no draft is hidden.
-- - progress follows the submissions: when all graded submits of the learner and exercise are in
--   one scope the row moves there unchanged; when they are in several, each scope gets a row
--   recomputed from its own submits (as lib/grading.ts recomputeProgress does) keeping the first
--   opening; without graded submits, the learner's only cohort, else practice.
-- - an extension takes its assignment's cohort; extensions of people no longer on that cohort's
--   roster (the app removes those with the roster entry) are deleted.

-- Submissions ---------------------------------------------------------------------------------
ALTER TABLE "Submission" ADD COLUMN "cohortId" TEXT, ADD COLUMN "assignmentId" TEXT;

WITH ranked AS (
  SELECT s.id AS sid, a.id AS aid, a."cohortId" AS cid,
         row_number() OVER (
           PARTITION BY s.id
           ORDER BY (e."createdAt" <= s."createdAt") DESC, (s."createdAt" <= coalesce(x."dueAt", a."dueAt")) DESC, a."opensAt" DESC, a.id
         ) AS rn
  FROM "Submission" s
  JOIN "Enrollment" e ON e."userId" = s."userId" AND e.role = 'student'
  JOIN "Assignment" a ON a."cohortId" = e."cohortId" AND a."exerciseId" = s."exerciseId" AND a."opensAt" <= s."createdAt"
  LEFT JOIN "Extension" x ON x."assignmentId" = a.id AND x."userId" = s."userId"
)
UPDATE "Submission" s SET "cohortId" = r.cid, "assignmentId" = r.aid
FROM ranked r WHERE r.sid = s.id AND r.rn = 1;

CREATE TEMP TABLE only_cohort ON COMMIT DROP AS
  SELECT "userId", min("cohortId") AS "cohortId" FROM "Enrollment" WHERE role = 'student' GROUP BY "userId" HAVING count(*) = 1;

UPDATE "Submission" s SET "cohortId" = o."cohortId"
FROM only_cohort o WHERE s."cohortId" IS NULL AND o."userId" = s."userId";

-- Drafts --------------------------------------------------------------------------------------
ALTER TABLE "Draft" DROP CONSTRAINT "Draft_pkey", ADD COLUMN "cohortId" TEXT, ADD COLUMN "scope" TEXT NOT NULL DEFAULT '';

UPDATE "Draft" d SET "cohortId" = l."cohortId"
FROM (SELECT DISTINCT ON ("userId", "exerciseId") "userId", "exerciseId", "cohortId"
      FROM "Submission" ORDER BY "userId", "exerciseId", "createdAt" DESC, id DESC) l
WHERE l."userId" = d."userId" AND l."exerciseId" = d."exerciseId";

INSERT INTO "Draft" ("userId", "exerciseId", code, "updatedAt", "cohortId")
SELECT d."userId", d."exerciseId", d.code, d."updatedAt", e."cohortId"
FROM "Draft" d JOIN "Enrollment" e ON e."userId" = d."userId" AND e.role = 'student'
WHERE NOT EXISTS (SELECT 1 FROM "Submission" s WHERE s."userId" = d."userId" AND s."exerciseId" = d."exerciseId");

DELETE FROM "Draft" d
WHERE d."cohortId" IS NULL
  AND NOT EXISTS (SELECT 1 FROM "Submission" s WHERE s."userId" = d."userId" AND s."exerciseId" = d."exerciseId")
  AND EXISTS (SELECT 1 FROM "Enrollment" e WHERE e."userId" = d."userId" AND e.role = 'student');

UPDATE "Draft" SET scope = coalesce("cohortId", '');
ALTER TABLE "Draft" ALTER COLUMN "scope" DROP DEFAULT,
  ADD CONSTRAINT "Draft_pkey" PRIMARY KEY ("userId", "scope", "exerciseId");

-- Progress ------------------------------------------------------------------------------------
ALTER TABLE "Progress" DROP CONSTRAINT "Progress_pkey", ADD COLUMN "cohortId" TEXT, ADD COLUMN "scope" TEXT NOT NULL DEFAULT '';

CREATE TEMP TABLE progress_scopes ON COMMIT DROP AS
  SELECT s."userId", s."exerciseId", s."cohortId", count(*)::int AS attempts,
         coalesce(max(least(s.score / nullif(s."maxScore", 0), 1)), 0) AS best,
         min(s."createdAt") FILTER (WHERE s.verdict->>'status' = 'passed') AS "firstSolvedAt",
         count(*) OVER (PARTITION BY s."userId", s."exerciseId") AS scopes
  FROM "Submission" s
  WHERE s.kind = 'submit' AND s.status = 'graded'
  GROUP BY s."userId", s."exerciseId", s."cohortId";

-- one scope: the row moves there as it is
UPDATE "Progress" p SET "cohortId" = ps."cohortId"
FROM progress_scopes ps
WHERE ps.scopes = 1 AND ps."userId" = p."userId" AND ps."exerciseId" = p."exerciseId";

-- several: one recomputed row per scope in place of the one row
CREATE TEMP TABLE progress_split ON COMMIT DROP AS
  SELECT p."userId", p."exerciseId", ps."cohortId", ps.best * p."maxScore" AS "bestScore", p."maxScore", ps.attempts,
         p."firstOpenedAt", ps."firstSolvedAt", p."updatedAt"
  FROM "Progress" p JOIN progress_scopes ps ON ps."userId" = p."userId" AND ps."exerciseId" = p."exerciseId"
  WHERE ps.scopes > 1;

DELETE FROM "Progress" p USING progress_split x WHERE x."userId" = p."userId" AND x."exerciseId" = p."exerciseId";

INSERT INTO "Progress" ("userId", "exerciseId", "cohortId", "bestScore", "maxScore", attempts, "firstOpenedAt", "firstSolvedAt", "updatedAt")
SELECT "userId", "exerciseId", "cohortId", "bestScore", "maxScore", attempts, "firstOpenedAt", "firstSolvedAt", "updatedAt" FROM progress_split;

-- no graded submit: the learner's only cohort, else practice
UPDATE "Progress" p SET "cohortId" = o."cohortId"
FROM only_cohort o
WHERE o."userId" = p."userId"
  AND NOT EXISTS (SELECT 1 FROM progress_scopes ps WHERE ps."userId" = p."userId" AND ps."exerciseId" = p."exerciseId");

UPDATE "Progress" SET scope = coalesce("cohortId", '');
ALTER TABLE "Progress" ALTER COLUMN "scope" DROP DEFAULT,
  ADD CONSTRAINT "Progress_pkey" PRIMARY KEY ("userId", "scope", "exerciseId");

-- Extensions ----------------------------------------------------------------------------------
ALTER TABLE "Extension" DROP CONSTRAINT "Extension_assignmentId_fkey";
ALTER TABLE "Extension" ADD COLUMN "cohortId" TEXT;
UPDATE "Extension" x SET "cohortId" = a."cohortId" FROM "Assignment" a WHERE a.id = x."assignmentId";
DELETE FROM "Extension" x
WHERE NOT EXISTS (SELECT 1 FROM "Enrollment" e WHERE e."cohortId" = x."cohortId" AND e."userId" = x."userId");
ALTER TABLE "Extension" ALTER COLUMN "cohortId" SET NOT NULL;

-- Indexes -------------------------------------------------------------------------------------
DROP INDEX "Submission_userId_exerciseId_createdAt_idx";
CREATE UNIQUE INDEX "Assignment_id_cohortId_key" ON "Assignment"("id", "cohortId");
CREATE INDEX "Extension_cohortId_userId_idx" ON "Extension"("cohortId", "userId");
CREATE INDEX "Submission_userId_cohortId_exerciseId_createdAt_idx" ON "Submission"("userId", "cohortId", "exerciseId", "createdAt" DESC);
CREATE INDEX "Submission_cohortId_exerciseId_kind_status_idx" ON "Submission"("cohortId", "exerciseId", "kind", "status");
CREATE INDEX "Submission_assignmentId_idx" ON "Submission"("assignmentId");
CREATE INDEX "Draft_cohortId_idx" ON "Draft"("cohortId");
CREATE INDEX "Progress_cohortId_exerciseId_idx" ON "Progress"("cohortId", "exerciseId");

-- Foreign keys --------------------------------------------------------------------------------
ALTER TABLE "Extension" ADD CONSTRAINT "Extension_assignmentId_cohortId_fkey" FOREIGN KEY ("assignmentId", "cohortId") REFERENCES "Assignment"("id", "cohortId") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Extension" ADD CONSTRAINT "Extension_cohortId_userId_fkey" FOREIGN KEY ("cohortId", "userId") REFERENCES "Enrollment"("cohortId", "userId") ON DELETE CASCADE ON UPDATE CASCADE;
-- a cohort that holds work cannot be deleted (archive it instead); its drafts and progress go with it
ALTER TABLE "Submission" ADD CONSTRAINT "Submission_cohortId_fkey" FOREIGN KEY ("cohortId") REFERENCES "Cohort"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Submission" ADD CONSTRAINT "Submission_assignmentId_fkey" FOREIGN KEY ("assignmentId") REFERENCES "Assignment"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "Draft" ADD CONSTRAINT "Draft_cohortId_fkey" FOREIGN KEY ("cohortId") REFERENCES "Cohort"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Progress" ADD CONSTRAINT "Progress_cohortId_fkey" FOREIGN KEY ("cohortId") REFERENCES "Cohort"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Integrity the Prisma schema language cannot express -----------------------------------------
-- The scope key is the cohort's id, or '' for practice (and never '' for a cohort).
-- (Spelled out with IS NOT NULL: a CHECK that comes out NULL lets the row in.)
ALTER TABLE "Draft" ADD CONSTRAINT "Draft_scope_matches_cohort" CHECK (("cohortId" IS NULL AND "scope" = '') OR ("cohortId" IS NOT NULL AND "cohortId" <> '' AND "scope" = "cohortId"));
ALTER TABLE "Progress" ADD CONSTRAINT "Progress_scope_matches_cohort" CHECK (("cohortId" IS NULL AND "scope" = '') OR ("cohortId" IS NOT NULL AND "cohortId" <> '' AND "scope" = "cohortId"));

-- A submission's assignment is its own cohort's assignment of its own exercise (a CHECK cannot look
-- at another table; a composite foreign key could not become NULL on its own when the assignment
-- is deleted without PostgreSQL 15, so a trigger holds the rule).
CREATE FUNCTION "Submission_assignment_in_scope"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."assignmentId" IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM "Assignment" a
    WHERE a.id = NEW."assignmentId" AND a."cohortId" = NEW."cohortId" AND a."exerciseId" = NEW."exerciseId"
  ) THEN
    RAISE EXCEPTION 'Submission_assignment_in_scope: assignment % is not the assignment of % in cohort %', NEW."assignmentId", NEW."exerciseId", coalesce(NEW."cohortId", '(practice)')
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER "Submission_assignment_in_scope"
  BEFORE INSERT OR UPDATE OF "assignmentId", "cohortId", "exerciseId" ON "Submission"
  FOR EACH ROW EXECUTE FUNCTION "Submission_assignment_in_scope"();
