-- PostgreSQL twin of prisma/migrations/20261206130000_applicant_postcode (npm run db:migration).
-- AlterTable
ALTER TABLE "Application" ADD COLUMN     "applicantPostcode" TEXT NOT NULL DEFAULT '';

