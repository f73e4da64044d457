-- AlterTable
ALTER TABLE "Application" ADD COLUMN "closedSeq" INTEGER;
ALTER TABLE "ApplicationStamp" ADD COLUMN "closings" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "ApplicationStamp" ADD COLUMN "settled" INTEGER NOT NULL DEFAULT 0;

-- CreateIndex
CREATE INDEX "Application_schoolId_closedSeq_idx" ON "Application"("schoolId", "closedSeq");

-- The dashboard's settled figures (ADR 075). The applications closed before this migration share the number 0: the
-- dashboard needs only «closed up to number k», and every later closing gets the school's next number.
UPDATE "Application" SET "closedSeq" = 0 WHERE "closedAt" IS NOT NULL;

-- A closing takes the school's next number; a reopening drops it. (The UPDATE inside is not a closing or a write
-- of a settled row: OLD."closedSeq" is null for a closing, and the settled trigger below skips it.)
CREATE TRIGGER "Application_close_update" AFTER UPDATE OF "closedAt" ON "Application"
WHEN (OLD."closedAt" IS NULL) <> (NEW."closedAt" IS NULL) BEGIN
  INSERT INTO "ApplicationStamp" ("schoolId", "closings") SELECT NEW."schoolId", 1 WHERE NEW."closedAt" IS NOT NULL
  ON CONFLICT ("schoolId") DO UPDATE SET "closings" = "closings" + 1;
  UPDATE "Application" SET "closedSeq" = CASE WHEN NEW."closedAt" IS NULL THEN NULL
    ELSE (SELECT "closings" FROM "ApplicationStamp" WHERE "schoolId" = NEW."schoolId") END
  WHERE "id" = NEW."id";
END;

-- A row inserted with its number (a copy between databases) keeps it.
CREATE TRIGGER "Application_close_insert" AFTER INSERT ON "Application"
WHEN NEW."closedAt" IS NOT NULL AND NEW."closedSeq" IS NULL BEGIN
  INSERT INTO "ApplicationStamp" ("schoolId", "closings") VALUES (NEW."schoolId", 1)
  ON CONFLICT ("schoolId") DO UPDATE SET "closings" = "closings" + 1;
  UPDATE "Application" SET "closedSeq" = (SELECT "closings" FROM "ApplicationStamp" WHERE "schoolId" = NEW."schoolId")
  WHERE "id" = NEW."id";
END;

-- Any other write of an application that has a closing number, or of its events, gives «settled» a new random value
-- (random, not a count: a database put back under a running server cannot bring back a value the dashboard kept). The
-- event a closing step writes in the same transaction (at = closedAt, to the closed status) is part of the closing.
CREATE TRIGGER "Application_settled_update" AFTER UPDATE ON "Application" WHEN OLD."closedSeq" IS NOT NULL BEGIN
  INSERT INTO "ApplicationStamp" ("schoolId", "settled") VALUES (OLD."schoolId", abs(random() % 2147483647))
  ON CONFLICT ("schoolId") DO UPDATE SET "settled" = abs(random() % 2147483647);
END;

CREATE TRIGGER "Application_settled_delete" AFTER DELETE ON "Application" WHEN OLD."closedSeq" IS NOT NULL BEGIN
  INSERT INTO "ApplicationStamp" ("schoolId", "settled") VALUES (OLD."schoolId", abs(random() % 2147483647))
  ON CONFLICT ("schoolId") DO UPDATE SET "settled" = abs(random() % 2147483647);
END;

CREATE TRIGGER "ApplicationEvent_settled_insert" AFTER INSERT ON "ApplicationEvent" BEGIN
  INSERT INTO "ApplicationStamp" ("schoolId", "settled")
  SELECT a."schoolId", abs(random() % 2147483647) FROM "Application" a
  WHERE a."id" = NEW."applicationId" AND a."closedSeq" IS NOT NULL AND NOT (a."closedAt" = NEW."at" AND a."status" = NEW."toStatus")
  ON CONFLICT ("schoolId") DO UPDATE SET "settled" = abs(random() % 2147483647);
END;

CREATE TRIGGER "ApplicationEvent_settled_delete" AFTER DELETE ON "ApplicationEvent" BEGIN
  INSERT INTO "ApplicationStamp" ("schoolId", "settled")
  SELECT a."schoolId", abs(random() % 2147483647) FROM "Application" a WHERE a."id" = OLD."applicationId" AND a."closedSeq" IS NOT NULL
  ON CONFLICT ("schoolId") DO UPDATE SET "settled" = abs(random() % 2147483647);
END;
