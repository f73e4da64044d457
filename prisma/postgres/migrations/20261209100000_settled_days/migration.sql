-- PostgreSQL twin of prisma/migrations/20261209100000_settled_days (npm run db:migration).
-- CreateTable
CREATE TABLE "SettledDay" (
    "schoolId" TEXT NOT NULL,
    "timeZone" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "upTo" INTEGER NOT NULL,
    "changeSeq" INTEGER NOT NULL,
    "data" BYTEA NOT NULL,
    "countedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SettledDay_pkey" PRIMARY KEY ("schoolId","timeZone","day")
);

-- CreateTable
CREATE TABLE "SettledChange" (
    "id" SERIAL NOT NULL,
    "schoolId" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SettledChange_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SettledChange_schoolId_id_idx" ON "SettledChange"("schoolId", "id");


-- The dashboard's settled figures by day (ADR 078): every write that gives ApplicationStamp.settled a new value (ADR
-- 075) also names the day it concerns — the receipt time of the application written. The «settled» functions of
-- 20261208120000_settled_figures are replaced by ones that write both, the stamp row first: its row lock orders the
-- school's changes, so a reader that sees change n has seen every earlier change of the school (the ids of a SERIAL are
-- handed out before commit, and without the lock a smaller id could be committed after a larger one was read).
CREATE OR REPLACE FUNCTION "Application_settled"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "ApplicationStamp" ("schoolId", "settled") VALUES (OLD."schoolId", floor(random() * 2147483647)::int)
  ON CONFLICT ("schoolId") DO UPDATE SET "settled" = floor(random() * 2147483647)::int;
  INSERT INTO "SettledChange" ("schoolId", "receivedAt") VALUES (OLD."schoolId", OLD."receivedAt");
  IF TG_OP = 'UPDATE' AND (NEW."schoolId" <> OLD."schoolId" OR NEW."receivedAt" <> OLD."receivedAt") THEN
    IF NEW."schoolId" <> OLD."schoolId" THEN -- the other school's stamp row first too
      INSERT INTO "ApplicationStamp" ("schoolId", "settled") VALUES (NEW."schoolId", floor(random() * 2147483647)::int)
      ON CONFLICT ("schoolId") DO UPDATE SET "settled" = floor(random() * 2147483647)::int;
    END IF;
    INSERT INTO "SettledChange" ("schoolId", "receivedAt") VALUES (NEW."schoolId", NEW."receivedAt");
  END IF;
  RETURN NULL;
END;
$$;

CREATE OR REPLACE FUNCTION "ApplicationEvent_settled"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  school TEXT;
  received TIMESTAMP(3);
BEGIN
  IF TG_OP = 'DELETE' THEN
    SELECT a."schoolId", a."receivedAt" INTO school, received FROM "Application" a
    WHERE a."id" = OLD."applicationId" AND a."closedSeq" IS NOT NULL;
  ELSE
    SELECT a."schoolId", a."receivedAt" INTO school, received FROM "Application" a
    WHERE a."id" = NEW."applicationId" AND a."closedSeq" IS NOT NULL AND NOT (a."closedAt" = NEW."at" AND a."status" = NEW."toStatus");
  END IF;
  IF school IS NOT NULL THEN
    INSERT INTO "ApplicationStamp" ("schoolId", "settled") VALUES (school, floor(random() * 2147483647)::int)
    ON CONFLICT ("schoolId") DO UPDATE SET "settled" = floor(random() * 2147483647)::int;
    INSERT INTO "SettledChange" ("schoolId", "receivedAt") VALUES (school, received);
  END IF;
  RETURN NULL;
END;
$$;

-- A row inserted closed (with its number from a copy, or numbered by "Application_close"): its day is counted again —
-- a copied number may fall under a day already counted. The stamp row first, as above.
CREATE FUNCTION "Application_settled_day_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "ApplicationStamp" ("schoolId") VALUES (NEW."schoolId")
  ON CONFLICT ("schoolId") DO UPDATE SET "settled" = "ApplicationStamp"."settled";
  INSERT INTO "SettledChange" ("schoolId", "receivedAt") VALUES (NEW."schoolId", NEW."receivedAt");
  RETURN NULL;
END;
$$;

CREATE TRIGGER "Application_settled_day_insert" AFTER INSERT ON "Application"
FOR EACH ROW WHEN (NEW."closedSeq" IS NOT NULL) EXECUTE FUNCTION "Application_settled_day_insert"();
