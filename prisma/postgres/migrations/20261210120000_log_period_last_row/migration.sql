-- PostgreSQL twin of prisma/migrations/20261210120000_log_period_last_row (npm run db:migration).
-- DropIndex
DROP INDEX "RegistrationLogEntry_schoolId_registeredAt_idx";

-- CreateIndex
CREATE INDEX "RegistrationLogEntry_schoolId_registeredAt_sequence_idx" ON "RegistrationLogEntry"("schoolId", "registeredAt", "sequence");

