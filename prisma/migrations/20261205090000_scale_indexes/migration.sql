-- AlterTable
ALTER TABLE "Application" ADD COLUMN "queueDueAt" DATETIME;

-- AlterTable
ALTER TABLE "OutboxJob" ADD COLUMN "applicationId" TEXT;
ALTER TABLE "OutboxJob" ADD COLUMN "schoolId" TEXT;

-- CreateTable
CREATE TABLE "ApplicationTally" (
    "schoolId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "className" TEXT NOT NULL,
    "assigneeId" TEXT NOT NULL DEFAULT '',
    "count" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("schoolId", "status", "channel", "className", "assigneeId")
);

-- CreateIndex
CREATE INDEX "AuditEvent_schoolId_at_idx" ON "AuditEvent"("schoolId", "at");

-- CreateIndex
CREATE INDEX "Application_schoolId_closedAt_queueDueAt_receivedAt_idx" ON "Application"("schoolId", "closedAt", "queueDueAt", "receivedAt");

-- CreateIndex
CREATE INDEX "Application_schoolId_closedAt_receivedAt_idx" ON "Application"("schoolId", "closedAt", "receivedAt");

-- CreateIndex
CREATE INDEX "Application_schoolId_receivedAt_idx" ON "Application"("schoolId", "receivedAt");

-- CreateIndex
CREATE INDEX "Application_pupilId_idx" ON "Application"("pupilId");

-- CreateIndex
CREATE INDEX "Application_guardianId_idx" ON "Application"("guardianId");

-- CreateIndex
CREATE INDEX "Application_schoolId_status_registrationDue_idx" ON "Application"("schoolId", "status", "registrationDue");

-- CreateIndex
CREATE INDEX "Application_schoolId_status_reviewDue_idx" ON "Application"("schoolId", "status", "reviewDue");

-- CreateIndex
CREATE INDEX "Application_schoolId_status_deliveryDue_idx" ON "Application"("schoolId", "status", "deliveryDue");

-- CreateIndex
CREATE INDEX "RegistrationLogEntry_schoolId_registeredAt_idx" ON "RegistrationLogEntry"("schoolId", "registeredAt");

-- CreateIndex
CREATE INDEX "OutboxJob_applicationId_idx" ON "OutboxJob"("applicationId");


-- Backfill: outbox rows name their application and school in columns (was only inside the JSON payload).
UPDATE "OutboxJob" SET "applicationId" = json_extract("payload", '$.applicationId') WHERE "payload" LIKE '%"applicationId"%';
UPDATE "OutboxJob" SET "schoolId" = (SELECT a."schoolId" FROM "Application" a WHERE a."id" = "OutboxJob"."applicationId") WHERE "applicationId" IS NOT NULL;

-- Backfill: the nearest running deadline of every open application (workflows/deadline-stages.ts: nearestDue).
UPDATE "Application" SET "queueDueAt" = CASE
  WHEN "closedAt" IS NOT NULL THEN NULL
  WHEN "status" = 'received' THEN "registrationDue"
  WHEN "status" IN ('registered', 'in_review', 'correction_requested', 'awaiting_decision') THEN min(coalesce("reviewDue", "deliveryDue", '9999-12-31T23:59:59.000+00:00'), coalesce("deliveryDue", '9999-12-31T23:59:59.000+00:00'))
  WHEN "status" IN ('granted', 'delivering', 'refused') THEN coalesce("deliveryDue", '9999-12-31T23:59:59.000+00:00')
  ELSE '9999-12-31T23:59:59.000+00:00'
END;

-- The tally: counted once here, then kept by the triggers below on every insert, change and delete.
INSERT INTO "ApplicationTally" ("schoolId", "status", "channel", "className", "assigneeId", "count")
SELECT "schoolId", "status", "channel", "className", coalesce("assigneeId", ''), count(*) FROM "Application"
GROUP BY "schoolId", "status", "channel", "className", coalesce("assigneeId", '');

CREATE TRIGGER "Application_tally_insert" AFTER INSERT ON "Application" BEGIN
  INSERT INTO "ApplicationTally" ("schoolId", "status", "channel", "className", "assigneeId", "count")
  VALUES (NEW."schoolId", NEW."status", NEW."channel", NEW."className", coalesce(NEW."assigneeId", ''), 1)
  ON CONFLICT ("schoolId", "status", "channel", "className", "assigneeId") DO UPDATE SET "count" = "count" + 1;
END;

CREATE TRIGGER "Application_tally_update" AFTER UPDATE OF "schoolId", "status", "channel", "className", "assigneeId" ON "Application"
WHEN OLD."schoolId" IS NOT NEW."schoolId" OR OLD."status" IS NOT NEW."status" OR OLD."channel" IS NOT NEW."channel"
  OR OLD."className" IS NOT NEW."className" OR OLD."assigneeId" IS NOT NEW."assigneeId"
BEGIN
  UPDATE "ApplicationTally" SET "count" = "count" - 1
  WHERE "schoolId" = OLD."schoolId" AND "status" = OLD."status" AND "channel" = OLD."channel" AND "className" = OLD."className" AND "assigneeId" = coalesce(OLD."assigneeId", '');
  INSERT INTO "ApplicationTally" ("schoolId", "status", "channel", "className", "assigneeId", "count")
  VALUES (NEW."schoolId", NEW."status", NEW."channel", NEW."className", coalesce(NEW."assigneeId", ''), 1)
  ON CONFLICT ("schoolId", "status", "channel", "className", "assigneeId") DO UPDATE SET "count" = "count" + 1;
END;

CREATE TRIGGER "Application_tally_delete" AFTER DELETE ON "Application" BEGIN
  UPDATE "ApplicationTally" SET "count" = "count" - 1
  WHERE "schoolId" = OLD."schoolId" AND "status" = OLD."status" AND "channel" = OLD."channel" AND "className" = OLD."className" AND "assigneeId" = coalesce(OLD."assigneeId", '');
END;

-- Every outbox row that names an application in its payload gets the columns filled, whichever code wrote it.
CREATE TRIGGER "OutboxJob_application_insert" AFTER INSERT ON "OutboxJob"
WHEN NEW."applicationId" IS NULL AND json_valid(NEW."payload") AND json_extract(NEW."payload", '$.applicationId') IS NOT NULL
BEGIN
  UPDATE "OutboxJob" SET
    "applicationId" = json_extract(NEW."payload", '$.applicationId'),
    "schoolId" = coalesce(NEW."schoolId", (SELECT a."schoolId" FROM "Application" a WHERE a."id" = json_extract(NEW."payload", '$.applicationId')))
  WHERE "id" = NEW."id";
END;
