-- AlterTable
ALTER TABLE "TemplateVersion" ADD COLUMN "setAsideAt" DATETIME;
ALTER TABLE "TemplateVersion" ADD COLUMN "setAsideReason" TEXT;

