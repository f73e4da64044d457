-- PostgreSQL twin of prisma/migrations/20261210130000_event_triggers_after_lock (npm run db:migration).
-- An event's triggers read its application only after they hold the school's stamp row (ADR 085). Under READ
-- COMMITTED "ApplicationEvent_settled" (ADR 078) read a closed application's receipt time before waiting for that lock:
-- an event written while another transaction moved the application to another day named, in "SettledChange", the day
-- the application had left, and the day it went to kept its settled figures without the event for good. It also read
-- the school before waiting: an event written while a hand edit moved its application to another school named the school
-- the application had left. One function now does what the two did, in this order: the school's stamp row locked (the
-- version moved), the application read again, its move ("ApplicationChange") and — when it is closed and the event is
-- not its closing one — its settled change written; if the application went to another school meanwhile, that
-- school's stamp is moved too, and the changes name it.
DROP TRIGGER "ApplicationEvent_settled_insert" ON "ApplicationEvent";
DROP TRIGGER "ApplicationEvent_settled_delete" ON "ApplicationEvent";
DROP FUNCTION "ApplicationEvent_settled"();

CREATE OR REPLACE FUNCTION "ApplicationEvent_stamp"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  app TEXT := CASE WHEN TG_OP = 'DELETE' THEN OLD."applicationId" ELSE NEW."applicationId" END;
  school TEXT;
  now_in TEXT;
  received TIMESTAMP(3);
  closed_seq INTEGER;
  closed_at TIMESTAMP(3);
  status TEXT;
  settles BOOLEAN := FALSE;
  v INTEGER;
BEGIN
  SELECT a."schoolId" INTO school FROM "Application" a WHERE a."id" = app;
  IF NOT FOUND THEN
    RETURN NULL; -- its application deleted with it
  END IF;
  LOOP
    INSERT INTO "ApplicationStamp" ("schoolId", "version") VALUES (school, 1)
    ON CONFLICT ("schoolId") DO UPDATE SET "version" = "ApplicationStamp"."version" + 1 RETURNING "version" INTO v;
    -- Read after the move, not before: a write of the application that moved it is another move of the same stamp row,
    -- whose lock the upsert waited for; this statement's own snapshot (READ COMMITTED) sees what that write committed.
    SELECT a."schoolId", a."receivedAt", a."closedSeq", a."closedAt", a."status"
    INTO now_in, received, closed_seq, closed_at, status FROM "Application" a WHERE a."id" = app;
    INSERT INTO "ApplicationChange" ("schoolId", "version", "token", "receivedAt")
    VALUES (school, v, 1 + floor(random() * 2147483646)::integer, received);
    EXIT WHEN now_in = school;
    school := now_in; -- moved to another school while this waited: that school's stamp and changes too
  END LOOP;
  -- The settled figures (ADR 075/078): an event of a closed application, other than the one that closed it.
  IF closed_seq IS NOT NULL THEN
    IF TG_OP = 'DELETE' THEN
      settles := TRUE;
    ELSE
      settles := COALESCE(NOT (closed_at = NEW."at" AND status = NEW."toStatus"), FALSE);
    END IF;
  END IF;
  IF settles THEN
    UPDATE "ApplicationStamp" SET "settled" = floor(random() * 2147483647)::int WHERE "schoolId" = school;
    INSERT INTO "SettledChange" ("schoolId", "receivedAt") VALUES (school, received);
  END IF;
  RETURN NULL;
END;
$$;
