-- AlterTable
ALTER TABLE "OutboxJob" ADD COLUMN "sendStartedAt" DATETIME;

