-- AlterTable
ALTER TABLE "StoredDocument" ADD COLUMN "schoolId" TEXT;

-- AlterTable
ALTER TABLE "Upload" ADD COLUMN "schoolId" TEXT;

-- CreateIndex
CREATE INDEX "StoredDocument_schoolId_applicationId_createdAt_idx" ON "StoredDocument"("schoolId", "applicationId", "createdAt");

-- CreateIndex
CREATE INDEX "Upload_schoolId_applicationId_createdAt_idx" ON "Upload"("schoolId", "applicationId", "createdAt");

-- Existing rows: the school of their application; a kept activity report, the school of its key
-- ('activity-report:<schoolId>:<YYYY-MM>'); anything else on an installation of one school, that school.
UPDATE "StoredDocument" SET "schoolId" = (SELECT a."schoolId" FROM "Application" a WHERE a."id" = "StoredDocument"."applicationId")
WHERE "applicationId" IS NOT NULL;
UPDATE "Upload" SET "schoolId" = (SELECT a."schoolId" FROM "Application" a WHERE a."id" = "Upload"."applicationId")
WHERE "applicationId" IS NOT NULL;
UPDATE "StoredDocument" SET "schoolId" = substr("sourceKey", 17, length("sourceKey") - 24)
WHERE "schoolId" IS NULL AND "sourceKey" LIKE 'activity-report:%' AND substr("sourceKey", 17, length("sourceKey") - 24) IN (SELECT "id" FROM "School");
UPDATE "StoredDocument" SET "schoolId" = (SELECT "id" FROM "School") WHERE "schoolId" IS NULL AND (SELECT count(*) FROM "School") = 1;
UPDATE "Upload" SET "schoolId" = (SELECT "id" FROM "School") WHERE "schoolId" IS NULL AND (SELECT count(*) FROM "School") = 1;
