-- PostgreSQL twin of prisma/migrations/20261210110000_open_days (npm run db:migration).
-- CreateTable
CREATE TABLE "OpenDay" (
    "schoolId" TEXT NOT NULL,
    "timeZone" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "token" INTEGER NOT NULL,
    "closings" INTEGER NOT NULL,
    "data" BYTEA NOT NULL,
    "countedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OpenDay_pkey" PRIMARY KEY ("schoolId","timeZone","day")
);

-- CreateIndex
CREATE INDEX "OpenDay_schoolId_version_idx" ON "OpenDay"("schoolId", "version");

