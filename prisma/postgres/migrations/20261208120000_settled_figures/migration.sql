-- PostgreSQL twin of prisma/migrations/20261208120000_settled_figures (npm run db:migration).
-- AlterTable
ALTER TABLE "Application" ADD COLUMN     "closedSeq" INTEGER;

-- AlterTable
ALTER TABLE "ApplicationStamp" ADD COLUMN     "closings" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "settled" INTEGER NOT NULL DEFAULT 0;

-- CreateIndex
CREATE INDEX "Application_schoolId_closedSeq_idx" ON "Application"("schoolId", "closedSeq");

-- The dashboard's settled figures (ADR 075): the applications closed before share the number 0.
UPDATE "Application" SET "closedSeq" = 0 WHERE "closedAt" IS NOT NULL;

-- A closing takes the school's next number, a reopening drops it (before the row is written). A row inserted with its
-- number (migrate-to-postgres copies the rows, then the source's ApplicationStamp rows) keeps it.
CREATE FUNCTION "Application_close"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."closedAt" IS NOT NULL AND ((TG_OP = 'INSERT' AND NEW."closedSeq" IS NULL) OR (TG_OP = 'UPDATE' AND OLD."closedAt" IS NULL)) THEN
    INSERT INTO "ApplicationStamp" ("schoolId", "closings") VALUES (NEW."schoolId", 1)
    ON CONFLICT ("schoolId") DO UPDATE SET "closings" = "ApplicationStamp"."closings" + 1
    RETURNING "closings" INTO NEW."closedSeq";
  ELSIF NEW."closedAt" IS NULL THEN
    NEW."closedSeq" := NULL;
  END IF;
  RETURN NEW;
END;
$$;

CREATE TRIGGER "Application_close_insert" BEFORE INSERT ON "Application"
FOR EACH ROW EXECUTE FUNCTION "Application_close"();

CREATE TRIGGER "Application_close_update" BEFORE UPDATE OF "closedAt" ON "Application"
FOR EACH ROW EXECUTE FUNCTION "Application_close"();

-- Any other write of an application that has a closing number, or of its events, gives «settled» a new random value
-- (random, not a count: a database put back under a running server cannot bring back a value the dashboard kept). The
-- event a closing step writes in the same transaction (at = closedAt, to the closed status) is part of the closing.
CREATE FUNCTION "Application_settled"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "ApplicationStamp" ("schoolId", "settled") VALUES (OLD."schoolId", floor(random() * 2147483647)::int)
  ON CONFLICT ("schoolId") DO UPDATE SET "settled" = floor(random() * 2147483647)::int;
  RETURN NULL;
END;
$$;

CREATE TRIGGER "Application_settled_update" AFTER UPDATE ON "Application"
FOR EACH ROW WHEN (OLD."closedSeq" IS NOT NULL) EXECUTE FUNCTION "Application_settled"();

CREATE TRIGGER "Application_settled_delete" AFTER DELETE ON "Application"
FOR EACH ROW WHEN (OLD."closedSeq" IS NOT NULL) EXECUTE FUNCTION "Application_settled"();

CREATE FUNCTION "ApplicationEvent_settled"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    INSERT INTO "ApplicationStamp" ("schoolId", "settled")
    SELECT a."schoolId", floor(random() * 2147483647)::int FROM "Application" a WHERE a."id" = OLD."applicationId" AND a."closedSeq" IS NOT NULL
    ON CONFLICT ("schoolId") DO UPDATE SET "settled" = floor(random() * 2147483647)::int;
  ELSE
    INSERT INTO "ApplicationStamp" ("schoolId", "settled")
    SELECT a."schoolId", floor(random() * 2147483647)::int FROM "Application" a
    WHERE a."id" = NEW."applicationId" AND a."closedSeq" IS NOT NULL AND NOT (a."closedAt" = NEW."at" AND a."status" = NEW."toStatus")
    ON CONFLICT ("schoolId") DO UPDATE SET "settled" = floor(random() * 2147483647)::int;
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER "ApplicationEvent_settled_insert" AFTER INSERT ON "ApplicationEvent"
FOR EACH ROW EXECUTE FUNCTION "ApplicationEvent_settled"();

CREATE TRIGGER "ApplicationEvent_settled_delete" AFTER DELETE ON "ApplicationEvent"
FOR EACH ROW EXECUTE FUNCTION "ApplicationEvent_settled"();
