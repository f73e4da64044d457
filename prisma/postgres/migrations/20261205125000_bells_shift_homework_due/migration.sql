-- PostgreSQL twin of prisma/migrations/20261205125000_bells_shift_homework_due (npm run db:migration).
-- AlterTable
ALTER TABLE "SchoolClass" ADD COLUMN     "shift" INTEGER NOT NULL DEFAULT 1;

-- AlterTable
ALTER TABLE "Lesson" ADD COLUMN     "homeworkDueOn" TEXT;

-- CreateTable
CREATE TABLE "BellPeriod" (
    "id" TEXT NOT NULL,
    "schoolId" TEXT NOT NULL,
    "shift" INTEGER NOT NULL DEFAULT 1,
    "period" INTEGER NOT NULL,
    "startsAt" TEXT NOT NULL,
    "endsAt" TEXT NOT NULL,

    CONSTRAINT "BellPeriod_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "BellPeriod_schoolId_shift_period_key" ON "BellPeriod"("schoolId", "shift", "period");

-- AddForeignKey
ALTER TABLE "BellPeriod" ADD CONSTRAINT "BellPeriod_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE CASCADE ON UPDATE CASCADE;

