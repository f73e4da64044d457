// Сводная ведомость успеваемости (Положение 4.3.8, 4.6.3; хранится 75 лет, 6.5): a class's final marks of a
// reporting period or the year, per pupil and subject, with the summary per subject and for the class. Three
// Prisma calls; the counting is workflows/journal-reports.ts.
import { compareByName } from '#workflows/text'
import { db } from '#app/utils/db.server'
import { fullName } from '#app/models/school.server'
import { formatDateTime, localDateOf } from '#workflows/time'
import { periodKindForGrade } from '#workflows/journal-rules'
import { classSummary, subjectSummaries, type PupilFinals } from '#workflows/journal-reports'
import type { ResultsReportData } from '#app/documents/types'
import { renderResultsReport, signatureName } from './control-documents.server'

export async function getResultsReport(
  schoolId: string,
  classId: string | null,
  periodId: string | null,
  classTeacherId: string | null = null,
) {
  const year = await db.academicYear.findFirst({
    where: { schoolId, current: true },
    include: {
      periods: { orderBy: { ordinal: 'asc' } },
      // A class teacher's reports: the classes they lead only (ADR 068).
      classes: {
        where: classTeacherId ? { classTeacherId } : undefined,
        orderBy: [{ grade: 'asc' }, { letter: 'asc' }],
        select: { id: true, name: true, grade: true },
      },
      school: { select: { timeZone: true } },
    },
  })
  const cls = year?.classes.find((c) => c.id === classId) ?? year?.classes[0]
  if (!year || !cls) return null
  const periods = year.periods.filter((p) => p.kind === periodKindForGrade(cls.grade) || p.kind === 'year')
  const today = localDateOf(new Date(), year.school.timeZone)
  // Default: the last period that has ended (its final marks stand), else the first.
  const period =
    periods.find((p) => p.id === periodId) ?? [...periods].reverse().find((p) => p.kind !== 'year' && p.endsOn < today) ?? periods[0]
  const base = {
    classes: year.classes.map((c) => ({ id: c.id, name: c.name })),
    periods: periods.map((p) => ({ id: p.id, name: p.name })),
    classId: cls.id,
    className: cls.name,
    grade: cls.grade,
  }
  if (!period)
    return {
      ...base,
      periodId: '',
      periodName: '',
      subjects: [] as string[],
      pupils: [] as PupilFinals[],
      summaries: subjectSummaries([], []),
      summary: classSummary([]),
    }
  return { ...base, periodId: period.id, periodName: period.name, ...(await resultsOfPeriod(cls.id, period)) }
}

/**
 * The pupils on a class's list at some time in [startsOn, endsOn], read from the class history: a pupil has one
 * class, overwritten when the import moves them (to next year's class, say), and each move is kept as a
 * PupilMovement (`fromClassId` → `toClassId` on `date`). A pupil was in the class from an arrival into it (or from
 * before anything recorded) until a move out of it (or to this day, if it is still their class). A pupil moved by
 * hand, with no move recorded, is found by the journal instead: a member of one of the class's groups during the
 * period, or with a mark or an attendance record on a lesson of them (ADR 109).
 */
export async function classListOfPeriod(classId: string, period: { startsOn: string; endsOn: string }) {
  return (await classListWithSources(classId, period)).map(({ fromJournal: _f, ...p }) => p)
}

/** classListOfPeriod, each pupil marked `fromJournal` when only the journal, not the class history, puts them on it. */
export async function classListWithSources(classId: string, period: { startsOn: string; endsOn: string }) {
  const select = { id: true, lastName: true, firstName: true, middleName: true, classId: true, enrolledOn: true, leftOn: true } as const
  const lessons = { group: { classId }, date: { gte: period.startsOn, lte: period.endsOn } }
  const [moves, members, marked, attended] = await Promise.all([
    db.pupilMovement.findMany({
      where: { OR: [{ fromClassId: classId }, { toClassId: classId }] },
      select: { pupilId: true, date: true, fromClassId: true, toClassId: true },
      orderBy: [{ date: 'asc' }, { createdAt: 'asc' }],
    }),
    db.groupMembership.findMany({
      where: { group: { classId }, fromDate: { lte: period.endsOn }, OR: [{ toDate: null }, { toDate: { gte: period.startsOn } }] },
      select: { pupilId: true },
    }),
    db.mark.findMany({ where: { lesson: lessons }, distinct: ['pupilId'], select: { pupilId: true } }),
    db.attendance.findMany({ where: { lesson: lessons }, distinct: ['pupilId'], select: { pupilId: true } }),
  ])
  const journal = new Set([...members, ...marked, ...attended].map((r) => r.pupilId))
  const pupils = await db.pupil.findMany({
    where: { OR: [{ classId }, { id: { in: [...new Set([...moves.map((m) => m.pupilId), ...journal])] } }] },
    select,
  })
  return pupils.flatMap((p) => {
    if (p.enrolledOn > period.endsOn || (p.leftOn !== null && p.leftOn < period.startsOn)) return []
    const spans: Array<[string, string]> = []
    let from: string | null = null
    for (const m of moves.filter((mv) => mv.pupilId === p.id)) {
      if (m.fromClassId === classId) {
        spans.push([from ?? '', m.date])
        from = null
      }
      if (m.toClassId === classId) from = m.date
    }
    if (p.classId === classId) spans.push([from ?? '', '\uffff'])
    const byHistory = spans.some(([start, end]) => start <= period.endsOn && end > period.startsOn)
    return byHistory || journal.has(p.id) ? [{ ...p, fromJournal: !byHistory }] : []
  })
}

/**
 * The rows of one class and period: the pupils on the class list during the period (from the class history, so a
 * past year's list survives the move to next year's classes), in the alphabetical order, each with their final marks
 * by subject, and the summaries. Shared by the page and the year-end archive (results-archive.server.ts).
 */
export async function resultsOfPeriod(
  classId: string,
  period: { id: string; startsOn: string; endsOn: string },
  /** The list as the administration confirmed it (an on-demand archive, ADR 109); absent — classListOfPeriod. */
  confirmed?: ReadonlyArray<{ id: string; lastName: string; firstName: string; middleName: string }>,
) {
  const pupils = [...(confirmed ?? (await classListOfPeriod(classId, period)))]
  const finals = await db.finalMark.findMany({
    where: { periodId: period.id, pupilId: { in: pupils.map((p) => p.id) } },
    select: { pupilId: true, value: true, subject: { select: { name: true } } },
  })
  const subjects = [...new Set(finals.map((f) => f.subject.name))].sort((a, b) => a.localeCompare(b, 'ru'))
  const byPupil = new Map<string, Record<string, string>>()
  for (const f of finals) byPupil.set(f.pupilId, { ...(byPupil.get(f.pupilId) ?? {}), [f.subject.name]: f.value })
  const rows: PupilFinals[] = pupils.sort(compareByName).map((p) => ({ pupil: fullName(p), marks: byPupil.get(p.id) ?? {} }))
  return { subjects, pupils: rows, summaries: subjectSummaries(subjects, rows), summary: classSummary(rows) }
}

/** What the Word file needs: the class, the period and its rows. */
type ResultsReport = Pick<
  NonNullable<Awaited<ReturnType<typeof getResultsReport>>>,
  'className' | 'periodName' | 'subjects' | 'pupils' | 'summaries' | 'summary'
>

export async function resultsReportDocx(
  schoolId: string,
  /** Who signs: this user's staff position and name; null (the year-end archive made by the worker) — the director. */
  userId: string | null,
  report: ResultsReport,
  now: Date,
  timeZone: string,
): Promise<{ docx: Buffer; version: string }> {
  const [school, staff] = await Promise.all([
    db.school.findUniqueOrThrow({ where: { id: schoolId }, select: { fullName: true, address: true, directorName: true } }),
    userId
      ? db.staff.findUnique({ where: { userId }, select: { position: true, lastName: true, firstName: true, middleName: true } })
      : null,
  ])
  const names = (list: string[]) => (list.length ? list.join(', ') : 'нет')
  const data: ResultsReportData = {
    school: { fullName: school.fullName, address: school.address },
    report: { className: report.className, period: report.periodName, pupils: String(report.pupils.length) },
    pupils: report.pupils.map((p, i) => ({
      n: String(i + 1),
      pupil: p.pupil,
      marks:
        report.subjects
          .filter((s) => p.marks[s])
          .map((s) => `${s} — ${p.marks[s]}`)
          .join('; ') || 'нет итоговых отметок',
    })),
    subjects: report.summaries.map((s) => ({
      subject: s.subject,
      five: String(s.five),
      four: String(s.four),
      three: String(s.three),
      two: String(s.two),
      credit: s.credit + s.noCredit ? `${s.credit} / ${s.noCredit}` : '0',
      none: String(s.none),
      progress: s.progress,
      quality: s.quality,
    })),
    summary: { excellent: names(report.summary.excellent), good: names(report.summary.good), failing: names(report.summary.failing) },
    generatedAt: formatDateTime(now, timeZone),
    signer: staff
      ? { position: staff.position, name: signatureName(fullName(staff)) }
      : { position: 'Директор', name: signatureName(school.directorName) },
  }
  return renderResultsReport(schoolId, data)
}
