-- CreateTable
CREATE TABLE "ApplicationChange" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "schoolId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "token" INTEGER NOT NULL,
    "receivedAt" DATETIME NOT NULL,
    "formerReceivedAt" DATETIME
);

-- CreateIndex
CREATE INDEX "ApplicationChange_schoolId_version_idx" ON "ApplicationChange"("schoolId", "version");


-- Every move of a school's stamp (ADR 072) also names the day it concerns — the receipt time of the application
-- written — with a random token (never 0: 0 stands for «no move at that number»), in the same statement list as the
-- move (ADR 083): the dashboard counts again only the days of the open work that changed. The stamp triggers of
-- 20261207150000_application_stamp, each with its row.
DROP TRIGGER "Application_stamp_insert";
DROP TRIGGER "Application_stamp_update";
DROP TRIGGER "Application_stamp_delete";
DROP TRIGGER "ApplicationEvent_stamp_insert";
DROP TRIGGER "ApplicationEvent_stamp_delete";

CREATE TRIGGER "Application_stamp_insert" AFTER INSERT ON "Application" BEGIN
  INSERT INTO "ApplicationStamp" ("schoolId", "version") VALUES (NEW."schoolId", 1)
  ON CONFLICT ("schoolId") DO UPDATE SET "version" = "version" + 1;
  INSERT INTO "ApplicationChange" ("schoolId", "version", "token", "receivedAt")
  SELECT s."schoolId", s."version", 1 + abs(random() % 2147483646), NEW."receivedAt" FROM "ApplicationStamp" s WHERE s."schoolId" = NEW."schoolId";
END;

CREATE TRIGGER "Application_stamp_update" AFTER UPDATE ON "Application" BEGIN
  INSERT INTO "ApplicationStamp" ("schoolId", "version") VALUES (NEW."schoolId", 1)
  ON CONFLICT ("schoolId") DO UPDATE SET "version" = "version" + 1;
  INSERT INTO "ApplicationChange" ("schoolId", "version", "token", "receivedAt", "formerReceivedAt")
  SELECT s."schoolId", s."version", 1 + abs(random() % 2147483646), NEW."receivedAt",
    CASE WHEN OLD."receivedAt" IS NOT NEW."receivedAt" THEN OLD."receivedAt" END
  FROM "ApplicationStamp" s WHERE s."schoolId" = NEW."schoolId";
  INSERT INTO "ApplicationStamp" ("schoolId", "version") SELECT OLD."schoolId", 1 WHERE OLD."schoolId" IS NOT NEW."schoolId"
  ON CONFLICT ("schoolId") DO UPDATE SET "version" = "version" + 1;
  INSERT INTO "ApplicationChange" ("schoolId", "version", "token", "receivedAt")
  SELECT s."schoolId", s."version", 1 + abs(random() % 2147483646), OLD."receivedAt" FROM "ApplicationStamp" s
  WHERE s."schoolId" = OLD."schoolId" AND OLD."schoolId" IS NOT NEW."schoolId";
END;

CREATE TRIGGER "Application_stamp_delete" AFTER DELETE ON "Application" BEGIN
  INSERT INTO "ApplicationStamp" ("schoolId", "version") VALUES (OLD."schoolId", 1)
  ON CONFLICT ("schoolId") DO UPDATE SET "version" = "version" + 1;
  INSERT INTO "ApplicationChange" ("schoolId", "version", "token", "receivedAt")
  SELECT s."schoolId", s."version", 1 + abs(random() % 2147483646), OLD."receivedAt" FROM "ApplicationStamp" s WHERE s."schoolId" = OLD."schoolId";
END;

CREATE TRIGGER "ApplicationEvent_stamp_insert" AFTER INSERT ON "ApplicationEvent" BEGIN
  INSERT INTO "ApplicationStamp" ("schoolId", "version") SELECT a."schoolId", 1 FROM "Application" a WHERE a."id" = NEW."applicationId"
  ON CONFLICT ("schoolId") DO UPDATE SET "version" = "version" + 1;
  INSERT INTO "ApplicationChange" ("schoolId", "version", "token", "receivedAt")
  SELECT s."schoolId", s."version", 1 + abs(random() % 2147483646), a."receivedAt" FROM "Application" a
  JOIN "ApplicationStamp" s ON s."schoolId" = a."schoolId" WHERE a."id" = NEW."applicationId";
END;

CREATE TRIGGER "ApplicationEvent_stamp_delete" AFTER DELETE ON "ApplicationEvent" BEGIN
  INSERT INTO "ApplicationStamp" ("schoolId", "version") SELECT a."schoolId", 1 FROM "Application" a WHERE a."id" = OLD."applicationId"
  ON CONFLICT ("schoolId") DO UPDATE SET "version" = "version" + 1;
  INSERT INTO "ApplicationChange" ("schoolId", "version", "token", "receivedAt")
  SELECT s."schoolId", s."version", 1 + abs(random() % 2147483646), a."receivedAt" FROM "Application" a
  JOIN "ApplicationStamp" s ON s."schoolId" = a."schoolId" WHERE a."id" = OLD."applicationId";
END;

-- An application with a closing number moved to another school is a write of a settled row of both schools (ADR 075's
-- trigger gave only the school it left a new «settled» value; PostgreSQL's function did both).
DROP TRIGGER "Application_settled_update";
CREATE TRIGGER "Application_settled_update" AFTER UPDATE ON "Application" WHEN OLD."closedSeq" IS NOT NULL BEGIN
  INSERT INTO "ApplicationStamp" ("schoolId", "settled") VALUES (OLD."schoolId", abs(random() % 2147483647))
  ON CONFLICT ("schoolId") DO UPDATE SET "settled" = abs(random() % 2147483647);
  INSERT INTO "ApplicationStamp" ("schoolId", "settled") SELECT NEW."schoolId", abs(random() % 2147483647)
  WHERE NEW."schoolId" IS NOT OLD."schoolId"
  ON CONFLICT ("schoolId") DO UPDATE SET "settled" = abs(random() % 2147483647);
END;
