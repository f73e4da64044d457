-- PostgreSQL twin of prisma/migrations/20261205127000_drop_next_delivery_at (npm run db:migration).
-- AlterTable
ALTER TABLE "Application" DROP COLUMN "nextDeliveryAt";

