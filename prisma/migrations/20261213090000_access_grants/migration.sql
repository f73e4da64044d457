-- CreateTable
CREATE TABLE "AccessGrant" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "schoolId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "roles" TEXT NOT NULL DEFAULT '[]',
    "approver" TEXT NOT NULL,
    "requestedById" TEXT,
    "requestedAt" DATETIME NOT NULL,
    "outcome" TEXT,
    "decidedById" TEXT,
    "decidedVia" TEXT,
    "decidedAt" DATETIME,
    CONSTRAINT "AccessGrant_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "AccessGrant_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "AccessGrant_schoolId_outcome_idx" ON "AccessGrant"("schoolId", "outcome");

-- CreateIndex
CREATE INDEX "AccessGrant_userId_idx" ON "AccessGrant"("userId");

