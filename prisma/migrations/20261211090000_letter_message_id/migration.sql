-- AlterTable
ALTER TABLE "OutboxJob" ADD COLUMN "messageId" TEXT;

-- CreateIndex
CREATE INDEX "OutboxJob_schoolId_messageId_idx" ON "OutboxJob"("schoolId", "messageId");


-- Backfill: every letter already queued names its Message-ID in the column (was only inside the JSON payload).
-- Kept in lower case: a relay may change the case of the domain a reply or a bounce quotes.
UPDATE "OutboxJob" SET "messageId" = lower(json_extract("payload", '$.messageId'))
WHERE "kind" = 'send-email' AND json_valid("payload");

-- Every letter row gets the column filled, whichever code wrote it (queueEmail sets it; a row written another way,
-- by a script or an older build during a rolling start, names its Message-ID only in the payload).
CREATE TRIGGER "OutboxJob_message_id_insert" AFTER INSERT ON "OutboxJob"
WHEN NEW."messageId" IS NULL AND NEW."kind" = 'send-email' AND json_valid(NEW."payload")
  AND json_extract(NEW."payload", '$.messageId') IS NOT NULL
BEGIN
  UPDATE "OutboxJob" SET "messageId" = lower(json_extract(NEW."payload", '$.messageId')) WHERE "id" = NEW."id";
END;
