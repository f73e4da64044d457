-- PostgreSQL twin of prisma/migrations/20261218090000_access_grant_email (npm run db:migration).
-- AlterTable
ALTER TABLE "AccessGrant" ADD COLUMN     "email" TEXT NOT NULL DEFAULT '';

