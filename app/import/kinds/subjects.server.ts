import { norm } from '../fields'
import { SeenKeys, newId, subjectIndex } from '../lookups.server'
import { TableChanges, changedFields } from '../plan.server'
import { RowReader } from '../rows'
import type { Column, Issue, KindDef } from '../types'

const columns: Column[] = [
  {
    key: 'name',
    title: 'Предмет',
    aliases: ['Название', 'Учебный предмет', 'Название предмета'],
    required: true,
    doc: 'Название учебного предмета, как в учебном плане: «Русский язык». Ключ записи.',
  },
  { key: 'shortName', title: 'Краткое название', doc: 'Необязательно: «Рус. яз.».' },
  {
    key: 'minMarks',
    title: 'Минимум отметок',
    aliases: ['Минимальное количество отметок'],
    doc:
      'Целое 1–50: сколько отметок нужно для аттестации за период (Положение 5.2). ' +
      'Пусто — 3 для нового предмета, без изменений для существующего.',
  },
]

export const subjects: KindDef = {
  kind: 'subjects',
  columns,
  grouping: [],
  async plan(rows, { client, schoolId }) {
    const existing = await subjectIndex(client, schoolId)
    const errors: Issue[] = []
    const seen = new SeenKeys()
    const changes = new TableChanges<{ id: string; schoolId: string; name: string; shortName: string; minMarks: number }>()
    for (const row of rows) {
      const r = new RowReader(row, columns)
      const name = r.text('name', { required: true, max: 100 })
      const shortName = r.text('shortName', { max: 30 })
      const minMarks = r.int('minMarks', { min: 1, max: 50 })
      const earlier = name ? seen.check(norm(name), r.line) : null
      if (earlier) r.error('name', `Предмет «${name}» уже указан в строке ${earlier}.`)
      errors.push(...r.issues)
      if (!r.ok) continue
      const found = existing.get(norm(name))
      if (!found) {
        changes.create({ id: newId(), schoolId, name, shortName, minMarks: minMarks ?? 3 })
        continue
      }
      changes.update(found.id, changedFields(found, { shortName, minMarks }))
    }
    return changes.plan(errors, (tx) => tx.subject)
  },
}
