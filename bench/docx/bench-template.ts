// The benchmark's template: the extract's three big tables (marks, homework, attendance) under a header line,
// written in each library's syntax with the same builder, so every renderer produces the same document.
import { buildDocx, p, PORTRAIT_TEXT_WIDTH as W, table } from '../../scripts/docx-builder'
import type { ExtractData } from '../../app/documents/types'

export type Dialect = 'mustache' | 'docx-templates'

interface TableSpec {
  name: 'marks' | 'homework' | 'attendance'
  heading: string
  widths: number[]
  header: string[]
  fields: string[]
}

const TABLES: TableSpec[] = [
  {
    name: 'marks',
    heading: 'Отметки',
    widths: [1418, 1814, 2948, 1701, 567, 907],
    header: ['Дата', 'Предмет', 'Тема урока', 'Вид работы', 'Вес', 'Отметка'],
    fields: ['date', 'subject', 'topic', 'workType', 'weight', 'mark'],
  },
  {
    name: 'homework',
    heading: 'Домашние задания',
    widths: [1418, 2268, W - 3686],
    header: ['Срок', 'Предмет', 'Домашнее задание'],
    fields: ['date', 'subject', 'text'],
  },
  {
    name: 'attendance',
    heading: 'Посещаемость',
    widths: [1418, 2665, 2154, 3118],
    header: ['Дата', 'Предмет', 'Отметка', 'Причина'],
    fields: ['date', 'subject', 'kind', 'reason'],
  },
]

/** Header rows per document (one per table): data rows = <w:tr> count − this. */
export const BENCH_HEADER_ROWS = TABLES.length

function tableFor(spec: TableSpec, dialect: Dialect): string {
  if (dialect === 'mustache') {
    // docxtemplater and easy-template-x: {#list} in the first cell, {/list} in the last cell of one row.
    return table({ widths: spec.widths, header: [spec.header], rows: [spec.fields.map((f) => `{${f}}`)], loop: spec.name })
  }
  // docx-templates: FOR and END-FOR in rows of their own, removed from the output.
  const empty = spec.fields.slice(1).map(() => '')
  return table({
    widths: spec.widths,
    header: [spec.header],
    rows: [[`{FOR r IN ${spec.name}}`, ...empty], spec.fields.map((f) => `{= $r.${f}}`), [`{END-FOR r}`, ...empty]],
  })
}

export function benchTemplate(dialect: Dialect): Buffer {
  const v = (name: string) => (dialect === 'mustache' ? `{${name}}` : `{= ${name}}`)
  const body = [
    p(`Выписка: ${v('pupilName')}, ${v('className')} класс, ${v('periodLabel')}`, { bold: true, after: 120 }),
    ...TABLES.flatMap((spec) => [p(spec.heading, { style: 'Heading2' }), tableFor(spec, dialect)]),
    p('Выписка верна.'),
  ]
  return buildDocx({ body, title: `bench-${dialect}` })
}

/** The same extract, flattened: every library resolves plain names; not all resolve dotted paths. */
export function benchData(e: ExtractData) {
  return {
    pupilName: e.pupil.fullName,
    className: e.pupil.className,
    periodLabel: e.period.label,
    marks: e.marks,
    homework: e.homework,
    attendance: e.attendance,
  }
}
