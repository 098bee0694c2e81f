-- CreateTable
CREATE TABLE "ProcessHeartbeat" (
    "process" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "host" TEXT NOT NULL,
    "pid" INTEGER NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "beatAt" TIMESTAMP(3) NOT NULL,
    "metrics" JSONB NOT NULL,

    CONSTRAINT "ProcessHeartbeat_pkey" PRIMARY KEY ("process")
);

-- CreateIndex
CREATE INDEX "ProcessHeartbeat_beatAt_idx" ON "ProcessHeartbeat"("beatAt");

-- A submission's status change is announced on channel submission_status (payload: its id) when
-- the change commits, so web processes can push the verdict to the learner's open page (Server-Sent
-- Events) instead of being polled. Whoever writes the status (worker, regrade, dead letter) is covered.
CREATE FUNCTION attention_lab_notify_submission_status() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('submission_status', NEW.id);
  RETURN NULL;
END
$$;

CREATE TRIGGER submission_status_notify
  AFTER UPDATE OF status ON "Submission"
  FOR EACH ROW
  WHEN (OLD.status IS DISTINCT FROM NEW.status AND NEW.kind = 'submit')
  EXECUTE FUNCTION attention_lab_notify_submission_status();
