-- DropIndex
DROP INDEX "RegistrationLogEntry_schoolId_registeredAt_idx";

-- CreateIndex
CREATE INDEX "RegistrationLogEntry_schoolId_registeredAt_sequence_idx" ON "RegistrationLogEntry"("schoolId", "registeredAt", "sequence");

