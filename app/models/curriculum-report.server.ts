// The Word report of «Статистика проведённых занятий» (templates/uchet-zanyatiy.docx, Порядок 2.5 ¶6): the same rows
// as the page, as ready-to-print strings, signed by the employee who prints it.
import { db } from '#app/utils/db.server'
import { formatDay } from '#app/utils/format'
import { formatDateTime } from '#workflows/time'
import type { CurriculumReportData } from '#app/documents/types'
import { renderCurriculumReport, signatureName } from './control-documents.server'
import type { getCurriculumStats } from './curriculum-stats.server'

type Stats = NonNullable<Awaited<ReturnType<typeof getCurriculumStats>>>

export async function curriculumReportDocx(schoolId: string, userId: string, stats: Stats, now: Date, timeZone: string): Promise<Buffer> {
  const [school, staff] = await Promise.all([
    db.school.findUniqueOrThrow({ where: { id: schoolId }, select: { fullName: true, address: true, directorName: true } }),
    db.staff.findUnique({ where: { userId }, select: { position: true, lastName: true, firstName: true, middleName: true } }),
  ])
  const behind = stats.rows.filter((r) => r.difference < 0)
  const data: CurriculumReportData = {
    school: { fullName: school.fullName, address: school.address },
    report: {
      className: stats.className,
      period: stats.periodName,
      from: 'from' in stats ? formatDay(stats.from) : '',
      to: 'to' in stats ? formatDay(stats.to) : '',
      toDate: 'toDate' in stats ? formatDay(stats.toDate) : '',
      behind: behind.length
        ? `Отстают от плана: ${behind.map((r) => `${r.subject}${r.group ? ` (${r.group})` : ''} — ${-r.difference}`).join('; ')}.`
        : 'Все уроки по расписанию на эту дату проведены.',
    },
    rows: stats.rows.map((r) => ({
      subject: r.subject,
      group: r.group || 'весь класс',
      plannedPeriod: String(r.plannedPeriod),
      ktp: r.ktp === null ? '—' : String(r.ktp),
      plannedToDate: String(r.plannedToDate),
      given: String(r.given),
      difference: r.difference > 0 ? `+${r.difference}` : r.difference < 0 ? `−${-r.difference}` : '0',
    })),
    generatedAt: formatDateTime(now, timeZone),
    signer: staff
      ? { position: staff.position, name: signatureName([staff.lastName, staff.firstName, staff.middleName].filter(Boolean).join(' ')) }
      : { position: 'Директор', name: signatureName(school.directorName) },
  }
  return (await renderCurriculumReport(schoolId, data)).docx
}
