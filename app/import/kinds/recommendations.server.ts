// «Рекомендации обучающимся» (Положение 2.10, Порядок 2.5: «о рекомендациях педагогов», ADR 067): a teacher's
// recommendation to one pupil about a lesson, as a journal exports a comment written in the pupil's cell without a
// mark. Key: lesson + pupil (one recommendation each); an empty file row is an error, a changed text an update.
import { SeenKeys } from '../lookups.server'
import { refused } from '../plan.server'
import type { Column, Issue, KindDef, Plan } from '../types'
import { PUPIL_ALIASES, PUPIL_WHOSE, RowReader, titledFor } from '../rows'
import { loadLessonRows } from './lesson-rows.server'
import { COMMENT_MAX, CommentChanges } from './comments.server'

const columns: Column[] = [
  { key: 'class', title: 'Класс', required: true, doc: '«5А».' },
  { key: 'group', title: 'Группа', doc: 'Нужна, только если в это время у класса уроки в нескольких группах.' },
  { key: 'date', title: 'Дата', required: true, doc: 'ДД.ММ.ГГГГ — дата урока; урок должен уже быть в журнале.' },
  { key: 'period', title: 'Урок', aliases: ['Номер урока'], required: true, doc: 'Номер урока в дне.' },
  { key: 'pupil', title: 'Обучающийся', aliases: PUPIL_ALIASES, required: true, doc: 'ФИО одной строкой.' },
  {
    key: 'birthDate',
    title: 'Дата рождения',
    aliases: titledFor('Дата рождения', PUPIL_WHOSE),
    doc: 'ДД.ММ.ГГГГ; обязательна, если в школе есть полный тёзка.',
  },
  {
    key: 'text',
    title: 'Рекомендация',
    aliases: ['Комментарий', 'Рекомендация учителя'],
    required: true,
    doc:
      `Текст рекомендации учителя обучающемуся к этому уроку, до ${COMMENT_MAX} символов; её ` +
      'видят только родители этого обучающегося. Ключ: урок + обучающийся.',
  },
]

export const recommendations: KindDef = {
  kind: 'recommendations',
  columns,
  grouping: ['class', 'group', 'date', 'period'],
  async plan(rows, { client, schoolId }): Promise<Plan> {
    const refs = await loadLessonRows(client, schoolId, rows)
    if (!refs) return refused('В журнале не задан текущий учебный год.')
    const existing = await client.journalComment.findMany({
      where: { markId: null, pupilId: { not: null }, lesson: { schoolId, date: { gte: refs.from, lte: refs.to } } },
      select: { id: true, text: true, lessonId: true, pupilId: true },
      orderBy: { writtenAt: 'asc' },
    })
    const byKey = new Map<string, { id: string; text: string }>()
    for (const c of existing) if (!byKey.has(`${c.lessonId}|${c.pupilId}`)) byKey.set(`${c.lessonId}|${c.pupilId}`, c)
    const errors: Issue[] = []
    const seen = new SeenKeys()
    const comments = new CommentChanges()
    let created = 0
    let updated = 0
    let unchanged = 0
    for (const row of rows) {
      const r = new RowReader(row, columns)
      const target = refs.resolve(r)
      const text = r.text('text', { required: true, max: COMMENT_MAX }).replace(/\s+/g, ' ')
      const key = target ? `${target.lesson.id}|${target.pupil.id}` : null
      const earlier = r.ok && key ? seen.check(key, r.line) : null
      if (earlier) r.error('text', `Рекомендация этому обучающемуся к этому уроку уже указана в строке ${earlier}.`)
      errors.push(...r.issues)
      if (!r.ok || !key || !target) continue
      const found = byKey.get(key)
      const changed = comments.set(found, text, {
        lessonId: target.lesson.id,
        pupilId: target.pupil.id,
        markId: null,
        authorId: target.lesson.teacherId,
      })
      if (!found) created++
      else if (changed) updated++
      else unchanged++
    }
    return { errors, warnings: [], created, updated, unchanged, write: (tx) => comments.write(tx) }
  },
}
