-- Rate limits shared by every web process and machine: a sliding log of attempt times per bucket
-- and key, decided in one statement under the row's lock on the database's clock (machines whose
-- clocks disagree still agree on every limit). lib/rate-limit.ts is the only caller.

-- CreateTable
CREATE TABLE "RateLimit" (
    "bucket" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "hits" TIMESTAMPTZ(6)[],
    "expiresAt" TIMESTAMPTZ(6) NOT NULL,

    CONSTRAINT "RateLimit_pkey" PRIMARY KEY ("bucket","key")
);

-- CreateIndex
CREATE INDEX "RateLimit_expiresAt_idx" ON "RateLimit"("expiresAt");

-- Integrity the Prisma schema language cannot express -----------------------------------------
-- A row exists only once an attempt was counted (Prisma lists are nullable columns).
ALTER TABLE "RateLimit" ADD CONSTRAINT "RateLimit_hits_present" CHECK ("hits" IS NOT NULL AND cardinality("hits") >= 1);

-- One decision on one key, the same sliding log the limits always had:
--   check    whether one more attempt would be allowed, counting nothing (and writing nothing)
--   consume  count an attempt if allowed, refuse and count nothing if not
--   record   count an attempt whatever the state (a failed sign-in counts even when allowed),
--            answering whether the key is still under its limit afterwards
-- At most p_limit attempt times are kept: older ones can never decide anything again. The row is
-- locked (FOR UPDATE) before the time is read, so concurrent callers append in the order they
-- hold the lock and never count more than the limit between them. p_at replaces the database's
-- clock, for tests only. A refusal's retry_after_ms is when the oldest attempt leaves the window.
CREATE FUNCTION "RateLimit_decide"(p_bucket text, p_key text, p_limit integer, p_window_ms integer, p_op text, p_at timestamptz DEFAULT NULL)
RETURNS TABLE (ok boolean, remaining integer, retry_after_ms integer) LANGUAGE plpgsql AS $$
DECLARE
  win interval := p_window_ms * interval '1 millisecond';
  t timestamptz;
  recent timestamptz[];
  existed boolean;
  allowed boolean;
BEGIN
  IF p_limit IS NULL OR p_limit < 1 OR p_window_ms IS NULL OR p_window_ms < 1 OR p_op IS NULL OR p_op NOT IN ('check', 'consume', 'record') THEN
    RAISE EXCEPTION 'RateLimit_decide: invalid rule (limit %, window % ms) or operation %', p_limit, p_window_ms, p_op
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  LOOP
    IF p_op = 'check' THEN
      SELECT r."hits" INTO recent FROM "RateLimit" r WHERE r."bucket" = p_bucket AND r."key" = p_key;
    ELSE
      SELECT r."hits" INTO recent FROM "RateLimit" r WHERE r."bucket" = p_bucket AND r."key" = p_key FOR UPDATE;
    END IF;
    existed := FOUND;
    t := coalesce(p_at, clock_timestamp());
    recent := ARRAY(SELECT h FROM unnest(coalesce(recent, '{}')) AS h WHERE h > t - win ORDER BY h);
    allowed := cardinality(recent) < p_limit;
    EXIT WHEN p_op = 'check' OR (p_op = 'consume' AND NOT allowed);

    recent := ARRAY(SELECT h FROM unnest(recent || t) AS h ORDER BY h);
    recent := recent[greatest(1, cardinality(recent) - p_limit + 1):];
    IF existed THEN
      UPDATE "RateLimit" SET "hits" = recent, "expiresAt" = recent[cardinality(recent)] + win
        WHERE "bucket" = p_bucket AND "key" = p_key;
      EXIT;
    END IF;
    INSERT INTO "RateLimit" ("bucket", "key", "hits", "expiresAt") VALUES (p_bucket, p_key, recent, recent[cardinality(recent)] + win)
      ON CONFLICT DO NOTHING;
    EXIT WHEN FOUND;
    -- Another caller created the row since the SELECT: decide again, under its lock.
  END LOOP;

  ok := CASE WHEN p_op = 'record' THEN cardinality(recent) < p_limit ELSE allowed END;
  IF ok THEN
    remaining := p_limit - cardinality(recent);
    retry_after_ms := NULL;
  ELSE
    remaining := 0;
    retry_after_ms := greatest(1, ceil(extract(epoch FROM (recent[1] + win - t)) * 1000))::integer;
  END IF;
  RETURN NEXT;
END
$$;
