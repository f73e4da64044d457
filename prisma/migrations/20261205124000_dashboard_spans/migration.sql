-- AlterTable
ALTER TABLE "Application" ADD COLUMN "answeredAt" DATETIME;
ALTER TABLE "Application" ADD COLUMN "deliverySpan" REAL;
ALTER TABLE "Application" ADD COLUMN "registrationSpan" REAL;
ALTER TABLE "Application" ADD COLUMN "reviewSpan" REAL;
ALTER TABLE "Application" ADD COLUMN "totalSpan" REAL;

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

