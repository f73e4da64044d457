-- PostgreSQL twin of prisma/migrations/20261219090000_letter_send_started (npm run db:migration).
-- AlterTable
ALTER TABLE "OutboxJob" ADD COLUMN     "sendStartedAt" TIMESTAMP(3);

