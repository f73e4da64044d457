// The class journal as staff read it (without the right to edit): one subject, a pupils × lessons grid of
// marks and absences by group, and the lessons' topics and homework. A fixed number of queries.
import { db } from '#app/utils/db.server'
import { fullName, shortName } from '#app/models/school.server'
import { currentPeriod, periodKindForGrade, rangeLabel } from '#workflows/journal-rules'
import { formatAverage, weightedAverage } from '#workflows/forecast'
import { localDateOf } from '#workflows/time'
import { pupilInScope, scopeLessonWhere, withoutCause, type JournalScope } from '#workflows/journal-scope'

const ABSENCE: Record<string, string> = { absent: 'н', ill: 'б', late: 'оп' }

type JournalCell = { marks: Array<{ value: string; workType: string }>; absence: string | null; member: boolean }
type JournalGroup = {
  id: string
  name: string
  lessons: Array<{ id: string; date: string; period: number }>
  pupils: Array<{ id: string; name: string; short: string; leftOn: string | null; cells: JournalCell[]; average: string }>
}
type JournalLesson = {
  id: string
  date: string
  period: number
  topic: string
  kind: string
  homework: string
  group: string
  teacher: string
}

export async function getClassJournal(
  schoolId: string,
  classId: string,
  query: { subjectId?: string | null; periodId?: string | null; today?: string } = {},
  /** The lessons a subject teacher keeps (classJournalScope); null or absent — the whole class. */
  scope: JournalScope | null = null,
) {
  const cls = await db.schoolClass.findFirst({
    where: { id: classId, schoolId },
    include: { academicYear: { include: { periods: true } }, school: { select: { timeZone: true } }, classTeacher: true },
  })
  if (!cls) return null
  const today = query.today ?? localDateOf(new Date(), cls.school.timeZone)
  const periods = cls.academicYear.periods.filter((p) => p.kind === periodKindForGrade(cls.grade)).sort((a, b) => a.ordinal - b.ordinal)
  const period = periods.find((p) => p.id === query.periodId) ?? currentPeriod(periods, cls.grade, today)
  const base = {
    cls: { id: cls.id, name: cls.name, grade: cls.grade, classTeacher: cls.classTeacher ? fullName(cls.classTeacher) : '—' },
    periods: periods.map((p) => ({ id: p.id, name: p.name })),
    /** Whether the reader sees the cause of an absence («б» for illness): not a subject teacher (ADR 108). */
    causes: scope === null,
    period: period && {
      id: period.id,
      name: period.name,
      label: rangeLabel(period.startsOn, period.endsOn, period.name),
      notStarted: period.startsOn > today,
    },
  }
  const none = { groups: [] as JournalGroup[], lessons: [] as JournalLesson[] }
  if (!period) return { ...base, subjects: [] as Array<{ id: string; name: string }>, subject: null, ...none }
  const dates = { gte: period.startsOn, lte: period.endsOn < today ? period.endsOn : today }
  // A subject teacher's scope: only lessons of their groups and subjects on the dates they taught them, and the
  // lessons they gave (ADR 108).
  const inScope = scope ? scopeLessonWhere(scope) : {}
  const taught = await db.lesson.findMany({
    where: { group: { classId }, date: dates, ...inScope },
    distinct: ['subjectId'],
    select: { subject: { select: { id: true, name: true } } },
  })
  const subjects = taught.map((l) => l.subject).sort((a, b) => a.name.localeCompare(b.name, 'ru'))
  const subject = subjects.find((s) => s.id === query.subjectId) ?? subjects[0] ?? null
  if (!subject) return { ...base, subjects, subject: null, ...none }

  const lessonWhere = { group: { classId }, subjectId: subject.id, date: dates, ...inScope }
  const [lessons, marks, absences] = await Promise.all([
    db.lesson.findMany({
      where: lessonWhere,
      orderBy: [{ date: 'asc' }, { period: 'asc' }],
      select: {
        id: true,
        groupId: true,
        date: true,
        period: true,
        topic: true,
        kind: true,
        homework: true,
        group: { select: { name: true, wholeClass: true } },
        teacherId: true,
        teacher: { select: { lastName: true, firstName: true, middleName: true } },
      },
    }),
    db.mark.findMany({
      where: { lesson: lessonWhere },
      select: { lessonId: true, pupilId: true, value: true, workType: { select: { name: true, weight: true } } },
    }),
    db.attendance.findMany({ where: { lesson: lessonWhere }, select: { lessonId: true, pupilId: true, kind: true } }),
  ])
  const groupIds = [...new Set(lessons.map((l) => l.groupId))]
  const memberships = await db.groupMembership.findMany({
    where: { groupId: { in: groupIds }, fromDate: { lte: dates.lte }, OR: [{ toDate: null }, { toDate: { gte: dates.gte } }] },
    select: {
      groupId: true,
      pupilId: true,
      fromDate: true,
      toDate: true,
      pupil: { select: { lastName: true, firstName: true, middleName: true, leftOn: true } },
    },
  })
  const marksAt = new Map<string, Array<{ value: string; workType: string; weight: number }>>()
  for (const m of marks) {
    const key = `${m.lessonId}|${m.pupilId}`
    marksAt.set(key, [...(marksAt.get(key) ?? []), { value: m.value, workType: m.workType.name, weight: m.workType.weight }])
  }
  // A subject teacher reads «н», not «б»: the cause of an absence is health data (152-ФЗ ст. 10; ADR 108).
  const shown = scope ? absences.map(withoutCause) : absences
  const absenceAt = new Map(shown.map((a) => [`${a.lessonId}|${a.pupilId}`, ABSENCE[a.kind] ?? a.kind]))

  const groups: JournalGroup[] = groupIds.map((groupId) => {
    const own = lessons.filter((l) => l.groupId === groupId)
    const members = memberships.filter((m) => m.groupId === groupId)
    // A subject teacher's grid lists the pupils whose card they open (pupilInScope, the rule of canReadPupilOf): a pupil
    // who left the group before a substitute's first lesson in it, within the period, is not theirs (ADR 115). The
    // page reads a part of what the card reads (this subject's lessons and the memberships of their groups in the
    // period), so it never lists a pupil the card answers 404 for.
    const given = scope ? lessons.filter((l) => l.teacherId === scope.staffId).map((l) => ({ groupId: l.groupId, date: l.date })) : []
    const traced = new Set([...marks, ...absences].map((r) => r.pupilId))
    const pupilIds = [...new Set(members.map((m) => m.pupilId))].filter(
      (pupilId) =>
        scope === null ||
        pupilInScope(
          scope,
          members.filter((m) => m.pupilId === pupilId),
          given,
          traced.has(pupilId),
        ),
    )
    const pupils = pupilIds
      .map((pupilId) => {
        const spans = members.filter((m) => m.pupilId === pupilId)
        const p = spans[0].pupil
        const all: Array<{ value: string; weight: number }> = []
        const cells: JournalCell[] = own.map((l) => {
          const member = spans.some((m) => m.fromDate <= l.date && (m.toDate === null || l.date <= m.toDate))
          const here = member ? (marksAt.get(`${l.id}|${pupilId}`) ?? []) : []
          all.push(...here)
          return {
            marks: here.map(({ value, workType }) => ({ value, workType })),
            absence: member ? (absenceAt.get(`${l.id}|${pupilId}`) ?? null) : null,
            member,
          }
        })
        return {
          id: pupilId,
          name: fullName(p),
          short: shortName(p),
          leftOn: p.leftOn,
          cells,
          average: formatAverage(weightedAverage(all)),
        }
      })
      .sort((a, b) => a.name.localeCompare(b.name, 'ru'))
    const first = own[0]
    return {
      id: groupId,
      name: first.group.wholeClass ? 'весь класс' : first.group.name,
      lessons: own.map((l) => ({ id: l.id, date: l.date, period: l.period })),
      pupils,
    }
  })
  return {
    ...base,
    subjects,
    subject,
    groups,
    lessons: lessons.map((l): JournalLesson => ({
      id: l.id,
      date: l.date,
      period: l.period,
      topic: l.topic,
      kind: l.kind,
      homework: l.homework,
      group: l.group.wholeClass ? 'весь класс' : l.group.name,
      teacher: l.teacher ? shortName(l.teacher) : '',
    })),
  }
}

export type ClassJournal = NonNullable<Awaited<ReturnType<typeof getClassJournal>>>
