-- CreateEnum
CREATE TYPE "ExerciseSource" AS ENUM ('builtin', 'authored');

-- CreateEnum
CREATE TYPE "AuthorRole" AS ENUM ('coauthor', 'viewer');

-- AlterTable
ALTER TABLE "Exercise" ADD COLUMN     "source" "ExerciseSource" NOT NULL DEFAULT 'builtin';

-- AlterTable
ALTER TABLE "ExerciseVersion" ADD COLUMN     "changeNote" TEXT,
ADD COLUMN     "files" JSONB,
ADD COLUMN     "number" INTEGER,
ADD COLUMN     "publishedById" TEXT;

-- CreateTable
CREATE TABLE "AuthoredExercise" (
    "id" TEXT NOT NULL,
    "ownerId" TEXT,
    "draftFiles" JSONB NOT NULL,
    "draftUpdatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuthoredExercise_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExerciseAuthor" (
    "exerciseId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "role" "AuthorRole" NOT NULL DEFAULT 'coauthor',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ExerciseAuthor_pkey" PRIMARY KEY ("exerciseId","userId")
);

-- CreateIndex
CREATE INDEX "AuthoredExercise_ownerId_idx" ON "AuthoredExercise"("ownerId");

-- CreateIndex
CREATE INDEX "ExerciseAuthor_userId_idx" ON "ExerciseAuthor"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "ExerciseVersion_exerciseId_number_key" ON "ExerciseVersion"("exerciseId", "number");

-- AddForeignKey
ALTER TABLE "ExerciseVersion" ADD CONSTRAINT "ExerciseVersion_publishedById_fkey" FOREIGN KEY ("publishedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuthoredExercise" ADD CONSTRAINT "AuthoredExercise_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExerciseAuthor" ADD CONSTRAINT "ExerciseAuthor_exerciseId_fkey" FOREIGN KEY ("exerciseId") REFERENCES "AuthoredExercise"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExerciseAuthor" ADD CONSTRAINT "ExerciseAuthor_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- An authored version carries its files and its number, a built-in version carries neither.
ALTER TABLE "ExerciseVersion" ADD CONSTRAINT "ExerciseVersion_authored_fields_check"
  CHECK (("number" IS NULL) = ("files" IS NULL) AND ("number" IS NULL OR "number" >= 1));

-- Module and slug are kebab-case.
ALTER TABLE "AuthoredExercise" ADD CONSTRAINT "AuthoredExercise_id_check"
  CHECK ("id" ~ '^[a-z0-9]+(-[a-z0-9]+)*/[a-z0-9]+(-[a-z0-9]+)*$');
