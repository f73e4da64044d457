-- PostgreSQL twin of prisma/migrations/20261205124100_list_paging_indexes (npm run db:migration).
-- CreateIndex
CREATE INDEX "OutboxJob_kind_createdAt_idx" ON "OutboxJob"("kind", "createdAt");

-- CreateIndex
CREATE INDEX "OutboxJob_kind_status_createdAt_idx" ON "OutboxJob"("kind", "status", "createdAt");

-- CreateIndex
CREATE INDEX "InboundMessage_schoolId_internalDate_idx" ON "InboundMessage"("schoolId", "internalDate");

-- CreateIndex
CREATE INDEX "InboundMessage_schoolId_status_internalDate_idx" ON "InboundMessage"("schoolId", "status", "internalDate");

