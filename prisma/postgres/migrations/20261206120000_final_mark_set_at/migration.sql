-- PostgreSQL twin of prisma/migrations/20261206120000_final_mark_set_at (npm run db:migration).
-- AlterTable
ALTER TABLE "FinalMark" ADD COLUMN     "setAt" TIMESTAMP(3);

