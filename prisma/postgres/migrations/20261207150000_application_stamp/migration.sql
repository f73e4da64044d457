-- PostgreSQL twin of prisma/migrations/20261207150000_application_stamp (npm run db:migration).
-- CreateTable
CREATE TABLE "ApplicationStamp" (
    "schoolId" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "ApplicationStamp_pkey" PRIMARY KEY ("schoolId")
);


-- Every write of an application or of its events moves its school's stamp on (ADR 072).
INSERT INTO "ApplicationStamp" ("schoolId", "version") SELECT "id", 1 FROM "School";

CREATE FUNCTION "Application_stamp"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    INSERT INTO "ApplicationStamp" ("schoolId", "version") VALUES (OLD."schoolId", 1)
    ON CONFLICT ("schoolId") DO UPDATE SET "version" = "ApplicationStamp"."version" + 1;
  END IF;
  IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW."schoolId" IS DISTINCT FROM OLD."schoolId") THEN
    INSERT INTO "ApplicationStamp" ("schoolId", "version") VALUES (NEW."schoolId", 1)
    ON CONFLICT ("schoolId") DO UPDATE SET "version" = "ApplicationStamp"."version" + 1;
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER "Application_stamp_insert" AFTER INSERT ON "Application"
FOR EACH ROW EXECUTE FUNCTION "Application_stamp"();

CREATE TRIGGER "Application_stamp_update" AFTER UPDATE ON "Application"
FOR EACH ROW EXECUTE FUNCTION "Application_stamp"();

CREATE TRIGGER "Application_stamp_delete" AFTER DELETE ON "Application"
FOR EACH ROW EXECUTE FUNCTION "Application_stamp"();

CREATE FUNCTION "ApplicationEvent_stamp"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "ApplicationStamp" ("schoolId", "version")
  SELECT a."schoolId", 1 FROM "Application" a
  WHERE a."id" = (CASE WHEN TG_OP = 'DELETE' THEN OLD."applicationId" ELSE NEW."applicationId" END)
  ON CONFLICT ("schoolId") DO UPDATE SET "version" = "ApplicationStamp"."version" + 1;
  RETURN NULL;
END;
$$;

CREATE TRIGGER "ApplicationEvent_stamp_insert" AFTER INSERT ON "ApplicationEvent"
FOR EACH ROW EXECUTE FUNCTION "ApplicationEvent_stamp"();

CREATE TRIGGER "ApplicationEvent_stamp_delete" AFTER DELETE ON "ApplicationEvent"
FOR EACH ROW EXECUTE FUNCTION "ApplicationEvent_stamp"();
