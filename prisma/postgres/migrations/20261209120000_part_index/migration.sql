-- PostgreSQL twin of prisma/migrations/20261209120000_part_index (npm run db:migration).
-- CreateIndex
CREATE INDEX "Application_schoolId_closedSeq_receivedAt_id_idx" ON "Application"("schoolId", "closedSeq", "receivedAt", "id");

