-- PostgreSQL twin of prisma/migrations/20261206120100_planned_hours (npm run db:migration).
-- CreateTable
CREATE TABLE "PlannedHours" (
    "id" TEXT NOT NULL,
    "schoolId" TEXT NOT NULL,
    "groupId" TEXT NOT NULL,
    "subjectId" TEXT NOT NULL,
    "periodId" TEXT NOT NULL,
    "hours" INTEGER NOT NULL,

    CONSTRAINT "PlannedHours_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "PlannedHours_periodId_idx" ON "PlannedHours"("periodId");

-- CreateIndex
CREATE UNIQUE INDEX "PlannedHours_groupId_subjectId_periodId_key" ON "PlannedHours"("groupId", "subjectId", "periodId");

-- AddForeignKey
ALTER TABLE "PlannedHours" ADD CONSTRAINT "PlannedHours_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "TeachingGroup"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PlannedHours" ADD CONSTRAINT "PlannedHours_subjectId_fkey" FOREIGN KEY ("subjectId") REFERENCES "Subject"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PlannedHours" ADD CONSTRAINT "PlannedHours_periodId_fkey" FOREIGN KEY ("periodId") REFERENCES "ReportingPeriod"("id") ON DELETE CASCADE ON UPDATE CASCADE;

