import type { Prisma } from '#app/generated/prisma/client'
import type { ProductionCalendar } from '#workflows/calendar'

export const IMPORT_KINDS = [
  'classes',
  'subjects',
  'staff',
  'pupils',
  'guardians',
  'timetable',
  'lessons',
  'marks',
  'attendance',
  'final-marks',
  'planned-hours',
  'recommendations',
] as const
export type ImportKind = (typeof IMPORT_KINDS)[number]

export const IMPORT_KIND_LABELS: Record<ImportKind, string> = {
  classes: 'Классы и учебные группы',
  subjects: 'Учебные предметы',
  staff: 'Сотрудники и роли',
  pupils: 'Обучающиеся (и движение)',
  guardians: 'Родители (законные представители) и их связь с обучающимися',
  timetable: 'Расписание',
  lessons: 'Уроки: темы и домашние задания',
  marks: 'Оценки',
  attendance: 'Посещаемость',
  'final-marks': 'Итоговые отметки (четверть, полугодие, год)',
  'planned-hours': 'Календарно-тематическое планирование: часы на период',
  recommendations: 'Рекомендации учителей обучающимся',
}

/** Reads and writes go through the transaction client during apply, through `db` during a dry run. */
export type Client = Prisma.TransactionClient

/** One problem: line null for the whole file. */
export type Issue = { line: number | null; column?: string; message: string }

export type Column = {
  key: string
  title: string
  aliases?: string[]
  required?: boolean
  /** Format of the column for docs/import.md and the upload page. */
  doc: string
  /**
   * On a «Фамилия» column: titles of one column holding the whole name («ФИО»), which a file may have instead of
   * «Фамилия», «Имя», «Отчество»; it is split at spaces (rows.ts).
   */
  wholeName?: string[]
}

export type SourceRow = { line: number; cells: Record<string, string> }

type PlanContext = {
  client: Client
  schoolId: string
  today: string
  /** The production calendar (read before the apply transaction opens: it is read through `db`, not `client`). */
  calendar: ProductionCalendar
  /** The account of the administrator importing the file (null for a script): its own roles are never changed. */
  importerId: string | null
  /** The importer's address (empty for a script). */
  ip: string
}

/** What a file would change; `write` performs it (inside the apply transaction only). */
export type Plan = {
  errors: Issue[]
  warnings: Issue[]
  created: number
  updated: number
  unchanged: number
  /**
   * Writes the plan. Returns what the write found that the check could not (the journal changed between them: a
   * password issued meanwhile turned a role into a request, ADR 118) — warnings the report shows after the apply.
   */
  write: (tx: Client) => Promise<void | Issue[]>
}

export type KindDef = {
  kind: ImportKind
  columns: Column[]
  /**
   * The keys of the columns that group rows (a class, a lesson's date and number, a subject…): a cell merged down one
   * of them is every row's value, as Excel shows it; merged down another column the kind reads, it refuses the file.
   */
  grouping: string[]
  plan: (rows: SourceRow[], ctx: PlanContext) => Promise<Plan>
}

export type ImportReport = {
  kind: ImportKind
  kindLabel: string
  fileName: string
  /** «CSV, UTF-8, разделитель «;»» or «XLSX». */
  format: string
  rows: number
  errors: Array<Issue & { file: string }>
  warnings: Array<Issue & { file: string }>
  counts: { created: number; updated: number; unchanged: number }
  ok: boolean
  applied: boolean
}
