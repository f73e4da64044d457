-- PostgreSQL twin of prisma/migrations/20261211090000_letter_message_id (npm run db:migration).
-- AlterTable
ALTER TABLE "OutboxJob" ADD COLUMN     "messageId" TEXT;

-- CreateIndex
CREATE INDEX "OutboxJob_schoolId_messageId_idx" ON "OutboxJob"("schoolId", "messageId");


-- A payload's Message-ID in lower case (a relay may change the case of the domain a reply or a bounce quotes), or NULL
-- when the payload is not a JSON object (as json_valid/json_extract on SQLite).
CREATE FUNCTION "OutboxJob_message_id_of"(payload TEXT) RETURNS TEXT LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
  RETURN lower(payload::jsonb ->> 'messageId');
EXCEPTION WHEN others THEN
  RETURN NULL;
END
$$;

-- Backfill: every letter already queued names its Message-ID in the column (was only inside the JSON payload).
UPDATE "OutboxJob" SET "messageId" = "OutboxJob_message_id_of"("payload") WHERE "kind" = 'send-email';

-- Every letter row gets the column filled, whichever code wrote it (queueEmail sets it; a row written another way,
-- by a script or an older build during a rolling start, names its Message-ID only in the payload).
CREATE FUNCTION "OutboxJob_message_id_fill"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."messageId" IS NULL AND NEW."kind" = 'send-email' THEN
    NEW."messageId" := "OutboxJob_message_id_of"(NEW."payload");
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER "OutboxJob_message_id_insert" BEFORE INSERT ON "OutboxJob"
FOR EACH ROW EXECUTE FUNCTION "OutboxJob_message_id_fill"();
