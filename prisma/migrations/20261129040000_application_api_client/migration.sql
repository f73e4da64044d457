-- AlterTable
ALTER TABLE "Application" ADD COLUMN "apiClientId" TEXT;

