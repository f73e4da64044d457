-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_AccessGrant" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "schoolId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "roles" TEXT NOT NULL DEFAULT '[]',
    "email" TEXT NOT NULL DEFAULT '',
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
INSERT INTO "new_AccessGrant" ("approver", "decidedAt", "decidedById", "decidedVia", "id", "kind", "outcome", "requestedAt", "requestedById", "roles", "schoolId", "userId") SELECT "approver", "decidedAt", "decidedById", "decidedVia", "id", "kind", "outcome", "requestedAt", "requestedById", "roles", "schoolId", "userId" FROM "AccessGrant";
DROP TABLE "AccessGrant";
ALTER TABLE "new_AccessGrant" RENAME TO "AccessGrant";
CREATE INDEX "AccessGrant_schoolId_outcome_idx" ON "AccessGrant"("schoolId", "outcome");
CREATE INDEX "AccessGrant_userId_idx" ON "AccessGrant"("userId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

