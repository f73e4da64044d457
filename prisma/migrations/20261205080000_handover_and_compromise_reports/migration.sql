-- AlterTable
ALTER TABLE "Application" ADD COLUMN "enteredAt" DATETIME;

-- CreateTable
CREATE TABLE "CompromiseReport" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "schoolId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "via" TEXT NOT NULL,
    "reportedAt" DATETIME NOT NULL,
    "takenById" TEXT,
    "takenByName" TEXT NOT NULL DEFAULT '',
    "directorReceivedAt" DATETIME,
    "acknowledgedById" TEXT,
    "supportNotifiedAt" DATETIME,
    "supportNotifiedById" TEXT,
    "note" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "CompromiseReport_schoolId_reportedAt_idx" ON "CompromiseReport"("schoolId", "reportedAt");

-- CreateIndex
CREATE INDEX "CompromiseReport_userId_idx" ON "CompromiseReport"("userId");

