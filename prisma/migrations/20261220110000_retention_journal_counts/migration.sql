-- AlterTable
ALTER TABLE "AcademicYear" ADD COLUMN "journalPurgedAt" DATETIME;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_RetentionRun" (
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
    "journalClasses" INTEGER NOT NULL DEFAULT 0,
    "journalLessons" INTEGER NOT NULL DEFAULT 0,
    "journalMarks" INTEGER NOT NULL DEFAULT 0,
    "journalAttendance" INTEGER NOT NULL DEFAULT 0,
    "journalComments" INTEGER NOT NULL DEFAULT 0,
    "journalTimetable" INTEGER NOT NULL DEFAULT 0,
    "journalPlannedHours" INTEGER NOT NULL DEFAULT 0,
    "schoolEvents" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "RetentionRun_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_RetentionRun" ("applications", "at", "by", "bytes", "cutoff", "documents", "files", "id", "inboundMessages", "missingFiles", "outboxJobs", "schoolId", "uploads", "years") SELECT "applications", "at", "by", "bytes", "cutoff", "documents", "files", "id", "inboundMessages", "missingFiles", "outboxJobs", "schoolId", "uploads", "years" FROM "RetentionRun";
DROP TABLE "RetentionRun";
ALTER TABLE "new_RetentionRun" RENAME TO "RetentionRun";
CREATE INDEX "RetentionRun_schoolId_at_idx" ON "RetentionRun"("schoolId", "at");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

