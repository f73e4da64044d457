// Положение 7.1: the report on users' activity in the e-journal is made once a month. When a month has ended in
// a school's time zone, the worker renders that month's report with the Word template and keeps it
// (app/models/stored-activity-reports.server.ts); the unique sourceKey makes a second pass, a restart or a second
// worker add nothing.
//
// How far back: the previous month only, so a fresh install does not fill years of reports from before it
// existed. The whole following month is the window, so a server down on the 1st still makes the report on the
// day it is back. Only when a school already has stored reports and the server missed a whole month is the month
// before the previous one made too (at most two, and never earlier than the last stored one).
import { db } from '#app/utils/db.server'
import { storeActivityReport, storedMonths } from '#app/models/stored-activity-reports.server'
import { monthRange } from '#app/models/activity-report.server'
import { addDays, localDateOf } from '#workflows/time'
import type { Task } from './worker.server'

const previousMonth = (month: string) => addDays(monthRange(month).from, -1).slice(0, 7)

/** The ended months still to be made for a school whose newest stored report is `last`. */
export function monthsDue(currentMonth: string, last: string | null): string[] {
  const previous = previousMonth(currentMonth)
  if (last === null) return [previous]
  return [previousMonth(previous), previous].filter((m) => m > last)
}

type StoredReport = { schoolId: string; month: string; id: string }

/** Makes and stores every due monthly report; returns the ones stored by this pass. */
export async function storeMonthlyActivityReports(now: Date = new Date()): Promise<StoredReport[]> {
  const schools = await db.school.findMany({ select: { id: true, timeZone: true } })
  const stored: StoredReport[] = []
  const failed: unknown[] = []
  for (const school of schools) {
    try {
      const current = localDateOf(now, school.timeZone).slice(0, 7)
      for (const month of monthsDue(current, (await storedMonths(school.id)).at(-1) ?? null)) {
        const result = await storeActivityReport(school.id, month, now, school.timeZone)
        if (result.created) stored.push({ schoolId: school.id, month, id: result.id })
      }
    } catch (error) {
      // One school's failure (a broken template) must not keep the others' reports from being made.
      failed.push(error)
    }
  }
  if (failed.length) throw new AggregateError(failed, `Ежемесячные отчёты об активности не сохранены (школ: ${failed.length})`)
  return stored
}

export const monthlyActivityReportTask: Task = { name: 'monthly-activity-report', run: storeMonthlyActivityReports }
