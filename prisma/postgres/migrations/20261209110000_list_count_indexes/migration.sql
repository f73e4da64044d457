-- PostgreSQL twin of prisma/migrations/20261209110000_list_count_indexes (npm run db:migration).
-- CreateIndex
CREATE INDEX "Application_schoolId_closedAt_queueDueAt_status_id_idx" ON "Application"("schoolId", "closedAt", "queueDueAt", "status", "id");

-- CreateIndex
CREATE INDEX "Application_pupilId_receivedAt_id_idx" ON "Application"("pupilId", "receivedAt", "id");

