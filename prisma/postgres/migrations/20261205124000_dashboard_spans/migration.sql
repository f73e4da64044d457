-- PostgreSQL twin of prisma/migrations/20261205124000_dashboard_spans (npm run db:migration).
-- AlterTable
ALTER TABLE "Application" ADD COLUMN     "answeredAt" TIMESTAMP(3),
ADD COLUMN     "deliverySpan" DOUBLE PRECISION,
ADD COLUMN     "registrationSpan" DOUBLE PRECISION,
ADD COLUMN     "reviewSpan" DOUBLE PRECISION,
ADD COLUMN     "totalSpan" DOUBLE PRECISION;

-- CreateIndex
CREATE INDEX "Application_schoolId_receivedAt_registrationSpan_idx" ON "Application"("schoolId", "receivedAt", "registrationSpan");

-- CreateIndex
CREATE INDEX "Application_schoolId_receivedAt_reviewSpan_idx" ON "Application"("schoolId", "receivedAt", "reviewSpan");

-- CreateIndex
CREATE INDEX "Application_schoolId_receivedAt_deliverySpan_idx" ON "Application"("schoolId", "receivedAt", "deliverySpan");

-- CreateIndex
CREATE INDEX "Application_schoolId_receivedAt_totalSpan_idx" ON "Application"("schoolId", "receivedAt", "totalSpan");

-- CreateIndex
CREATE INDEX "ApplicationEvent_event_applicationId_idx" ON "ApplicationEvent"("event", "applicationId");

