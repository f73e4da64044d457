import { formatDate } from '#workflows/time'
import { norm } from '../fields'
import { SeenKeys, classIndex, currentYear, groupIndex, newId, staffIndex, subjectIndex } from '../lookups.server'
import { TableChanges, changedFields, refused } from '../plan.server'
import { RowReader } from '../rows'
import type { Column, Issue, KindDef, Plan } from '../types'
import { readClass, readGroup, readSubject, readTeacher } from './shared.server'
import { own } from '#workflows/own'
import { COMMENT_MAX, CommentChanges, lessonCommentColumn } from './comments.server'
import { SCHOOL_DAYS } from '#workflows/typed-day'

/** Положение 4.4.8: topics of practical, laboratory and control works are recorded with the lesson kind. */
const LESSON_KINDS: Record<string, string> = {
  урок: 'урок',
  контрольная: 'контрольная',
  'контрольная работа': 'контрольная',
  лабораторная: 'лабораторная',
  'лабораторная работа': 'лабораторная',
  практическая: 'практическая',
  'практическая работа': 'практическая',
}

const columns: Column[] = [
  { key: 'class', title: 'Класс', required: true, doc: '«5А».' },
  { key: 'group', title: 'Группа', doc: 'Учебная группа класса; пусто — весь класс. Ключ урока: группа + дата + номер урока.' },
  { key: 'date', title: 'Дата', required: true, doc: 'ДД.ММ.ГГГГ, в пределах текущего учебного года.' },
  { key: 'period', title: 'Урок', aliases: ['Номер урока'], required: true, doc: 'Номер урока в дне, 1–12.' },
  { key: 'subject', title: 'Предмет', required: true, doc: 'Название учебного предмета.' },
  { key: 'teacher', title: 'Учитель', doc: 'ФИО учителя, проводившего урок.' },
  { key: 'topic', title: 'Тема', aliases: ['Тема урока'], doc: 'Тема урока (Положение 4.4.8: на русском языке).' },
  {
    key: 'kind',
    title: 'Вид урока',
    aliases: ['Вид занятия'],
    doc: '«урок», «контрольная», «лабораторная», «практическая» (можно со словом «работа»). Пусто — «урок».',
  },
  { key: 'homework', title: 'Домашнее задание', doc: 'Текст задания. В 1-х классах домашние задания не задаются (Положение 3.7).' },
  {
    key: 'homeworkDueOn',
    title: 'Срок выполнения',
    aliases: ['Выполнить к', 'Задание к', 'Срок сдачи'],
    doc:
      'ДД.ММ.ГГГГ: к какому дню задано домашнее задание, позже даты урока и в пределах ' +
      'учебного года (обычно — следующий урок предмета). Пусто — без изменений.',
  },
  lessonCommentColumn,
]

export const lessons: KindDef = {
  kind: 'lessons',
  columns,
  grouping: ['class', 'group', 'date', 'period', 'subject', 'teacher'],
  async plan(rows, { client, schoolId }): Promise<Plan> {
    const year = await currentYear(client, schoolId)
    if (!year) return refused('В журнале не задан текущий учебный год.')
    const [classes, subjects, staff] = await Promise.all([
      classIndex(client, year.id),
      subjectIndex(client, schoolId),
      staffIndex(client, schoolId),
    ])
    const groups = await groupIndex(
      client,
      [...classes.values()].map((c) => c.id),
    )
    const existing = await client.lesson.findMany({
      where: { schoolId, date: { gte: year.startsOn, lte: year.endsOn } },
      select: {
        id: true,
        groupId: true,
        date: true,
        period: true,
        subjectId: true,
        teacherId: true,
        topic: true,
        kind: true,
        homework: true,
        homeworkDueOn: true,
        // The comment to the whole lesson (not to a pupil, not to a mark): the one this column writes.
        comments: { where: { pupilId: null, markId: null }, select: { id: true, text: true }, orderBy: { writtenAt: 'asc' }, take: 1 },
      },
    })
    const byKey = new Map(existing.map((l) => [`${l.groupId}|${l.date}|${l.period}`, l]))
    const errors: Issue[] = []
    const warnings: Issue[] = []
    const seen = new SeenKeys()
    const comments = new CommentChanges()
    let commentOnly = 0 // rows whose lesson stands but whose comment changes
    const changes = new TableChanges<{
      id: string
      schoolId: string
      groupId: string
      subjectId: string
      teacherId: string | null
      date: string
      period: number
      topic: string
      kind: string
      homework: string
      homeworkDueOn: string | null
    }>()
    for (const row of rows) {
      const r = new RowReader(row, columns)
      const cls = readClass(r, classes, year.name)
      const group = readGroup(r, groups, cls)
      const date = r.day('date', { required: true, years: SCHOOL_DAYS })
      if (date && (date < year.startsOn || date > year.endsOn))
        r.error(
          'date',
          `Дата ${formatDate(date)} вне учебного года ${year.name} (${formatDate(year.startsOn)} – ${formatDate(year.endsOn)}).`,
        )
      const period = r.int('period', { required: true, min: 1, max: 12 })
      const subject = readSubject(r, subjects)
      const teacherId = readTeacher(r, staff)
      const topic = r.text('topic', { max: 500 })
      // Положение 4.4.8: «Все записи по всем учебным предметам (включая уроки иностранного языка) ведёт на русском
      // языке». A topic with no Cyrillic letter is loaded (a term may be quoted) but the teacher is told.
      if (topic && !/[А-Яа-яЁё]/.test(topic))
        warnings.push({
          line: r.line,
          column: 'Тема',
          message:
            `Тема «${topic}» записана без русских букв: записи по всем предметам, включая ` +
            'иностранный язык, ведутся на русском языке (Положение об ЭЖ, п. 4.4.8).',
        })
      const rawKind = r.text('kind', { max: 50 })
      const kind = rawKind ? own(LESSON_KINDS, norm(rawKind)) : undefined
      if (rawKind && !kind)
        r.error('kind', `Неизвестный вид урока «${rawKind}»: допустимы «урок», «контрольная», «лабораторная», «практическая».`)
      const homework = r.text('homework', { max: 2000 })
      if (homework && cls?.grade === 1)
        r.error('homework', 'В 1-х классах домашние задания в электронный журнал не ставятся (Положение об ЭЖ, п. 3.7).')
      const dueOn = r.day('homeworkDueOn', { years: SCHOOL_DAYS })
      if (dueOn && date && dueOn <= date)
        r.error('homeworkDueOn', `Срок выполнения ${formatDate(dueOn)} должен быть позже даты урока ${formatDate(date)}.`)
      else if (dueOn && dueOn > year.endsOn)
        r.error(
          'homeworkDueOn',
          `Срок выполнения ${formatDate(dueOn)} позже конца учебного года ${year.name} (${formatDate(year.endsOn)}).`,
        )
      const comment = r.text('comment', { max: COMMENT_MAX }).replace(/\s+/g, ' ')
      const key = group && date && period ? `${group.id}|${date}|${period}` : null
      if (dueOn && !homework && !(key && byKey.get(key)?.homework))
        r.error('homeworkDueOn', 'Указан срок выполнения, но нет домашнего задания: заполните столбец «Домашнее задание».')
      const earlier = r.ok && key ? seen.check(key, r.line) : null
      if (earlier) r.error('period', `Урок с той же группой, датой и номером уже указан в строке ${earlier}.`)
      errors.push(...r.issues)
      if (!r.ok || !key || !group || !subject || !date || !period) continue
      const found = byKey.get(key)
      const about = { markId: null, pupilId: null }
      if (!found) {
        const id = newId()
        comments.set(undefined, comment, { ...about, lessonId: id, authorId: teacherId ?? null })
        changes.create({
          id,
          schoolId,
          groupId: group.id,
          subjectId: subject.id,
          teacherId: teacherId ?? null,
          date,
          period,
          topic,
          kind: kind ?? 'урок',
          homework,
          homeworkDueOn: dueOn,
        })
        continue
      }
      const data = changedFields(found, { subjectId: subject.id, teacherId, topic, kind, homework, homeworkDueOn: dueOn })
      const author = teacherId ?? found.teacherId
      if (comments.set(found.comments[0], comment, { ...about, lessonId: found.id, authorId: author }) && !Object.keys(data).length)
        commentOnly++
      changes.update(found.id, data)
    }
    const plan = changes.plan(errors, (tx) => tx.lesson)
    return {
      ...plan,
      warnings,
      updated: plan.updated + commentOnly,
      unchanged: plan.unchanged - commentOnly,
      async write(tx) {
        await plan.write(tx)
        await comments.write(tx)
      },
    }
  },
}
