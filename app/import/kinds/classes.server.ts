import { auditRow } from '#app/models/audit.server'
import { parseClassName } from '#workflows/class-name'
import { norm } from '../fields'
import { classIndex, currentYear, groupIndex, newId, staffIndex } from '../lookups.server'
import { Tally, refused, type Change } from '../plan.server'
import { RowReader } from '../rows'
import type { Column, Issue, KindDef, Plan } from '../types'

const columns: Column[] = [
  {
    key: 'class',
    title: 'Класс',
    required: true,
    doc: 'Цифра и буква: «5А» (допустимо «5 а», «5-А»). Ключ — название класса в текущем учебном году.',
  },
  {
    key: 'teacher',
    title: 'Классный руководитель',
    doc: 'ФИО сотрудника («Иванова Мария Петровна» или «Иванова М. П.»), уже загруженного файлом сотрудников. Пусто — без изменений.',
  },
  {
    key: 'group',
    title: 'Группа',
    aliases: ['Учебная группа'],
    doc:
      'Необязательно: название учебной группы внутри класса (Положение 4.4.9), например ' +
      '«Английский язык, группа 1». Группа «весь класс» создаётся сама.',
  },
]

const WHOLE_CLASS = 'весь класс'

export const classes: KindDef = {
  kind: 'classes',
  columns,
  async plan(rows, { client, schoolId, importerId, ip }): Promise<Plan> {
    const errors: Issue[] = []
    const year = await currentYear(client, schoolId)
    if (!year) return refused('В журнале не задан текущий учебный год: классы не к чему привязать.')
    const [existing, staff] = await Promise.all([classIndex(client, year.id), staffIndex(client, schoolId)])
    const groups = await groupIndex(
      client,
      [...existing.values()].map((c) => c.id),
    )
    const newClasses: Array<{
      id: string
      schoolId: string
      academicYearId: string
      grade: number
      letter: string
      name: string
      classTeacherId: string | null
    }> = []
    const newGroups: Array<{ id: string; schoolId: string; classId: string; name: string; wholeClass: boolean }> = []
    const teacherChanges = new Map<string, { classId: string; className: string; was: string | null; teacherId: string; line: number }>()
    const tally = new Tally()
    for (const row of rows) {
      const r = new RowReader(row, columns)
      const rawClass = r.text('class', { required: true })
      const parsed = rawClass ? parseClassName(rawClass) : null
      if (rawClass && !parsed) r.error('class', `Неверное название класса «${rawClass}»: ожидаются номер 1–11 и буква, например «5А».`)
      const teacherName = r.text('teacher', { max: 200 })
      const teacher = teacherName ? staff.find(teacherName) : null
      if (teacherName && teacher === null) r.error('teacher', `Сотрудник «${teacherName}» не найден: сначала загрузите файл сотрудников.`)
      if (teacher === 'ambiguous') r.error('teacher', `Несколько сотрудников подходят под «${teacherName}»: укажите ФИО полностью.`)
      const groupName = r.text('group', { max: 100 })
      errors.push(...r.issues)
      if (!r.ok || !parsed) continue
      const teacherId = teacher && teacher !== 'ambiguous' ? teacher.id : null

      let cls = existing.get(parsed.name) ?? null
      let changed: Change = null
      if (!cls) {
        cls = { id: newId(), name: parsed.name, grade: parsed.grade, classTeacherId: teacherId }
        existing.set(cls.name, cls)
        newClasses.push({ ...cls, schoolId, academicYearId: year.id, letter: parsed.letter })
        const whole = { id: newId(), schoolId, classId: cls.id, name: WHOLE_CLASS, wholeClass: true }
        groups.add(whole)
        newGroups.push(whole)
        changed = 'created'
      } else if (teacherId && teacherId !== cls.classTeacherId) {
        const earlier = teacherChanges.get(cls.id)
        if (earlier && earlier.teacherId !== teacherId) {
          errors.push({
            line: r.line,
            column: 'Классный руководитель',
            message: `Для класса ${cls.name} в строке ${earlier.line} указан другой классный руководитель.`,
          })
          continue
        }
        if (!earlier) {
          teacherChanges.set(cls.id, { classId: cls.id, className: cls.name, was: cls.classTeacherId, teacherId, line: r.line })
          changed = 'updated'
        }
      }
      if (groupName && norm(groupName) !== WHOLE_CLASS && !groups.find(cls.id, groupName)) {
        const group = { id: newId(), schoolId, classId: cls.id, name: groupName, wholeClass: false }
        groups.add(group)
        newGroups.push(group)
        changed = 'created'
      }
      tally.count(changed)
    }
    return tally.plan(errors, async (tx) => {
      if (newClasses.length) await tx.schoolClass.createMany({ data: newClasses })
      if (newGroups.length) await tx.teachingGroup.createMany({ data: newGroups })
      // ADR 102: the class teacher replaces parents' passwords — who made whom class teacher is in the audit.
      for (const c of teacherChanges.values()) {
        await tx.schoolClass.update({ where: { id: c.classId }, data: { classTeacherId: c.teacherId } })
        await tx.auditEvent.create({
          data: auditRow({
            schoolId,
            userId: importerId,
            action: 'change:class-teacher',
            entity: 'class',
            entityId: c.classId,
            ip,
            data: { className: c.className, was: c.was, classTeacherId: c.teacherId },
          }),
        })
      }
    })
  },
}
