-- CreateTable
CREATE TABLE "ControlCheck" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "schoolId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "fromDay" TEXT NOT NULL,
    "toDay" TEXT NOT NULL,
    "employeeUserId" TEXT,
    "employeeName" TEXT,
    "basis" TEXT NOT NULL,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedBy" TEXT NOT NULL,
    "refreshedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "applications" INTEGER NOT NULL,
    "deviations" TEXT NOT NULL,
    "closedAt" DATETIME,
    "conclusion" TEXT NOT NULL DEFAULT '',
    CONSTRAINT "ControlCheck_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ControlFinding" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "checkId" TEXT NOT NULL,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "byUserId" TEXT NOT NULL,
    "by" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    CONSTRAINT "ControlFinding_checkId_fkey" FOREIGN KEY ("checkId") REFERENCES "ControlCheck" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RetentionRun" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "schoolId" TEXT NOT NULL,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "by" TEXT NOT NULL,
    "years" INTEGER NOT NULL,
    "cutoff" TEXT NOT NULL,
    "applications" TEXT NOT NULL,
    "documents" INTEGER NOT NULL,
    "uploads" INTEGER NOT NULL,
    "files" INTEGER NOT NULL,
    "bytes" INTEGER NOT NULL,
    "missingFiles" INTEGER NOT NULL,
    "inboundMessages" INTEGER NOT NULL,
    "outboxJobs" INTEGER NOT NULL,
    CONSTRAINT "RetentionRun_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Setting" (
    "schoolId" TEXT NOT NULL DEFAULT '',
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,

    PRIMARY KEY ("schoolId", "key")
);
INSERT INTO "new_Setting" ("key", "value") SELECT "key", "value" FROM "Setting";
DROP TABLE "Setting";
ALTER TABLE "new_Setting" RENAME TO "Setting";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "ControlCheck_schoolId_startedAt_idx" ON "ControlCheck"("schoolId", "startedAt");

-- CreateIndex
CREATE UNIQUE INDEX "ControlCheck_schoolId_number_key" ON "ControlCheck"("schoolId", "number");

-- CreateIndex
CREATE INDEX "ControlFinding_checkId_at_idx" ON "ControlFinding"("checkId", "at");

-- CreateIndex
CREATE INDEX "RetentionRun_schoolId_at_idx" ON "RetentionRun"("schoolId", "at");


-- Data kept as JSON in Setting until now (docs/decisions/011) moves into the new tables.
-- Dates in that JSON are ISO strings ('…Z'); Prisma keeps DateTime in SQLite as '…+00:00' text.
INSERT INTO "ControlCheck" ("id", "schoolId", "number", "kind", "fromDay", "toDay", "employeeUserId", "employeeName", "basis",
    "startedAt", "startedBy", "refreshedAt", "applications", "deviations", "closedAt", "conclusion")
SELECT json_extract("value", '$.id'), json_extract("value", '$.schoolId'), json_extract("value", '$.number'), json_extract("value", '$.kind'),
    json_extract("value", '$.from'), json_extract("value", '$.to'), json_extract("value", '$.employeeUserId'), json_extract("value", '$.employeeName'),
    json_extract("value", '$.basis'), replace(json_extract("value", '$.startedAt'), 'Z', '+00:00'), json_extract("value", '$.startedBy'),
    replace(json_extract("value", '$.refreshedAt'), 'Z', '+00:00'), json_extract("value", '$.applications'),
    COALESCE(json_extract("value", '$.deviations'), '[]'), replace(json_extract("value", '$.closedAt'), 'Z', '+00:00'),
    COALESCE(json_extract("value", '$.conclusion'), '')
FROM "Setting"
WHERE "key" LIKE 'control.check.%' AND json_valid("value") AND json_extract("value", '$.schoolId') IN (SELECT "id" FROM "School");

INSERT INTO "ControlFinding" ("id", "checkId", "at", "byUserId", "by", "text")
SELECT json_extract(s."value", '$.id') || '-' || f."key", json_extract(s."value", '$.id'), replace(json_extract(f."value", '$.at'), 'Z', '+00:00'),
    json_extract(f."value", '$.byUserId'), json_extract(f."value", '$.by'), json_extract(f."value", '$.text')
FROM "Setting" s, json_each(s."value", '$.findings') f
WHERE s."key" LIKE 'control.check.%' AND json_valid(s."value") AND json_extract(s."value", '$.id') IN (SELECT "id" FROM "ControlCheck");

-- A run's school is the one of its audit event (older runs did not store it); else the first school.
INSERT INTO "RetentionRun" ("id", "schoolId", "at", "by", "years", "cutoff", "applications", "documents", "uploads", "files", "bytes",
    "missingFiles", "inboundMessages", "outboxJobs")
SELECT 'ret_' || lower(hex(randomblob(10))),
    COALESCE((SELECT a."schoolId" FROM "AuditEvent" a WHERE a."action" = 'retention:purge' AND a."entityId" = s."key" LIMIT 1),
        (SELECT "id" FROM "School" ORDER BY "id" LIMIT 1)),
    replace(json_extract(s."value", '$.at'), 'Z', '+00:00'), json_extract(s."value", '$.by'), json_extract(s."value", '$.years'),
    json_extract(s."value", '$.cutoff'), COALESCE(json_extract(s."value", '$.applications'), '[]'),
    COALESCE(json_extract(s."value", '$.documents'), 0), COALESCE(json_extract(s."value", '$.uploads'), 0),
    COALESCE(json_extract(s."value", '$.files'), 0), COALESCE(json_extract(s."value", '$.bytes'), 0),
    COALESCE(json_extract(s."value", '$.missingFiles'), 0), COALESCE(json_extract(s."value", '$.inboundMessages'), 0),
    COALESCE(json_extract(s."value", '$.outboxJobs'), 0)
FROM "Setting" s
WHERE s."key" LIKE 'retention.run.%' AND json_valid(s."value") AND EXISTS (SELECT 1 FROM "School");

DELETE FROM "Setting" WHERE "key" LIKE 'control.check.%' OR "key" LIKE 'retention.run.%';

-- A school's own settings: each school gets a copy of what the installation had (one school: just moved).
INSERT INTO "Setting" ("schoolId", "key", "value")
SELECT sc."id", s."key", s."value" FROM "Setting" s, "School" sc
WHERE s."schoolId" = '' AND s."key" IN ('grounds.acceptance', 'grounds.information', 'forecast.thresholds', 'retention.years', 'deadlines.dueSoonWorkingDays');
DELETE FROM "Setting" WHERE "schoolId" = '' AND "key" IN ('grounds.acceptance', 'grounds.information', 'forecast.thresholds', 'retention.years', 'deadlines.dueSoonWorkingDays');

-- The registration-log anchor of each school ('integrity.anchor.<schoolId>') becomes that school's 'integrity.anchor'.
INSERT INTO "Setting" ("schoolId", "key", "value")
SELECT substr("key", 18), 'integrity.anchor', "value" FROM "Setting"
WHERE "schoolId" = '' AND "key" LIKE 'integrity.anchor.%' AND substr("key", 18) IN (SELECT "id" FROM "School");
DELETE FROM "Setting" WHERE "schoolId" = '' AND "key" LIKE 'integrity.anchor.%';
