-- CreateTable
CREATE TABLE "ThrottleCounter" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "count" INTEGER NOT NULL DEFAULT 0,
    "resetAt" DATETIME NOT NULL,
    "blockedUntil" DATETIME,
    "touchedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "ThrottleCounter_resetAt_idx" ON "ThrottleCounter"("resetAt");

