import { norm } from '../fields'
import { SeenKeys, newId } from '../lookups.server'
import { RowReader } from '../rows'
import type { Column, Issue, KindDef, Plan } from '../types'
import { loadLessonRows } from './lesson-rows.server'

const columns: Column[] = [
  { key: 'class', title: 'Класс', required: true, doc: '«5А».' },
  { key: 'group', title: 'Группа', doc: 'Как в файле оценок.' },
  { key: 'date', title: 'Дата', required: true, doc: 'ДД.ММ.ГГГГ — дата урока.' },
  { key: 'period', title: 'Урок', aliases: ['Номер урока'], required: true, doc: 'Номер урока в дне. Ключ записи: урок + обучающийся.' },
  { key: 'pupil', title: 'Обучающийся', required: true, doc: 'ФИО одной строкой.' },
  { key: 'birthDate', title: 'Дата рождения', doc: 'ДД.ММ.ГГГГ; обязательна при полном тёзке.' },
  { key: 'kind', title: 'Отметка', aliases: ['Пропуск', 'Вид пропуска'], required: true, doc: '«Н» (отсутствовал), «Б» (болел), «ОП» (опоздал) или слово: «отсутствие», «болезнь», «опоздание».' },
  { key: 'valid', title: 'Уважительная причина', doc: '«да» / «нет». Пусто — «да» для болезни, «нет» для остального.' },
  { key: 'reason', title: 'Причина', doc: '«болезнь (справка)», «заявление родителей».' },
]

const KINDS: Record<string, 'absent' | 'ill' | 'late'> = {
  н: 'absent', нб: 'absent', отсутствовал: 'absent', отсутствовала: 'absent', отсутствие: 'absent', absent: 'absent',
  б: 'ill', болел: 'ill', болела: 'ill', болезнь: 'ill', ill: 'ill',
  оп: 'late', опоздал: 'late', опоздала: 'late', опоздание: 'late', late: 'late',
}

export const attendance: KindDef = {
  kind: 'attendance',
  columns,
  async plan(rows, { client, schoolId }): Promise<Plan> {
    const refs = await loadLessonRows(client, schoolId, rows)
    if (!refs) return { errors: [{ line: null, message: 'В журнале не задан текущий учебный год.' }], warnings: [], created: 0, updated: 0, unchanged: 0, write: async () => {} }
    const existing = await client.attendance.findMany({
      where: { lesson: { schoolId, date: { gte: refs.from, lte: refs.to } } },
      select: { id: true, lessonId: true, pupilId: true, kind: true, validReason: true, reason: true },
    })
    const byKey = new Map(existing.map((a) => [`${a.lessonId}|${a.pupilId}`, a]))
    const errors: Issue[] = []
    const seen = new SeenKeys()
    const creates: object[] = []
    const updates: Array<{ id: string; data: object }> = []
    let unchanged = 0
    for (const row of rows) {
      const r = new RowReader(row, columns)
      const target = refs.resolve(r)
      const rawKind = r.text('kind', { required: true, max: 30 })
      const kind = rawKind ? KINDS[norm(rawKind).replace(/\.$/, '')] : undefined
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
        creates.push({ id: newId(), lessonId: target.lesson.id, pupilId: target.pupil.id, kind, validReason: valid, reason })
        continue
      }
      const data: Record<string, unknown> = {}
      if (kind !== found.kind) data.kind = kind
      if (validRaw !== '' && valid !== found.validReason) data.validReason = valid
      if (reason && reason !== found.reason) data.reason = reason
      if (Object.keys(data).length) updates.push({ id: found.id, data })
      else unchanged++
    }
    return {
      errors,
      warnings: [],
      created: creates.length,
      updated: updates.length,
      unchanged,
      async write(tx) {
        for (let i = 0; i < creates.length; i += 500) await tx.attendance.createMany({ data: creates.slice(i, i + 500) as never })
        for (const u of updates) await tx.attendance.update({ where: { id: u.id }, data: u.data })
      },
    }
  },
}
