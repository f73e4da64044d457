-- PostgreSQL twin of prisma/migrations/20261213090100_template_set_aside (npm run db:migration).
-- AlterTable
ALTER TABLE "TemplateVersion" ADD COLUMN     "setAsideAt" TIMESTAMP(3),
ADD COLUMN     "setAsideReason" TEXT;

