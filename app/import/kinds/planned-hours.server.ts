// Календарно-тематическое планирование (Положение 4.4.7; Порядок 2.5 ¶6): the hours each subject of a class (or of
// a teaching group) is planned for in a reporting period or the year. «/staff/curriculum» sets them against the
// lessons the journal holds; without them the plan is counted from the timetable (ADR 050, 059).
import { SeenKeys, classIndex, currentYear, groupIndex, newId, subjectIndex } from '../lookups.server'
import { TableChanges, changedFields, refused } from '../plan.server'
import { RowReader } from '../rows'
import type { Column, Issue, KindDef, Plan } from '../types'
import { readClass, readGroup, readPeriod, readSubject } from './shared.server'

const columns: Column[] = [
  { key: 'class', title: 'Класс', required: true, doc: '«5А».' },
  { key: 'group', title: 'Группа', doc: 'Учебная группа класса; пусто — весь класс.' },
  { key: 'subject', title: 'Предмет', required: true, doc: 'Название учебного предмета.' },
  {
    key: 'period',
    title: 'Период',
    aliases: ['Учебный период', 'Отчётный период'],
    required: true,
    doc: '«1 четверть» (1–9 классы), «1 полугодие» (10–11 классы) или «Год». Ключ: группа + предмет + период.',
  },
  {
    key: 'hours',
    title: 'Часов',
    aliases: ['Часы', 'Количество часов', 'Часов по плану'],
    required: true,
    doc: 'Целое 0–400: сколько уроков запланировано по КТП на период.',
  },
]

export const plannedHours: KindDef = {
  kind: 'planned-hours',
  columns,
  grouping: ['class', 'group', 'subject', 'period'],
  async plan(rows, { client, schoolId }): Promise<Plan> {
    const year = await currentYear(client, schoolId)
    if (!year) return refused('В журнале не задан текущий учебный год.')
    const [classes, subjects, periods] = await Promise.all([
      classIndex(client, year.id),
      subjectIndex(client, schoolId),
      client.reportingPeriod.findMany({ where: { academicYearId: year.id }, select: { id: true, name: true, kind: true } }),
    ])
    const groups = await groupIndex(
      client,
      [...classes.values()].map((c) => c.id),
    )
    const existing = await client.plannedHours.findMany({
      where: { schoolId, periodId: { in: periods.map((p) => p.id) } },
      select: { id: true, groupId: true, subjectId: true, periodId: true, hours: true },
    })
    const byKey = new Map(existing.map((h) => [`${h.groupId}|${h.subjectId}|${h.periodId}`, h]))
    const errors: Issue[] = []
    const seen = new SeenKeys()
    const changes = new TableChanges<{
      id: string
      schoolId: string
      groupId: string
      subjectId: string
      periodId: string
      hours: number
    }>()
    for (const row of rows) {
      const r = new RowReader(row, columns)
      const cls = readClass(r, classes, year.name)
      const group = readGroup(r, groups, cls)
      const subject = readSubject(r, subjects)
      const period = readPeriod(r, periods, year.name, cls, (name) => `часы на «${name}» не планируются`)
      const hours = r.int('hours', { required: true, min: 0, max: 400 })
      const key = group && subject && period ? `${group.id}|${subject.id}|${period.id}` : null
      const earlier = r.ok && key ? seen.check(key, r.line) : null
      if (earlier) r.error('hours', `Часы этой группы по этому предмету на этот период уже указаны в строке ${earlier}.`)
      errors.push(...r.issues)
      if (!r.ok || !key || !group || !subject || !period || hours === null) continue
      const found = byKey.get(key)
      if (!found) changes.create({ id: newId(), schoolId, groupId: group.id, subjectId: subject.id, periodId: period.id, hours })
      else changes.update(found.id, found.hours === hours ? {} : changedFields(found, { hours }))
    }
    return changes.plan(errors, (tx) => tx.plannedHours)
  },
}
