-- PostgreSQL twin of prisma/migrations/20261205122000_multi_instance_leases_counters (npm run db:migration).
-- DropIndex
DROP INDEX "TemplateVersion_name_version_key";

-- AlterTable
ALTER TABLE "Application" ADD COLUMN     "registrationYear" INTEGER;

-- AlterTable
ALTER TABLE "OutboxJob" ADD COLUMN     "leaseOwner" TEXT;

-- AlterTable
ALTER TABLE "TemplateVersion" ADD COLUMN     "schoolId" TEXT NOT NULL DEFAULT '';

-- CreateTable
CREATE TABLE "TaskLease" (
    "name" TEXT NOT NULL,
    "owner" TEXT NOT NULL,
    "leaseUntil" TIMESTAMP(3) NOT NULL,
    "lastRunAt" TIMESTAMP(3),

    CONSTRAINT "TaskLease_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "RegistrationCounter" (
    "schoolId" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "last" INTEGER NOT NULL,

    CONSTRAINT "RegistrationCounter_pkey" PRIMARY KEY ("schoolId","year")
);

-- CreateTable
CREATE TABLE "RegistrationLogHead" (
    "schoolId" TEXT NOT NULL,
    "sequence" INTEGER NOT NULL,

    CONSTRAINT "RegistrationLogHead_pkey" PRIMARY KEY ("schoolId")
);

-- CreateIndex
CREATE UNIQUE INDEX "Application_schoolId_registrationYear_registrationNumber_key" ON "Application"("schoolId", "registrationYear", "registrationNumber");

-- CreateIndex
CREATE INDEX "OutboxJob_schoolId_kind_createdAt_idx" ON "OutboxJob"("schoolId", "kind", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "TemplateVersion_schoolId_name_version_key" ON "TemplateVersion"("schoolId", "name", "version");


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
