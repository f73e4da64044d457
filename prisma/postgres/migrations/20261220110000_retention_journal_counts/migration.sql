-- PostgreSQL twin of prisma/migrations/20261220110000_retention_journal_counts (npm run db:migration).
-- AlterTable
ALTER TABLE "AcademicYear" ADD COLUMN     "journalPurgedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "RetentionRun" ADD COLUMN     "journalAttendance" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "journalClasses" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "journalComments" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "journalLessons" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "journalMarks" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "journalPlannedHours" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "journalTimetable" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "schoolEvents" INTEGER NOT NULL DEFAULT 0;

