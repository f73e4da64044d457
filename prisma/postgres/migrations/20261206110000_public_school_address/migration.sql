-- PostgreSQL twin of prisma/migrations/20261206110000_public_school_address (npm run db:migration).
-- AlterTable
ALTER TABLE "School" ADD COLUMN     "code" TEXT,
ADD COLUMN     "host" TEXT;

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "fullName" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "School_code_key" ON "School"("code");

-- CreateIndex
CREATE UNIQUE INDEX "School_host_key" ON "School"("host");


-- ADR 057: the education authority's administrator is nobody's staff. Its name moves from the Staff row (which
-- listed it among the school's employees) onto its account; the Staff row goes, unless something points at it.
UPDATE "User" SET "fullName" = (
  SELECT TRIM("Staff"."lastName" || ' ' || "Staff"."firstName" || ' ' || "Staff"."middleName") FROM "Staff" WHERE "Staff"."userId" = "User"."id"
) WHERE "id" IN (SELECT "userId" FROM "UserRole" WHERE "role" = 'authority');
DELETE FROM "Staff" WHERE "userId" IN (SELECT "userId" FROM "UserRole" WHERE "role" = 'authority')
  AND "id" NOT IN (SELECT "classTeacherId" FROM "SchoolClass" WHERE "classTeacherId" IS NOT NULL)
  AND "id" NOT IN (SELECT "teacherId" FROM "Lesson" WHERE "teacherId" IS NOT NULL)
  AND "id" NOT IN (SELECT "teacherId" FROM "TimetableEntry" WHERE "teacherId" IS NOT NULL)
  AND "id" NOT IN (SELECT "responsibleEmployeeId" FROM "School" WHERE "responsibleEmployeeId" IS NOT NULL);
