-- LTI Advantage: grade passback (lib/lti/ags.ts: the platforms' line items tied to a cohort's
-- exercise, and the last score posted to each for each learner) and roster sync (lib/lti/roster.ts:
-- each context's membership service).

ALTER TABLE "LtiContext" ADD COLUMN "membershipsUrl" TEXT, ADD COLUMN "rosterSyncedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "LtiLineItem" (
    "id" TEXT NOT NULL,
    "platformId" TEXT NOT NULL,
    "cohortId" TEXT NOT NULL,
    "exerciseId" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LtiLineItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LtiScoreSync" (
    "lineItemId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "scoreGiven" DOUBLE PRECISION,
    "scoreMaximum" DOUBLE PRECISION NOT NULL,
    "status" TEXT NOT NULL,
    "error" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "sentAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LtiScoreSync_pkey" PRIMARY KEY ("lineItemId","userId")
);

-- CreateIndex
CREATE INDEX "LtiLineItem_cohortId_exerciseId_idx" ON "LtiLineItem"("cohortId", "exerciseId");

-- CreateIndex
CREATE UNIQUE INDEX "LtiLineItem_platformId_url_key" ON "LtiLineItem"("platformId", "url");

-- AddForeignKey
ALTER TABLE "LtiLineItem" ADD CONSTRAINT "LtiLineItem_platformId_fkey" FOREIGN KEY ("platformId") REFERENCES "LtiPlatform"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LtiLineItem" ADD CONSTRAINT "LtiLineItem_cohortId_fkey" FOREIGN KEY ("cohortId") REFERENCES "Cohort"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LtiLineItem" ADD CONSTRAINT "LtiLineItem_exerciseId_fkey" FOREIGN KEY ("exerciseId") REFERENCES "Exercise"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LtiScoreSync" ADD CONSTRAINT "LtiScoreSync_lineItemId_fkey" FOREIGN KEY ("lineItemId") REFERENCES "LtiLineItem"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LtiScoreSync" ADD CONSTRAINT "LtiScoreSync_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;


ALTER TABLE "LtiScoreSync" ADD CONSTRAINT "LtiScoreSync_status" CHECK ("status" IN ('pending', 'sent', 'failed'));
