// Row pieces several kinds share: the class and group of a row, a subject, a teacher, a reporting period.
import { periodKindForGrade } from '#workflows/journal-rules'
import { isYearWord } from '#workflows/final-marks'
import { parseClassName } from '#workflows/class-name'
import { norm } from '../fields'
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

/**
 * The row's reporting period of the current year by its name («1 четверть», «2 полугодие»), or the year («Год»),
 * and the kind of period the class's grade has (quarters in 1–9, halves in 10–11). `refusal` ends the message when
 * the period is of the other kind: «отметка за «1 четверть» не выставляется».
 */
export function readPeriod<P extends { name: string; kind: string }>(
  r: RowReader,
  periods: readonly P[],
  yearName: string,
  cls: ClassRecord | null,
  refusal: (periodName: string) => string,
): P | null {
  const name = r.text('period', { required: true, max: 50 })
  if (!name) return null
  const period = isYearWord(name)
    ? (periods.find((p) => p.kind === 'year') ?? null)
    : (periods.find((p) => p.kind !== 'year' && norm(p.name) === norm(name)) ?? null)
  if (!period) {
    r.error('period', `Период «${name}» не найден в учебном году ${yearName}: допустимы ${periods.map((p) => `«${p.name}»`).join(', ')}.`)
    return null
  }
  if (cls && period.kind !== 'year' && period.kind !== periodKindForGrade(cls.grade)) {
    r.error(
      'period',
      `В ${cls.name} классе отчётный период — ` +
        `${periodKindForGrade(cls.grade) === 'quarter' ? 'четверть' : 'полугодие'}: ${refusal(period.name)}.`,
    )
  }
  return period
}
