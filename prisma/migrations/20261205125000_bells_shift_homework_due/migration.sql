-- AlterTable
ALTER TABLE "Lesson" ADD COLUMN "homeworkDueOn" TEXT;

-- AlterTable (a plain ADD COLUMN, not a rebuild: other branches may add columns to SchoolClass too)
ALTER TABLE "SchoolClass" ADD COLUMN "shift" INTEGER NOT NULL DEFAULT 1;

-- CreateTable
CREATE TABLE "BellPeriod" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "schoolId" TEXT NOT NULL,
    "shift" INTEGER NOT NULL DEFAULT 1,
    "period" INTEGER NOT NULL,
    "startsAt" TEXT NOT NULL,
    "endsAt" TEXT NOT NULL,
    CONSTRAINT "BellPeriod_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "BellPeriod_schoolId_shift_period_key" ON "BellPeriod"("schoolId", "shift", "period");
