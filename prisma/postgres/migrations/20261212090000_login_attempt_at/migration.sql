-- PostgreSQL twin of prisma/migrations/20261212090000_login_attempt_at (npm run db:migration).
-- CreateIndex
CREATE INDEX "LoginAttempt_at_idx" ON "LoginAttempt"("at");

