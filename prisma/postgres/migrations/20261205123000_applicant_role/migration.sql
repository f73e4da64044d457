-- PostgreSQL twin of prisma/migrations/20261205123000_applicant_role (npm run db:migration).
-- AlterTable
ALTER TABLE "Application" ADD COLUMN     "applicantRole" TEXT NOT NULL DEFAULT '';

