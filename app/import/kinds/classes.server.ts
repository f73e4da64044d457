import { auditRow } from '#app/models/audit.server'
import { guardedRoles } from '#app/models/access-notice.server'
import { parseGrantRoles } from '#app/models/json-columns'
import { parseClassName } from '#workflows/class-name'
import { norm } from '../fields'
import { classIndex, currentYear, groupIndex, newId, staffIndex } from '../lookups.server'
import { Tally, refused, type Change } from '../plan.server'
import { RowReader } from '../rows'
import type { Client, Column, Issue, KindDef, Plan } from '../types'

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

/**
 * ADR 118: the staff (by id) whom the administrator importing the file may not make class teacher — accounts that hold
 * (or wait for) the class teacher's role, whose password the administrator may know: their own account, or one whose
 * latest password an ЭЖ administrator issued (shown on their screen). Whoever knows it would replace parents' passwords
 * and confirm guardians' statuses for the class. Once the director has confirmed a new one-time password for the account
 * (`issueOneTimePassword` waits for the director), nobody at the administrator's screen knows it, and the import goes.
 */
async function teachersTheImporterMayBe(client: Client, staffIds: string[], importerId: string): Promise<Map<string, Barred>> {
  if (!staffIds.length) return new Map()
  const staff = await client.staff.findMany({
    where: { id: { in: staffIds }, userId: { not: null } },
    select: { id: true, user: { select: { id: true, passwordHash: true, roles: { select: { role: true } } } } },
  })
  const userIds = staff.flatMap((s) => (s.user ? [s.user.id] : []))
  const [waiting, issues] = await Promise.all([
    client.accessGrant.findMany({
      where: { userId: { in: userIds }, kind: { in: ['roles', 'one-time-password'] }, outcome: null },
      select: { userId: true, kind: true, roles: true },
    }),
    client.auditEvent.findMany({
      where: { action: 'issue:one-time-password', entity: 'user', entityId: { in: userIds } },
      orderBy: { at: 'desc' },
      select: { entityId: true, userId: true },
    }),
  ])
  const lastIssuer = new Map<string, string | null>()
  for (const e of issues) if (!lastIssuer.has(e.entityId)) lastIssuer.set(e.entityId, e.userId)
  const issuers = [...new Set([...lastIssuer.values()].filter((id): id is string => !!id))]
  const administrators = new Set(
    (await client.userRole.findMany({ where: { userId: { in: issuers }, role: 'admin' }, select: { userId: true } })).map((r) => r.userId),
  )
  const barred = new Map<string, Barred>()
  for (const s of staff) {
    const user = s.user!
    const pending = waiting.filter((g) => g.userId === user.id)
    const roles = [...user.roles.map((r) => r.role), ...pending.flatMap((g) => (g.kind === 'roles' ? parseGrantRoles(g.roles) : []))]
    if (!guardedRoles(roles).length || user.passwordHash === '!' || user.passwordHash === '') continue
    const issuer = lastIssuer.get(user.id)
    if (user.id === importerId) barred.set(s.id, 'own')
    else if (issuer && administrators.has(issuer)) barred.set(s.id, pending.length ? 'waiting' : 'known')
  }
  return barred
}

/** Why a teacher named in the file is not made class teacher (ADR 118): each with the step that does it. */
type Barred = 'own' | 'waiting' | 'known'

const BARRED: Record<Barred, string> = {
  own:
    'Свою учётную запись классным руководителем через импорт назначить нельзя: классный руководитель выдаёт родителям ' +
    'реквизиты доступа, а её пароль знаете вы. Эту строку загрузит другой администратор ЭЖ.',
  waiting:
    'Для этой учётной записи уже ждёт подтверждения директора запрос роли или временного пароля: классным руководителем ' +
    'её можно назначить, когда директор подтвердит запрос («Подтверждение доступа») и выдаст новый временный пароль. ' +
    'Тогда загрузите файл снова; новый запрос не нужен.',
  known:
    'Классным руководителем нельзя назначить через импорт учётную запись, чей временный пароль выдан на экране ' +
    'администратора ЭЖ: классный руководитель выдаёт родителям реквизиты доступа. Запросите для неё временный пароль ' +
    'в разделе «Учётные записи» — его подтвердит директор — и загрузите файл снова.',
}

export const classes: KindDef = {
  kind: 'classes',
  columns,
  grouping: ['class', 'teacher'],
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
    // ADR 118: the teachers named in the file whom this administrator may not make class teacher (a script: anyone).
    const named = rows.flatMap((row) => {
      const found = row.cells.teacher?.trim() ? staff.find(row.cells.teacher) : null
      return found && found !== 'ambiguous' ? [found.id] : []
    })
    const barred = importerId ? await teachersTheImporterMayBe(client, [...new Set(named)], importerId) : new Map<string, Barred>()
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
      const why = teacherId ? barred.get(teacherId) : undefined
      if (teacherId && why && cls?.classTeacherId !== teacherId) {
        errors.push({ line: r.line, column: 'Классный руководитель', message: BARRED[why] })
        continue
      }
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
