import { norm } from '../fields'
import { SeenKeys, newId } from '../lookups.server'
import { TableChanges, changedFields, refused } from '../plan.server'
import { PUPIL_ALIASES, PUPIL_WHOSE, RowReader, titledFor } from '../rows'
import type { Column, Issue, KindDef, Plan } from '../types'
import { loadLessonRows } from './lesson-rows.server'
import { own } from '#workflows/own'
import { russianLetters } from '#workflows/text'

const columns: Column[] = [
  { key: 'class', title: 'Класс', required: true, doc: '«5А».' },
  { key: 'group', title: 'Группа', doc: 'Как в файле оценок.' },
  { key: 'date', title: 'Дата', required: true, doc: 'ДД.ММ.ГГГГ — дата урока.' },
  { key: 'period', title: 'Урок', aliases: ['Номер урока'], required: true, doc: 'Номер урока в дне. Ключ записи: урок + обучающийся.' },
  { key: 'pupil', title: 'Обучающийся', aliases: PUPIL_ALIASES, required: true, doc: 'ФИО одной строкой.' },
  {
    key: 'birthDate',
    title: 'Дата рождения',
    aliases: titledFor('Дата рождения', PUPIL_WHOSE),
    doc: 'ДД.ММ.ГГГГ; обязательна при полном тёзке.',
  },
  {
    key: 'kind',
    title: 'Отметка',
    aliases: ['Пропуск', 'Вид пропуска'],
    required: true,
    doc: '«Н» (отсутствовал), «Б» (болел), «ОП» (опоздал) или слово: «отсутствие», «болезнь», «опоздание».',
  },
  { key: 'valid', title: 'Уважительная причина', doc: '«да» / «нет». Пусто — «да» для болезни, «нет» для остального.' },
  { key: 'reason', title: 'Причина', doc: '«болезнь (справка)», «заявление родителей».' },
]

const KINDS: Record<string, 'absent' | 'ill' | 'late'> = {
  н: 'absent',
  нб: 'absent',
  отсутствовал: 'absent',
  отсутствовала: 'absent',
  отсутствие: 'absent',
  absent: 'absent',
  б: 'ill',
  болел: 'ill',
  болела: 'ill',
  болезнь: 'ill',
  ill: 'ill',
  оп: 'late',
  опоздал: 'late',
  опоздала: 'late',
  опоздание: 'late',
  late: 'late',
}

export const attendance: KindDef = {
  kind: 'attendance',
  columns,
  grouping: ['class', 'group', 'date', 'period'],
  async plan(rows, { client, schoolId }): Promise<Plan> {
    const refs = await loadLessonRows(client, schoolId, rows)
    if (!refs) return refused('В журнале не задан текущий учебный год.')
    const existing = await client.attendance.findMany({
      where: { lesson: { schoolId, date: { gte: refs.from, lte: refs.to } } },
      select: { id: true, lessonId: true, pupilId: true, kind: true, validReason: true, reason: true },
    })
    const byKey = new Map(existing.map((a) => [`${a.lessonId}|${a.pupilId}`, a]))
    const errors: Issue[] = []
    const seen = new SeenKeys()
    const changes = new TableChanges<{
      id: string
      lessonId: string
      pupilId: string
      kind: string
      validReason: boolean
      reason: string
    }>()
    for (const row of rows) {
      const r = new RowReader(row, columns)
      const target = refs.resolve(r)
      const rawKind = r.text('kind', { required: true, max: 30 })
      const kind = rawKind ? own(KINDS, norm(russianLetters(rawKind)).replace(/\.$/, '')) : undefined
      if (rawKind && !kind) r.error('kind', `Неизвестная отметка «${rawKind}»: допустимы «Н», «Б», «ОП».`)
      const validRaw = r.raw('valid')
      const valid = r.yesNo('valid', kind === 'ill')
      const reason = r.text('reason', { max: 300 })
      const key = target ? `${target.lesson.id}|${target.pupil.id}` : null
      const earlier = r.ok && key ? seen.check(key, r.line) : null
      if (earlier) r.error('kind', `Отметка за этот урок и обучающегося уже указана в строке ${earlier}.`)
      errors.push(...r.issues)
      if (!r.ok || !key || !target || !kind) continue
      const found = byKey.get(key)
      if (!found) {
        changes.create({ id: newId(), lessonId: target.lesson.id, pupilId: target.pupil.id, kind, validReason: valid, reason })
        continue
      }
      // An empty «Уважительная причина» keeps the stored one (the default applies to new records only).
      changes.update(found.id, changedFields(found, { kind, validReason: validRaw === '' ? undefined : valid, reason }))
    }
    return changes.plan(errors, (tx) => tx.attendance)
  },
}
