// Row pieces several kinds share: the class and group of a row, a subject, a teacher.
import { norm, parseClassName } from '../fields'
import type { ClassRecord, GroupIndex, GroupRecord, StaffIndex } from '../lookups.server'
import type { RowReader } from '../rows'

export function readClass(r: RowReader, classes: Map<string, ClassRecord>, yearName: string): ClassRecord | null {
  const raw = r.text('class', { required: true })
  if (!raw) return null
  const cls = classes.get(parseClassName(raw)?.name ?? '')
  if (!cls) r.error('class', `Класс «${raw}» не найден в текущем учебном году ${yearName}.`)
  return cls ?? null
}

/** The row's group inside its class; an empty cell means the whole class. */
export function readGroup(r: RowReader, groups: GroupIndex, cls: ClassRecord | null): GroupRecord | null {
  const name = r.text('group', { max: 100 })
  if (!cls) return null
  const group = groups.find(cls.id, name)
  if (!group) r.error('group', name ? `В классе ${cls.name} нет группы «${name}».` : `У класса ${cls.name} нет группы «весь класс».`)
  return group
}

export function readSubject<S extends { id: string }>(r: RowReader, subjects: Map<string, S>, required = true): S | null {
  const name = r.text('subject', { required, max: 100 })
  if (!name) return null
  const subject = subjects.get(norm(name))
  if (!subject) r.error('subject', `Предмет «${name}» не найден: сначала загрузите учебные предметы.`)
  return subject ?? null
}

/** null: the cell is empty; undefined: an error was reported. */
export function readTeacher(r: RowReader, staff: StaffIndex): string | null | undefined {
  const name = r.text('teacher', { max: 200 })
  if (!name) return null
  const found = staff.find(name)
  if (found === 'ambiguous') r.error('teacher', `Несколько сотрудников подходят под «${name}»: укажите ФИО полностью.`)
  else if (!found) r.error('teacher', `Учитель «${name}» не найден: сначала загрузите сотрудников.`)
  return found && found !== 'ambiguous' ? found.id : undefined
}
