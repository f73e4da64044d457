// Marks and attendance rows name a lesson by class (+ group) + date + lesson number and a pupil by name
// (+ birth date). Everything they need is read once per file: lessons of the file's dates, memberships, pupils.
import { formatDate } from '#workflows/time'
import { classIndex, currentYear, groupIndex, pupilIndex, type ClassRecord, type PupilRecord } from '../lookups.server'
import { parseSchoolDay } from '../fields'
import type { RowReader } from '../rows'
import type { Client, SourceRow } from '../types'
import { readClass } from './shared.server'
import { SCHOOL_DAYS } from '#workflows/typed-day'

type LessonRef = { id: string; groupId: string; date: string; period: number; subjectId: string; teacherId: string | null }

export async function loadLessonRows(client: Client, schoolId: string, rows: SourceRow[]) {
  const year = await currentYear(client, schoolId)
  if (!year) return null
  const dates = rows
    .map((r) => parseSchoolDay(r.cells.date ?? ''))
    .filter((d): d is string => !!d)
    .sort()
  const from = dates[0] ?? year.startsOn
  const to = dates.at(-1) ?? year.startsOn
  const [classes, pupils, lessons] = await Promise.all([
    classIndex(client, year.id),
    pupilIndex(client, schoolId),
    client.lesson.findMany({
      where: { schoolId, date: { gte: from, lte: to } },
      select: { id: true, groupId: true, date: true, period: true, subjectId: true, teacherId: true },
    }),
  ])
  const classIds = [...classes.values()].map((c) => c.id)
  const [groups, memberships] = await Promise.all([
    groupIndex(client, classIds),
    client.groupMembership.findMany({
      where: { group: { classId: { in: classIds } } },
      select: { groupId: true, pupilId: true, fromDate: true, toDate: true },
    }),
  ])
  const classOfGroup = new Map<string, string>()
  for (const id of classIds) for (const g of groups.ofClass(id)) classOfGroup.set(g.id, id)
  const bySlot = new Map<string, LessonRef[]>()
  for (const l of lessons) {
    const key = `${classOfGroup.get(l.groupId)}|${l.date}|${l.period}`
    bySlot.set(key, [...(bySlot.get(key) ?? []), l])
  }
  const membershipsOf = new Map<string, typeof memberships>()
  for (const m of memberships) membershipsOf.set(m.pupilId, [...(membershipsOf.get(m.pupilId) ?? []), m])
  const memberOn = (pupilId: string, groupId: string, day: string) =>
    (membershipsOf.get(pupilId) ?? []).some((m) => m.groupId === groupId && m.fromDate <= day && (m.toDate === null || day <= m.toDate))

  /** The row's lesson and pupil, or null after reporting why not. */
  function resolve(r: RowReader): { cls: ClassRecord; lesson: LessonRef; pupil: PupilRecord } | null {
    const cls = readClass(r, classes, year!.name)
    const groupName = r.text('group', { max: 100 })
    const date = r.day('date', { required: true, years: SCHOOL_DAYS })
    const period = r.int('period', { required: true, min: 1, max: 12 })
    const pupilName = r.text('pupil', { required: true, max: 200 })
    const birth = r.day('birthDate', { years: 'born' })
    const pupil = pupilName ? pupils.resolve(pupilName, birth, cls?.id) : null
    if (typeof pupil === 'string') r.error('pupil', pupil)
    if (!cls || !date || !period || !pupil || typeof pupil === 'string') return null
    let candidates = bySlot.get(`${cls.id}|${date}|${period}`) ?? []
    if (groupName) {
      const group = groups.find(cls.id, groupName)
      if (!group) {
        r.error('group', `В классе ${cls.name} нет группы «${groupName}».`)
        return null
      }
      candidates = candidates.filter((l) => l.groupId === group.id)
    }
    if (candidates.length === 0) {
      r.error(
        'date',
        `Урок не найден: ${cls.name}${groupName ? `, ${groupName}` : ''}, ${formatDate(date)}, ${period}-й урок. Сначала загрузите уроки.`,
      )
      return null
    }
    if (pupil.leftOn && date > pupil.leftOn) {
      r.error('pupil', `Обучающийся выбыл ${formatDate(pupil.leftOn)}: запись за ${formatDate(date)} невозможна.`)
      return null
    }
    const own = candidates.filter((l) => memberOn(pupil.id, l.groupId, date))
    if (own.length === 0) {
      r.error(
        'pupil',
        `${pupilName} не входит ${candidates.length > 1 ? 'ни в одну из групп' : 'в группу'} ` +
          `этого урока на ${formatDate(date)} (Положение об ЭЖ, п. 4.4.9).`,
      )
      return null
    }
    if (own.length > 1) {
      r.error('group', 'В это время у обучающегося несколько уроков: укажите группу.')
      return null
    }
    return { cls, lesson: own[0], pupil }
  }

  return { year, from, to, resolve }
}
