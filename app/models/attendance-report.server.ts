// «Посещаемость за месяц» (Положение 4.3.8, 4.6.3): for a class and a month of the current year, each pupil's missed
// lessons (by illness, other absence), how many were excused and the lateness, and the class's totals. Two Prisma
// calls; the counting is workflows/journal-rules.ts (attendanceTotals).
import { compareByName } from '#workflows/text'
import { db } from '#app/utils/db.server'
import { fullName } from '#app/models/school.server'
import { formatDateTime, localDateOf } from '#workflows/time'
import type { AttendanceReportData } from '#app/documents/types'
import { renderAttendanceReport, signatureName } from './control-documents.server'
import { attendanceTotals, monthLabel, type AttendanceCount } from '#workflows/journal-rules'

type AttendanceReport = {
  classes: Array<{ id: string; name: string }>
  months: Array<{ value: string; label: string }>
  classId: string
  className: string
  month: string
  monthLabel: string
  rows: Array<{ n: number; pupil: string } & AttendanceCount>
  total: AttendanceCount
}

/** The months of the academic year up to today's month ('YYYY-MM'). */
function monthsOf(startsOn: string, endsOn: string, today: string): string[] {
  const last = (today < endsOn ? today : endsOn).slice(0, 7)
  const months: string[] = []
  let [y, m] = startsOn.slice(0, 7).split('-').map(Number)
  for (let key = startsOn.slice(0, 7); key <= last; key = `${y}-${String(m).padStart(2, '0')}`) {
    months.push(key)
    if (++m > 12) [y, m] = [y + 1, 1]
  }
  return months
}

export async function getAttendanceReport(
  schoolId: string,
  classId: string | null,
  month: string | null,
  classTeacherId: string | null = null,
): Promise<AttendanceReport | null> {
  const year = await db.academicYear.findFirst({
    where: { schoolId, current: true },
    include: {
      // A class teacher's reports: the classes they lead only (ADR 068).
      classes: {
        where: classTeacherId ? { classTeacherId } : undefined,
        orderBy: [{ grade: 'asc' }, { letter: 'asc' }],
        select: { id: true, name: true },
      },
      school: { select: { timeZone: true } },
    },
  })
  const cls = year?.classes.find((c) => c.id === classId) ?? year?.classes[0]
  if (!year || !cls) return null
  const today = localDateOf(new Date(), year.school.timeZone)
  const months = monthsOf(year.startsOn, year.endsOn, today)
  const chosen = months.find((m) => m === month) ?? months.at(-1) ?? year.startsOn.slice(0, 7)
  const from = `${chosen}-01`
  const to = `${chosen}-31`
  // Pupils of the class during the month (a pupil who left before it is not listed; one who arrived later neither).
  const pupils = await db.pupil.findMany({
    where: { classId: cls.id, enrolledOn: { lte: to }, OR: [{ leftOn: null }, { leftOn: { gte: from } }] },
    select: {
      id: true,
      lastName: true,
      firstName: true,
      middleName: true,
      attendance: {
        where: { lesson: { date: { gte: from, lte: to } } },
        select: { kind: true, validReason: true, lesson: { select: { date: true } } },
      },
    },
  })
  pupils.sort(compareByName)
  const rows = pupils.map((p, i) => ({
    n: i + 1,
    pupil: fullName(p),
    ...attendanceTotals(p.attendance.map((a) => ({ date: a.lesson.date, subject: '', kind: a.kind, valid: a.validReason }))).overall,
  }))
  const total = attendanceTotals(
    pupils.flatMap((p) => p.attendance.map((a) => ({ date: a.lesson.date, subject: '', kind: a.kind, valid: a.validReason }))),
  ).overall
  return {
    classes: year.classes,
    months: months.map((m) => ({ value: m, label: monthLabel(m) })),
    classId: cls.id,
    className: cls.name,
    month: chosen,
    monthLabel: monthLabel(chosen),
    rows,
    total,
  }
}

/** The report as a Word file (templates/poseshchaemost.docx), signed by the employee who prints it. */
export async function attendanceReportDocx(
  schoolId: string,
  userId: string,
  report: AttendanceReport,
  now: Date,
  timeZone: string,
): Promise<Buffer> {
  const [school, staff] = await Promise.all([
    db.school.findUniqueOrThrow({ where: { id: schoolId }, select: { fullName: true, address: true, directorName: true } }),
    db.staff.findUnique({ where: { userId }, select: { position: true, lastName: true, firstName: true, middleName: true } }),
  ])
  const counts = (c: AttendanceCount) => ({
    missed: String(c.missed),
    ill: String(c.ill),
    absent: String(c.absent),
    valid: String(c.valid),
    invalid: String(c.invalid),
    late: String(c.late),
  })
  const data: AttendanceReportData = {
    school: { fullName: school.fullName, address: school.address },
    report: { className: report.className, month: report.monthLabel },
    rows: report.rows.map((r) => ({ n: String(r.n), pupil: r.pupil, ...counts(r) })),
    total: counts(report.total),
    generatedAt: formatDateTime(now, timeZone),
    signer: staff
      ? { position: staff.position, name: signatureName(fullName(staff)) }
      : { position: 'Директор', name: signatureName(school.directorName) },
  }
  return (await renderAttendanceReport(schoolId, data)).docx
}
