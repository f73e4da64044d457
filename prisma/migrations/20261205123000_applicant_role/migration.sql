-- AlterTable
ALTER TABLE "Application" ADD COLUMN "applicantRole" TEXT NOT NULL DEFAULT '';
