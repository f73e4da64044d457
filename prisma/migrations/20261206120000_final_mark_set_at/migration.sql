-- AlterTable
ALTER TABLE "FinalMark" ADD COLUMN "setAt" DATETIME;

