-- AlterTable
ALTER TABLE "Application" ADD COLUMN "registrationYear" INTEGER;

-- AlterTable
ALTER TABLE "OutboxJob" ADD COLUMN "leaseOwner" TEXT;

-- CreateTable
CREATE TABLE "TaskLease" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "owner" TEXT NOT NULL,
    "leaseUntil" DATETIME NOT NULL,
    "lastRunAt" DATETIME
);

-- CreateTable
CREATE TABLE "RegistrationCounter" (
    "schoolId" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "last" INTEGER NOT NULL,

    PRIMARY KEY ("schoolId", "year")
);

-- CreateTable
CREATE TABLE "RegistrationLogHead" (
    "schoolId" TEXT NOT NULL PRIMARY KEY,
    "sequence" INTEGER NOT NULL
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_TemplateVersion" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "schoolId" TEXT NOT NULL DEFAULT '',
    "name" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "content" BLOB NOT NULL,
    "sha256" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT false,
    "uploadedBy" TEXT NOT NULL DEFAULT '',
    "note" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO "new_TemplateVersion" ("active", "content", "createdAt", "id", "name", "note", "sha256", "uploadedBy", "version") SELECT "active", "content", "createdAt", "id", "name", "note", "sha256", "uploadedBy", "version" FROM "TemplateVersion";
DROP TABLE "TemplateVersion";
ALTER TABLE "new_TemplateVersion" RENAME TO "TemplateVersion";
CREATE UNIQUE INDEX "TemplateVersion_schoolId_name_version_key" ON "TemplateVersion"("schoolId", "name", "version");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "Application_schoolId_registrationYear_registrationNumber_key" ON "Application"("schoolId", "registrationYear", "registrationNumber");

-- CreateIndex
CREATE INDEX "OutboxJob_schoolId_kind_createdAt_idx" ON "OutboxJob"("schoolId", "kind", "createdAt");


-- Data (ADR 043, 044): existing registrations get their numbering year, counters and log heads start where the
-- log stands, and the templates of a one-school installation become that school's.
UPDATE "Application" SET "registrationYear" = (
  SELECT r."year" FROM "RegistrationLogEntry" r WHERE r."applicationId" = "Application"."id" AND r."correctsSequence" IS NULL
) WHERE "registrationNumber" IS NOT NULL;
INSERT INTO "RegistrationCounter" ("schoolId", "year", "last")
  SELECT "schoolId", "year", MAX("number") FROM "RegistrationLogEntry" GROUP BY "schoolId", "year";
INSERT INTO "RegistrationLogHead" ("schoolId", "sequence")
  SELECT "schoolId", MAX("sequence") FROM "RegistrationLogEntry" GROUP BY "schoolId";
UPDATE "TemplateVersion" SET "schoolId" = (SELECT "id" FROM "School") WHERE (SELECT COUNT(*) FROM "School") = 1;
-- Every letter carries its school (ADR 044): from its application, else the only school of the installation.
UPDATE "OutboxJob" SET "schoolId" = (SELECT a."schoolId" FROM "Application" a WHERE a."id" = "OutboxJob"."applicationId")
  WHERE "schoolId" IS NULL AND "applicationId" IS NOT NULL;
UPDATE "OutboxJob" SET "schoolId" = (SELECT "id" FROM "School") WHERE "schoolId" IS NULL AND (SELECT COUNT(*) FROM "School") = 1;
