-- CreateIndex
CREATE INDEX "Application_schoolId_closedSeq_receivedAt_id_idx" ON "Application"("schoolId", "closedSeq", "receivedAt", "id");

