-- CreateTable
CREATE TABLE "OpenDay" (
    "schoolId" TEXT NOT NULL,
    "timeZone" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "token" INTEGER NOT NULL,
    "closings" INTEGER NOT NULL,
    "data" BLOB NOT NULL,
    "countedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("schoolId", "timeZone", "day")
);

-- CreateIndex
CREATE INDEX "OpenDay_schoolId_version_idx" ON "OpenDay"("schoolId", "version");

