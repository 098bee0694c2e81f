-- Questions join the catalog: an Exercise row is a code exercise or a question (answered, not
-- programmed). A question's graded answers are Submission rows like code submits (kind 'submit',
-- the answers as JSON in "code", the variant's seed in "seed"), so assignments, progress, the
-- gradebook, late policies and regrades treat both alike.

-- CreateEnum
CREATE TYPE "ItemKind" AS ENUM ('code', 'question');

-- AlterTable
ALTER TABLE "Exercise" ADD COLUMN "kind" "ItemKind" NOT NULL DEFAULT 'code';

-- Integrity the Prisma schema language cannot express -----------------------------------------
-- Questions come from the bank in exercises/ for now: instructors' authored items are code.
ALTER TABLE "Exercise" ADD CONSTRAINT "Exercise_question_builtin" CHECK ("kind" = 'code' OR "source" = 'builtin');
