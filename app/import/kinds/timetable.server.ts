import { formatDate } from '#workflows/time'
import { roomNumber } from '#app/utils/format'
import { parseWeekday } from '../fields'
import { SeenKeys, classIndex, currentYear, groupIndex, newId, staffIndex, subjectIndex } from '../lookups.server'
import { TableChanges, changedFields, refused } from '../plan.server'
import { RowReader } from '../rows'
import type { Column, Issue, KindDef, Plan } from '../types'
import { readClass, readGroup, readSubject, readTeacher } from './shared.server'
import { SCHOOL_DAYS } from '#workflows/typed-day'

const columns: Column[] = [
  { key: 'class', title: 'Класс', required: true, doc: '«5А».' },
  { key: 'group', title: 'Группа', doc: 'Учебная группа класса; пусто — весь класс.' },
  { key: 'weekday', title: 'День недели', required: true, doc: '1–7 или название: «понедельник», «пн».' },
  { key: 'period', title: 'Урок', aliases: ['Номер урока'], required: true, doc: 'Номер урока в дне, 1–12.' },
  { key: 'subject', title: 'Предмет', required: true, doc: 'Название учебного предмета.' },
  { key: 'teacher', title: 'Учитель', doc: 'ФИО учителя.' },
  { key: 'room', title: 'Кабинет', doc: '«214» — номер кабинета; слово «кабинет» при печати добавляется само.' },
  {
    key: 'validFrom',
    title: 'Действует с',
    doc: 'ДД.ММ.ГГГГ; пусто — с начала учебного года. Ключ: группа + день + урок + «действует с».',
  },
  { key: 'validTo', title: 'Действует по', doc: 'ДД.ММ.ГГГГ; пусто — до конца года (для существующей записи — без изменений).' },
]

export const timetable: KindDef = {
  kind: 'timetable',
  columns,
  grouping: ['class', 'group', 'weekday', 'period', 'subject', 'teacher', 'room', 'validFrom', 'validTo'],
  async plan(rows, { client, schoolId }): Promise<Plan> {
    const year = await currentYear(client, schoolId)
    if (!year) return refused('В журнале не задан текущий учебный год.')
    const [classes, subjects, staff] = await Promise.all([
      classIndex(client, year.id),
      subjectIndex(client, schoolId),
      staffIndex(client, schoolId),
    ])
    const classIds = [...classes.values()].map((c) => c.id)
    const [groups, entries] = await Promise.all([
      groupIndex(client, classIds),
      client.timetableEntry.findMany({
        where: { group: { classId: { in: classIds } } },
        select: {
          id: true,
          groupId: true,
          weekday: true,
          period: true,
          validFrom: true,
          validTo: true,
          subjectId: true,
          teacherId: true,
          room: true,
        },
      }),
    ])
    const existing = new Map(entries.map((e) => [`${e.groupId}|${e.weekday}|${e.period}|${e.validFrom}`, e]))
    const errors: Issue[] = []
    const seen = new SeenKeys()
    const changes = new TableChanges<{
      id: string
      schoolId: string
      groupId: string
      weekday: number
      period: number
      subjectId: string
      teacherId: string | null
      room: string
      validFrom: string
      validTo: string | null
    }>()
    for (const row of rows) {
      const r = new RowReader(row, columns)
      const cls = readClass(r, classes, year.name)
      const group = readGroup(r, groups, cls)
      const rawDay = r.text('weekday', { required: true })
      const weekday = rawDay ? parseWeekday(rawDay) : null
      if (rawDay && !weekday) r.error('weekday', `Неверный день недели «${rawDay}»: ожидается 1–7 или «понедельник»…«воскресенье».`)
      const period = r.int('period', { required: true, min: 1, max: 12 })
      const subject = readSubject(r, subjects)
      const teacherId = readTeacher(r, staff)
      const room = roomNumber(r.text('room', { max: 50 }))
      const validFrom = r.day('validFrom', { years: SCHOOL_DAYS }) ?? year.startsOn
      const validTo = r.day('validTo', { years: SCHOOL_DAYS })
      if (validTo && validTo < validFrom)
        r.error('validTo', `«Действует по» (${formatDate(validTo)}) раньше «действует с» (${formatDate(validFrom)}).`)
      const key = group && weekday && period ? `${group.id}|${weekday}|${period}|${validFrom}` : null
      const earlier = r.ok && key ? seen.check(key, r.line) : null
      if (earlier)
        r.error('period', `Этот урок расписания (класс, группа, день, номер урока, «действует с») уже указан в строке ${earlier}.`)
      errors.push(...r.issues)
      if (!r.ok || !key || !group || !subject || !weekday || !period) continue
      const found = existing.get(key)
      if (!found) {
        changes.create({
          id: newId(),
          schoolId,
          groupId: group.id,
          weekday,
          period,
          subjectId: subject.id,
          teacherId: teacherId ?? null,
          room,
          validFrom,
          validTo,
        })
        continue
      }
      changes.update(found.id, changedFields(found, { subjectId: subject.id, teacherId, room, validTo }))
    }
    return changes.plan(errors, (tx) => tx.timetableEntry)
  },
}
