-- Exams (lib/exams): a cohort's exam with an open window and a time limit per student, items
-- drawn from pools, points per try that decline, and results released by the instructor. A try at
-- an exam item is a Submission of kind 'exam' tied to the student's attempt, so homework
-- (assignments, progress, the course map) never counts it, and the grader grades it on every case.

-- AlterEnum
ALTER TYPE "SubmissionKind" ADD VALUE 'exam';
ALTER TYPE "AuditAction" ADD VALUE 'exam_create';
ALTER TYPE "AuditAction" ADD VALUE 'exam_update';
ALTER TYPE "AuditAction" ADD VALUE 'exam_extra_time';
ALTER TYPE "AuditAction" ADD VALUE 'exam_release';
ALTER TYPE "AuditAction" ADD VALUE 'exam_withdraw';

-- AlterTable
ALTER TABLE "Submission" ADD COLUMN     "examAttemptId" TEXT;

-- CreateTable
CREATE TABLE "Exam" (
    "id" TEXT NOT NULL,
    "cohortId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "opensAt" TIMESTAMP(3) NOT NULL,
    "closesAt" TIMESTAMP(3) NOT NULL,
    "timeLimitMinutes" INTEGER NOT NULL,
    "tryPoints" DOUBLE PRECISION[],
    "honourCode" TEXT NOT NULL,
    "releasedAt" TIMESTAMP(3),
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Exam_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExamPool" (
    "id" TEXT NOT NULL,
    "examId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "choose" INTEGER NOT NULL,
    "points" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "ExamPool_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExamPoolItem" (
    "poolId" TEXT NOT NULL,
    "exerciseId" TEXT NOT NULL,

    CONSTRAINT "ExamPoolItem_pkey" PRIMARY KEY ("poolId","exerciseId")
);

-- CreateTable
CREATE TABLE "ExamExtraTime" (
    "examId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "minutes" INTEGER NOT NULL,

    CONSTRAINT "ExamExtraTime_pkey" PRIMARY KEY ("examId","userId")
);

-- CreateTable
CREATE TABLE "ExamAttempt" (
    "id" TEXT NOT NULL,
    "examId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "endsAt" TIMESTAMP(3) NOT NULL,
    "acknowledgedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ExamAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExamAttemptItem" (
    "attemptId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "poolId" TEXT NOT NULL,
    "exerciseId" TEXT NOT NULL,
    "points" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "ExamAttemptItem_pkey" PRIMARY KEY ("attemptId","position")
);

-- CreateTable
CREATE TABLE "ExamLateTry" (
    "id" TEXT NOT NULL,
    "attemptId" TEXT NOT NULL,
    "exerciseId" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ExamLateTry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Exam_cohortId_opensAt_idx" ON "Exam"("cohortId", "opensAt");

-- CreateIndex
CREATE UNIQUE INDEX "ExamPool_examId_position_key" ON "ExamPool"("examId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "ExamAttempt_examId_userId_key" ON "ExamAttempt"("examId", "userId");

-- CreateIndex
CREATE UNIQUE INDEX "ExamAttemptItem_attemptId_exerciseId_key" ON "ExamAttemptItem"("attemptId", "exerciseId");

-- CreateIndex
CREATE INDEX "ExamLateTry_attemptId_idx" ON "ExamLateTry"("attemptId");

-- CreateIndex
CREATE INDEX "Submission_examAttemptId_exerciseId_idx" ON "Submission"("examAttemptId", "exerciseId");

-- AddForeignKey
ALTER TABLE "Submission" ADD CONSTRAINT "Submission_examAttemptId_fkey" FOREIGN KEY ("examAttemptId") REFERENCES "ExamAttempt"("id") ON DELETE NO ACTION ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Exam" ADD CONSTRAINT "Exam_cohortId_fkey" FOREIGN KEY ("cohortId") REFERENCES "Cohort"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Exam" ADD CONSTRAINT "Exam_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExamPool" ADD CONSTRAINT "ExamPool_examId_fkey" FOREIGN KEY ("examId") REFERENCES "Exam"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExamPoolItem" ADD CONSTRAINT "ExamPoolItem_poolId_fkey" FOREIGN KEY ("poolId") REFERENCES "ExamPool"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExamPoolItem" ADD CONSTRAINT "ExamPoolItem_exerciseId_fkey" FOREIGN KEY ("exerciseId") REFERENCES "Exercise"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExamExtraTime" ADD CONSTRAINT "ExamExtraTime_examId_fkey" FOREIGN KEY ("examId") REFERENCES "Exam"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExamExtraTime" ADD CONSTRAINT "ExamExtraTime_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExamAttempt" ADD CONSTRAINT "ExamAttempt_examId_fkey" FOREIGN KEY ("examId") REFERENCES "Exam"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExamAttempt" ADD CONSTRAINT "ExamAttempt_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExamAttemptItem" ADD CONSTRAINT "ExamAttemptItem_attemptId_fkey" FOREIGN KEY ("attemptId") REFERENCES "ExamAttempt"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExamLateTry" ADD CONSTRAINT "ExamLateTry_attemptId_fkey" FOREIGN KEY ("attemptId") REFERENCES "ExamAttempt"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Integrity the Prisma schema language cannot express -----------------------------------------
ALTER TABLE "Submission" ADD CONSTRAINT "Submission_exam_attempt" CHECK (("kind"::text = 'exam') = ("examAttemptId" IS NOT NULL));
ALTER TABLE "Exam" ADD CONSTRAINT "Exam_window" CHECK ("closesAt" > "opensAt" AND "timeLimitMinutes" > 0);
ALTER TABLE "Exam" ADD CONSTRAINT "Exam_tries" CHECK (cardinality("tryPoints") BETWEEN 1 AND 10 AND 0 < ALL ("tryPoints") AND 1 >= ALL ("tryPoints"));
ALTER TABLE "ExamPool" ADD CONSTRAINT "ExamPool_sizes" CHECK ("choose" >= 1 AND "points" > 0 AND "position" >= 1);
ALTER TABLE "ExamExtraTime" ADD CONSTRAINT "ExamExtraTime_minutes" CHECK ("minutes" >= 0);
ALTER TABLE "ExamAttempt" ADD CONSTRAINT "ExamAttempt_ends" CHECK ("endsAt" > "startedAt");
