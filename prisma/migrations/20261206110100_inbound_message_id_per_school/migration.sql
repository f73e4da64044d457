-- DropIndex
DROP INDEX "InboundMessage_messageId_key";

-- CreateIndex
CREATE UNIQUE INDEX "InboundMessage_schoolId_messageId_key" ON "InboundMessage"("schoolId", "messageId");

