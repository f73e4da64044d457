-- CreateTable
CREATE TABLE "ApplicationStamp" (
    "schoolId" TEXT NOT NULL PRIMARY KEY,
    "version" INTEGER NOT NULL DEFAULT 0
);


-- Every write of an application or of its events moves its school's stamp on (ADR 072).
INSERT INTO "ApplicationStamp" ("schoolId", "version") SELECT "id", 1 FROM "School";

CREATE TRIGGER "Application_stamp_insert" AFTER INSERT ON "Application" BEGIN
  INSERT INTO "ApplicationStamp" ("schoolId", "version") VALUES (NEW."schoolId", 1)
  ON CONFLICT ("schoolId") DO UPDATE SET "version" = "version" + 1;
END;

CREATE TRIGGER "Application_stamp_update" AFTER UPDATE ON "Application" BEGIN
  INSERT INTO "ApplicationStamp" ("schoolId", "version") VALUES (NEW."schoolId", 1)
  ON CONFLICT ("schoolId") DO UPDATE SET "version" = "version" + 1;
  INSERT INTO "ApplicationStamp" ("schoolId", "version") SELECT OLD."schoolId", 1 WHERE OLD."schoolId" IS NOT NEW."schoolId"
  ON CONFLICT ("schoolId") DO UPDATE SET "version" = "version" + 1;
END;

CREATE TRIGGER "Application_stamp_delete" AFTER DELETE ON "Application" BEGIN
  INSERT INTO "ApplicationStamp" ("schoolId", "version") VALUES (OLD."schoolId", 1)
  ON CONFLICT ("schoolId") DO UPDATE SET "version" = "version" + 1;
END;

CREATE TRIGGER "ApplicationEvent_stamp_insert" AFTER INSERT ON "ApplicationEvent" BEGIN
  INSERT INTO "ApplicationStamp" ("schoolId", "version") SELECT a."schoolId", 1 FROM "Application" a WHERE a."id" = NEW."applicationId"
  ON CONFLICT ("schoolId") DO UPDATE SET "version" = "version" + 1;
END;

CREATE TRIGGER "ApplicationEvent_stamp_delete" AFTER DELETE ON "ApplicationEvent" BEGIN
  INSERT INTO "ApplicationStamp" ("schoolId", "version") SELECT a."schoolId", 1 FROM "Application" a WHERE a."id" = OLD."applicationId"
  ON CONFLICT ("schoolId") DO UPDATE SET "version" = "version" + 1;
END;
