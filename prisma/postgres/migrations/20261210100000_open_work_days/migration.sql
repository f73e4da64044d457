-- PostgreSQL twin of prisma/migrations/20261210100000_open_work_days (npm run db:migration).
-- CreateTable
CREATE TABLE "ApplicationChange" (
    "id" SERIAL NOT NULL,
    "schoolId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "token" INTEGER NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL,
    "formerReceivedAt" TIMESTAMP(3),

    CONSTRAINT "ApplicationChange_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ApplicationChange_schoolId_version_idx" ON "ApplicationChange"("schoolId", "version");


-- Every move of a school's stamp (ADR 072) also names the day it concerns — the receipt time of the application
-- written — with a random token (never 0: 0 stands for «no move at that number»), in the same function as the move
-- (ADR 083): the dashboard counts again only the days of the open work that changed. The stamp row is locked by the
-- move until the transaction ends, so a school's moves become visible in the order of their numbers.
CREATE OR REPLACE FUNCTION "Application_stamp"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v INTEGER;
BEGIN
  IF TG_OP <> 'INSERT' THEN
    INSERT INTO "ApplicationStamp" ("schoolId", "version") VALUES (OLD."schoolId", 1)
    ON CONFLICT ("schoolId") DO UPDATE SET "version" = "ApplicationStamp"."version" + 1 RETURNING "version" INTO v;
    INSERT INTO "ApplicationChange" ("schoolId", "version", "token", "receivedAt", "formerReceivedAt")
    VALUES (OLD."schoolId", v, 1 + floor(random() * 2147483646)::integer,
      CASE WHEN TG_OP = 'UPDATE' AND NEW."schoolId" IS NOT DISTINCT FROM OLD."schoolId" THEN NEW."receivedAt" ELSE OLD."receivedAt" END,
      CASE WHEN TG_OP = 'UPDATE' AND NEW."schoolId" IS NOT DISTINCT FROM OLD."schoolId"
        AND NEW."receivedAt" IS DISTINCT FROM OLD."receivedAt" THEN OLD."receivedAt" END);
  END IF;
  IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW."schoolId" IS DISTINCT FROM OLD."schoolId") THEN
    INSERT INTO "ApplicationStamp" ("schoolId", "version") VALUES (NEW."schoolId", 1)
    ON CONFLICT ("schoolId") DO UPDATE SET "version" = "ApplicationStamp"."version" + 1 RETURNING "version" INTO v;
    INSERT INTO "ApplicationChange" ("schoolId", "version", "token", "receivedAt")
    VALUES (NEW."schoolId", v, 1 + floor(random() * 2147483646)::integer, NEW."receivedAt");
  END IF;
  RETURN NULL;
END;
$$;

CREATE OR REPLACE FUNCTION "ApplicationEvent_stamp"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  app TEXT := CASE WHEN TG_OP = 'DELETE' THEN OLD."applicationId" ELSE NEW."applicationId" END;
  school TEXT;
  received TIMESTAMP(3);
  v INTEGER;
BEGIN
  SELECT a."schoolId" INTO school FROM "Application" a WHERE a."id" = app;
  IF NOT FOUND THEN
    RETURN NULL; -- its application deleted with it
  END IF;
  INSERT INTO "ApplicationStamp" ("schoolId", "version") VALUES (school, 1)
  ON CONFLICT ("schoolId") DO UPDATE SET "version" = "ApplicationStamp"."version" + 1 RETURNING "version" INTO v;
  -- The receipt time read after the move, not before: a write of the application that moved it is another move of the
  -- same stamp row, whose lock the upsert waited for; this statement's own snapshot (READ COMMITTED) sees what that
  -- write committed. Read before, an event written beside a receipt-time change named the day the application left.
  SELECT a."receivedAt" INTO received FROM "Application" a WHERE a."id" = app;
  INSERT INTO "ApplicationChange" ("schoolId", "version", "token", "receivedAt")
  VALUES (school, v, 1 + floor(random() * 2147483646)::integer, received);
  RETURN NULL;
END;
$$;
