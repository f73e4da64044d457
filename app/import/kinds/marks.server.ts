import { norm } from '../fields'
import { SeenKeys, newId } from '../lookups.server'
import { TableChanges, changedFields, refused } from '../plan.server'
import { PUPIL_ALIASES, PUPIL_WHOSE, RowReader, titledFor } from '../rows'
import type { Column, Issue, KindDef, Plan } from '../types'
import { loadLessonRows } from './lesson-rows.server'
import { COMMENT_MAX, CommentChanges, markCommentColumn } from './comments.server'
import { own } from '#workflows/own'
import { russianLetters } from '#workflows/text'

const columns: Column[] = [
  { key: 'class', title: 'Класс', required: true, doc: '«5А».' },
  {
    key: 'group',
    title: 'Группа',
    doc: 'Нужна, только если в это время у класса уроки в нескольких группах и по ФИО не понять, чей урок.',
  },
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
    key: 'workType',
    title: 'Вид работы',
    aliases: ['Вид оценки'],
    required: true,
    doc: 'Из раздела «Виды оценок»: «Работа на уроке», «Контрольная работа»… Ключ оценки: урок + обучающийся + вид работы.',
  },
  { key: 'mark', title: 'Оценка', aliases: ['Отметка'], required: true, doc: '2, 3, 4, 5, «зачёт» или «незачёт».' },
  markCommentColumn,
]

const CREDIT: Record<string, string> = { зачет: 'зачёт', зач: 'зачёт', незачет: 'незачёт', незач: 'незачёт' }

/** '5', '5.0' (a number cell of XLSX), «зачёт» → the stored value; null when out of range. */
export function parseMark(value: string): string | null {
  const v = norm(value).replace(/\.$/, '')
  if (/^[2-5]([.,]0+)?$/.test(v)) return v[0]
  return own(CREDIT, v) ?? null
}

/** The attendance file's marks (attendance.server.ts), as e-journals put them in a marks column. */
const ABSENCE = /^(н|нб|н\/б|б|п|ув|уп|оп|болел|болела|отсутствовал|отсутствовала)\.?$/

/**
 * Why a cell that parseMark does not read is not a mark, in the words of the teacher who typed it: what it is and
 * where it goes instead. `final`: the cell is a period's final mark (Положение 5.3).
 */
export function markProblem(value: string, final: boolean): string {
  // «H» typed with a Latin «H» is the absence «Н» (russianLetters, ADR 106): said as such, not «out of range».
  const typed = norm(russianLetters(value))
  const v = typed.replace(/\s+/g, '')
  const word = final ? 'Отметка' : 'Оценка'
  if (/^(н\/?а|осв\.?|освобожд[её]на?)$/.test(v))
    return final
      ? `Запись «${value}» в итоговых отметках не допускается (Положение об ЭЖ, п. 5.3): сроки аттестации продлеваются приказом.`
      : v.startsWith('н')
        ? 'Запись «н/а» не допускается (Положение об ЭЖ, п. 5.3); отсутствие отмечается файлом посещаемости.'
        : `Запись «${value}» в журнале не допускается (Положение об ЭЖ, п. 5.3).`
  if (ABSENCE.test(v))
    return `«${value}» — отметка о пропуске, не ${final ? 'итоговая отметка' : 'оценка'}: пропуски загружаются файлом посещаемости.`
  if (/^[2-5][+-]$/.test(v)) return `${word} «${value}»: плюсы и минусы в журнал не ставятся — укажите 2, 3, 4 или 5.`
  if (/^[2-5](?:\s*[/\\|,;]\s*|\s+)[2-5]$/.test(typed))
    return final
      ? `В ячейке две отметки «${value}»: итоговая отметка одна.`
      : `В ячейке две оценки «${value}»: укажите каждую отдельной строкой со своим видом работы.`
  const noted = /^([2-5])\((.+)\)$/.exec(v)
  if (noted)
    return final
      ? `В ячейке отметки только отметка: «${noted[1]}» без пояснения «${noted[2]}».`
      : `В ячейке оценки только оценка: «${noted[1]}»; пояснение «${noted[2]}» — в столбец «Комментарий».`
  return `${word} «${value}» вне допустимых значений: 2, 3, 4, 5, «зачёт», «незачёт».`
}

export const marks: KindDef = {
  kind: 'marks',
  columns,
  grouping: ['class', 'group', 'date', 'period', 'workType'],
  async plan(rows, { client, schoolId }): Promise<Plan> {
    const refs = await loadLessonRows(client, schoolId, rows)
    if (!refs) return refused('В журнале не задан текущий учебный год.')
    const [workTypes, existing] = await Promise.all([
      client.workType.findMany({ where: { schoolId }, select: { id: true, name: true } }),
      client.mark.findMany({
        where: { lesson: { schoolId, date: { gte: refs.from, lte: refs.to } } },
        select: { id: true, lessonId: true, pupilId: true, workTypeId: true, value: true, comment: { select: { id: true, text: true } } },
      }),
    ])
    const workTypeOf = new Map(workTypes.map((w) => [norm(w.name), w]))
    const byKey = new Map(existing.map((m) => [`${m.lessonId}|${m.pupilId}|${m.workTypeId}`, m]))
    const errors: Issue[] = []
    const seen = new SeenKeys()
    const changes = new TableChanges<{ id: string; lessonId: string; pupilId: string; workTypeId: string; value: string }>()
    const comments = new CommentChanges()
    let commentOnly = 0 // rows whose mark stands but whose comment changes
    for (const row of rows) {
      const r = new RowReader(row, columns)
      const target = refs.resolve(r)
      const rawType = r.text('workType', { required: true, max: 100 })
      const workType = rawType ? workTypeOf.get(norm(rawType)) : undefined
      if (rawType && !workType)
        r.error('workType', `Неизвестный вид работы «${rawType}»: допустимы ${workTypes.map((w) => `«${w.name}»`).join(', ')}.`)
      const rawMark = r.text('mark', { required: true, max: 20 })
      const value = rawMark ? parseMark(rawMark) : null
      if (rawMark && !value) r.error('mark', markProblem(rawMark, false))
      if (target && target.cls.grade === 1)
        r.error('mark', 'В 1-х классах оценки в электронный журнал не ставятся (Положение об ЭЖ, п. 3.7).')
      // Положение 2.10: the teacher's comment to the mark, shown beside it in the e-diary.
      const comment = r.text('comment', { max: COMMENT_MAX }).replace(/\s+/g, ' ')
      const key = target && workType ? `${target.lesson.id}|${target.pupil.id}|${workType.id}` : null
      const earlier = r.ok && key ? seen.check(key, r.line) : null
      if (earlier) r.error('mark', `Оценка за этот урок, обучающегося и вид работы уже указана в строке ${earlier}.`)
      errors.push(...r.issues)
      if (!r.ok || !key || !target || !workType || !value) continue
      const found = byKey.get(key)
      const about = { lessonId: target.lesson.id, pupilId: target.pupil.id, authorId: target.lesson.teacherId }
      if (!found) {
        const id = newId()
        changes.create({ id, lessonId: target.lesson.id, pupilId: target.pupil.id, workTypeId: workType.id, value })
        comments.set(undefined, comment, { ...about, markId: id })
        continue
      }
      const data = changedFields(found, { value })
      const commentChanged = comments.set(found.comment ?? undefined, comment, { ...about, markId: found.id })
      if (commentChanged && Object.keys(data).length === 0) commentOnly++
      changes.update(found.id, data)
    }
    const plan = changes.plan(errors, (tx) => ({
      createMany: (args) => tx.mark.createMany(args),
      // A changed mark is stamped with the time it is written.
      update: ({ where, data }) => tx.mark.update({ where, data: { ...data, setAt: new Date() } }),
    }))
    return {
      ...plan,
      updated: plan.updated + commentOnly,
      unchanged: plan.unchanged - commentOnly,
      async write(tx) {
        await plan.write(tx)
        await comments.write(tx)
      },
    }
  },
}
