-- PostgreSQL twin of prisma/migrations/20261206110100_inbound_message_id_per_school (npm run db:migration).
-- DropIndex
DROP INDEX "InboundMessage_messageId_key";

-- CreateIndex
CREATE UNIQUE INDEX "InboundMessage_schoolId_messageId_key" ON "InboundMessage"("schoolId", "messageId");

