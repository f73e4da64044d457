-- CreateTable
CREATE TABLE "SettledDay" (
    "schoolId" TEXT NOT NULL,
    "timeZone" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "upTo" INTEGER NOT NULL,
    "changeSeq" INTEGER NOT NULL,
    "data" BLOB NOT NULL,
    "countedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("schoolId", "timeZone", "day")
);

-- CreateTable
CREATE TABLE "SettledChange" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "schoolId" TEXT NOT NULL,
    "receivedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "SettledChange_schoolId_id_idx" ON "SettledChange"("schoolId", "id");

-- The dashboard's settled figures by day (ADR 078): every write that gives ApplicationStamp.settled a new value (ADR
-- 075) also names the day it concerns — the receipt time of the application written — so that the dashboard counts
-- again only the days that changed. The same conditions as the «settled» triggers of 20261208120000_settled_figures.
CREATE TRIGGER "Application_settled_day_update" AFTER UPDATE ON "Application" WHEN OLD."closedSeq" IS NOT NULL BEGIN
  INSERT INTO "SettledChange" ("schoolId", "receivedAt")
  SELECT OLD."schoolId", OLD."receivedAt" UNION SELECT NEW."schoolId", NEW."receivedAt";
END;

CREATE TRIGGER "Application_settled_day_delete" AFTER DELETE ON "Application" WHEN OLD."closedSeq" IS NOT NULL BEGIN
  INSERT INTO "SettledChange" ("schoolId", "receivedAt") VALUES (OLD."schoolId", OLD."receivedAt");
END;

-- A row inserted with its closing number (a copy between databases) may fall under a day already counted.
CREATE TRIGGER "Application_settled_day_insert" AFTER INSERT ON "Application" WHEN NEW."closedSeq" IS NOT NULL BEGIN
  INSERT INTO "SettledChange" ("schoolId", "receivedAt") VALUES (NEW."schoolId", NEW."receivedAt");
END;

CREATE TRIGGER "ApplicationEvent_settled_day_insert" AFTER INSERT ON "ApplicationEvent" BEGIN
  INSERT INTO "SettledChange" ("schoolId", "receivedAt")
  SELECT a."schoolId", a."receivedAt" FROM "Application" a
  WHERE a."id" = NEW."applicationId" AND a."closedSeq" IS NOT NULL AND NOT (a."closedAt" = NEW."at" AND a."status" = NEW."toStatus");
END;

CREATE TRIGGER "ApplicationEvent_settled_day_delete" AFTER DELETE ON "ApplicationEvent" BEGIN
  INSERT INTO "SettledChange" ("schoolId", "receivedAt")
  SELECT a."schoolId", a."receivedAt" FROM "Application" a WHERE a."id" = OLD."applicationId" AND a."closedSeq" IS NOT NULL;
END;
