import { type PrismaClient } from '../../app/generated/prisma/client'
import { writeDemoSchool, type DemoLogin } from './write'

/** Today in the school's time zone (Europe/Saratov, UTC+4 all year). */
export function localToday(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Saratov', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now)
}

export async function seedIfEmpty(db: PrismaClient, today: string): Promise<{ seeded: boolean }> {
  if ((await db.school.count()) > 0) return { seeded: false }
  await writeDemoSchool(db, today)
  return { seeded: true }
}

export async function demoLogins(db: PrismaClient): Promise<DemoLogin[]> {
  const row = await db.setting.findUnique({ where: { schoolId_key: { schoolId: '', key: 'demo.logins' } } }) // the installation's
  return row ? (JSON.parse(row.value) as DemoLogin[]) : []
}

/** Removes every row (the schema stays): used by `npm run seed -- --reset` and tests. */
export async function resetDatabase(db: PrismaClient): Promise<void> {
  await db.$transaction([
    db.outboxJob.deleteMany(),
    db.deadlineNotice.deleteMany(),
    db.registrationLogEntry.deleteMany(),
    db.auditEvent.deleteMany(),
    db.loginAttempt.deleteMany(),
    db.session.deleteMany(),
    db.setting.deleteMany(),
    db.calendarYear.deleteMany(),
    db.inboundMessage.deleteMany(),
    db.templateVersion.deleteMany(),
    db.apiToken.deleteMany(),
    db.school.deleteMany(),
  ])
}
