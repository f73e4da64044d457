-- CreateIndex
CREATE INDEX "Application_schoolId_closedAt_queueDueAt_status_id_idx" ON "Application"("schoolId", "closedAt", "queueDueAt", "status", "id");

-- CreateIndex
CREATE INDEX "Application_pupilId_receivedAt_id_idx" ON "Application"("pupilId", "receivedAt", "id");

