import fs from 'node:fs'
import path from 'node:path'
import ExcelJS from 'exceljs'
import iconv from 'iconv-lite'
import { describe, expect, it } from 'vitest'
import { db } from '#app/utils/db.server'
import { applyImport, dryRunImport } from '#app/import/run.server'
import { escapeForExport } from '#app/import/cells'
import type { ImportKind } from '#app/import/types'
import { getJournalInformation } from '#app/models/journal/index.server'
import { formatDay } from '#app/utils/format'
import { addDays } from '#workflows/time'

const SCHOOL = 'school_8'
const SAMPLES = path.resolve(__dirname, '..', '..', 'docs', 'import-samples')

const cell = (v: string) => (/[;"\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)
const csv = (rows: string[][]) => new TextEncoder().encode(rows.map((r) => r.map(cell).join(';')).join('\n'))
const input = (kind: ImportKind, bytes: Uint8Array, fileName = `${kind}.csv`) => ({ schoolId: SCHOOL, kind, fileName, bytes })
const fio = (p: { lastName: string; firstName: string; middleName: string }) => `${p.lastName} ${p.firstName} ${p.middleName}`

/** Row counts of every table an import writes: equal snapshots mean nothing was added or removed. */
async function snapshot() {
  const [
    classes,
    groups,
    staff,
    users,
    roles,
    subjects,
    pupils,
    memberships,
    movements,
    guardians,
    links,
    timetable,
    lessons,
    marks,
    attendance,
  ] = await Promise.all([
    db.schoolClass.count(),
    db.teachingGroup.count(),
    db.staff.count(),
    db.user.count(),
    db.userRole.count(),
    db.subject.count(),
    db.pupil.count(),
    db.groupMembership.count(),
    db.pupilMovement.count(),
    db.guardian.count(),
    db.guardianLink.count(),
    db.timetableEntry.count(),
    db.lesson.count(),
    db.mark.count(),
    db.attendance.count(),
  ])
  return {
    classes,
    groups,
    staff,
    users,
    roles,
    subjects,
    pupils,
    memberships,
    movements,
    guardians,
    links,
    timetable,
    lessons,
    marks,
    attendance,
  }
}

async function year() {
  return db.academicYear.findFirstOrThrow({ where: { current: true } })
}

describe('marks as an e-journal export writes them, in a real XLSX', () => {
  it('says of «5-», «4/5», «н», «осв.», «2 (долг)» what each is and where it goes; nothing is written', async () => {
    const math = await db.lesson.findFirstOrThrow({
      where: { group: { class: { name: '5А' }, wholeClass: true }, subject: { name: 'Математика' } },
      orderBy: { date: 'asc' },
    })
    const pupil = await db.pupil.findFirstOrThrow({ where: { class: { name: '5А' }, leftOn: null, enrolledOn: { lte: math.date } } })
    const book = new ExcelJS.Workbook()
    const sheet = book.addWorksheet('Оценки')
    sheet.addRow(['Класс', 'Дата', 'Урок', 'Обучающийся', 'Вид работы', 'Оценка'])
    for (const mark of ['5-', '4/5', 'н', 'Нб', 'осв.', '2 (долг)', 4.5])
      sheet.addRow(['5А', new Date(`${math.date}T00:00:00Z`), math.period, fio(pupil), 'Работа на уроке', mark])
    const bytes = new Uint8Array(await book.xlsx.writeBuffer())
    const before = await snapshot()
    const report = await dryRunImport(input('marks', bytes, 'Оценки 5А.xlsx'))
    expect(report.ok).toBe(false)
    expect(report.errors.map((e) => `${e.line}: ${e.message}`)).toEqual([
      '2: Оценка «5-»: плюсы и минусы в журнал не ставятся — укажите 2, 3, 4 или 5.',
      '3: В ячейке две оценки «4/5»: укажите каждую отдельной строкой со своим видом работы.',
      '4: «н» — отметка о пропуске, не оценка: пропуски загружаются файлом посещаемости.',
      '5: «Нб» — отметка о пропуске, не оценка: пропуски загружаются файлом посещаемости.',
      '6: Запись «осв.» в журнале не допускается (Положение об ЭЖ, п. 5.3).',
      '7: В ячейке оценки только оценка: «2»; пояснение «долг» — в столбец «Комментарий».',
      '8: Оценка «4.5» вне допустимых значений: 2, 3, 4, 5, «зачёт», «незачёт».',
    ])
    expect(await snapshot()).toEqual(before)
  })
})

describe('marks: the dry run reports every bad row with its line and writes nothing', () => {
  it('names each problem in Russian; the apply refuses the whole file', async () => {
    const math = await db.lesson.findFirstOrThrow({
      where: { group: { class: { name: '5А' }, wholeClass: true }, subject: { name: 'Математика' } },
      orderBy: { date: 'asc' },
    })
    const pupil = await db.pupil.findFirstOrThrow({ where: { class: { name: '5А' }, leftOn: null, enrolledOn: { lte: math.date } } })
    const taken = new Set((await db.mark.findMany({ where: { lessonId: math.id, pupilId: pupil.id } })).map((m) => m.workTypeId))
    const workType = (await db.workType.findMany()).find((w) => !taken.has(w.id))!
    const first = await db.lesson.findFirstOrThrow({ where: { group: { class: { name: '1А' } } } })
    const firstPupil = await db.pupil.findFirstOrThrow({ where: { class: { name: '1А' }, leftOn: null, enrolledOn: { lte: first.date } } })
    const eng1 = await db.lesson.findFirstOrThrow({ where: { group: { class: { name: '5А' }, name: 'Английский язык, группа 1' } } })
    const inGroup2 = await db.pupil.findFirstOrThrow({
      where: { leftOn: null, memberships: { some: { group: { class: { name: '5А' }, name: 'Английский язык, группа 2' } } } },
    })
    const good = ['5А', '', formatDay(math.date), String(math.period), fio(pupil), formatDay(pupil.birthDate), workType.name, '5']
    const rows = [
      ['Класс', 'Группа', 'Дата', 'Урок', 'Обучающийся', 'Дата рождения', 'Вид работы', 'Оценка'],
      good, // line 2
      ['5Я', '', formatDay(math.date), String(math.period), fio(pupil), '', workType.name, '4'],
      ['5А', '', '31.02.2026', String(math.period), fio(pupil), '', workType.name, '4'],
      ['5А', '', formatDay(math.date), String(math.period), fio(pupil), '', workType.name, '6'],
      ['5А', '', formatDay(math.date), String(math.period), fio(pupil), '', workType.name, 'н/а'],
      ['5А', '', formatDay(math.date), String(math.period), 'Несуществующий Ученик Иванович', '', workType.name, '4'],
      ['1А', '', formatDay(first.date), String(first.period), fio(firstPupil), '', 'Работа на уроке', '5'],
      [
        '5А',
        'Английский язык, группа 1',
        formatDay(eng1.date),
        String(eng1.period),
        fio(inGroup2),
        formatDay(inGroup2.birthDate),
        'Работа на уроке',
        '5',
      ],
      good, // line 10: the same mark again
      ['5А', '', formatDay(math.date), String(math.period), fio(pupil), '', '=1+1', '4'],
    ]
    const before = await snapshot()
    const report = await dryRunImport(input('marks', csv(rows)))
    expect(report.ok).toBe(false)
    expect(report.rows).toBe(10)
    expect(report.counts.created).toBe(1)
    const at = (line: number) => report.errors.filter((e) => e.line === line).map((e) => `${e.column}: ${e.message}`)
    expect(at(2)).toEqual([])
    expect(at(3)).toEqual([expect.stringMatching(/^Класс: Класс «5Я» не найден в текущем учебном году/)])
    expect(at(4)).toEqual(['Дата: Неверная дата «31.02.2026»: ожидается ДД.ММ.ГГГГ (например, 05.11.2026).'])
    expect(at(5)).toEqual(['Оценка: Оценка «6» вне допустимых значений: 2, 3, 4, 5, «зачёт», «незачёт».'])
    expect(at(6)).toEqual([expect.stringMatching(/«н\/а» не допускается \(Положение об ЭЖ, п\. 5\.3\)/)])
    expect(at(7)).toEqual(['Обучающийся: Обучающийся «Несуществующий Ученик Иванович» не найден.'])
    expect(at(8)).toEqual(['Оценка: В 1-х классах оценки в электронный журнал не ставятся (Положение об ЭЖ, п. 3.7).'])
    expect(at(9)).toEqual([expect.stringMatching(/не входит в группу этого урока .*4\.4\.9/)])
    expect(at(10)).toEqual(['Оценка: Оценка за этот урок, обучающегося и вид работы уже указана в строке 2.'])
    expect(at(11)).toEqual([expect.stringMatching(/^Вид работы: Неизвестный вид работы «=1\+1»/)])
    expect(report.warnings.map((w) => w.line)).toContain(11)
    expect(report.errors.every((e) => e.file === 'marks.csv')).toBe(true)
    expect(await snapshot()).toEqual(before)

    const applied = await applyImport(input('marks', csv(rows)))
    expect(applied).toMatchObject({ applied: false, ok: false })
    expect(applied.errors).toHaveLength(report.errors.length)
    expect(await snapshot()).toEqual(before)

    // The good row alone goes in; a second run changes nothing.
    const once = await applyImport(input('marks', csv([rows[0], good])))
    expect(once).toMatchObject({ applied: true, counts: { created: 1, updated: 0, unchanged: 0 } })
    expect(await db.mark.count()).toBe(before.marks + 1)
    const twice = await applyImport(input('marks', csv([rows[0], good])))
    expect(twice).toMatchObject({ applied: true, counts: { created: 0, updated: 0, unchanged: 1 } })
    expect(await db.mark.count()).toBe(before.marks + 1)
    expect(await db.auditEvent.count({ where: { action: 'import', entityId: 'marks' } })).toBe(2)
  })
})

describe('whole-file problems', () => {
  it('reports a malformed, empty or oversized file and a wrong kind of file', async () => {
    const cases: Array<[Uint8Array, string, RegExp]> = [
      [new Uint8Array(), 'empty.csv', /^Файл пуст\.$/],
      [new TextEncoder().encode('Класс;Тема\n5А;"не закрыта\n'), 'broken.csv', /не закрыта кавычка/],
      [new Uint8Array(5 * 1024 * 1024 + 1).fill(59), 'big.csv', /больше 5 МБ/],
      [
        new TextEncoder().encode('Предмет;Оценка\nМатематика;5\n'),
        'marks-wrong.csv',
        /Нет обязательных столбцов: «Класс», «Дата», «Урок», «Обучающийся», «Вид работы»/,
      ],
    ]
    const before = await snapshot()
    for (const [bytes, name, message] of cases) {
      const report = await dryRunImport(input('marks', bytes, name))
      expect(report.ok).toBe(false)
      expect(report.errors).toEqual([expect.objectContaining({ file: name, message: expect.stringMatching(message) })])
      expect((await applyImport(input('marks', bytes, name))).applied).toBe(false)
    }
    expect(await snapshot()).toEqual(before)
  })
})

describe('pupils and movement', () => {
  it('records a move to another class and a leaving as events, idempotently, and never overwrites a leaving date', async () => {
    const y = await year()
    const [p1, p2] = await db.pupil.findMany({
      where: { class: { name: '5А' }, leftOn: null, enrolledOn: { lt: y.startsOn } },
      take: 2,
      orderBy: { lastName: 'asc' },
    })
    const movedOn = addDays(y.startsOn, 40)
    const leftOn = addDays(y.startsOn, 50)
    const header = [
      'Фамилия',
      'Имя',
      'Отчество',
      'Дата рождения',
      'Класс',
      'Дата зачисления',
      'Дата выбытия',
      'Дата перевода',
      'Примечание',
    ]
    const file = csv([
      header,
      [p1.lastName, p1.firstName, p1.middleName, formatDay(p1.birthDate), '5Б', '', '', formatDay(movedOn), 'приказ № 12'],
      [p2.lastName, p2.firstName, p2.middleName, formatDay(p2.birthDate), '5А', '', formatDay(leftOn), '', 'выбыл в связи с переездом'],
    ])
    const first = await applyImport(input('pupils', file))
    expect(first).toMatchObject({ applied: true, counts: { created: 0, updated: 2, unchanged: 0 } })
    const cls5b = await db.schoolClass.findFirstOrThrow({ where: { name: '5Б' } })
    expect(
      await db.pupilMovement.findMany({
        where: { pupilId: { in: [p1.id, p2.id] } },
        select: { pupilId: true, kind: true, date: true, toClassId: true, note: true },
      }),
    ).toEqual(
      expect.arrayContaining([
        { pupilId: p1.id, kind: 'moved', date: movedOn, toClassId: cls5b.id, note: 'приказ № 12' },
        { pupilId: p2.id, kind: 'left', date: leftOn, toClassId: null, note: 'выбыл в связи с переездом' },
      ]),
    )
    expect((await db.pupil.findUniqueOrThrow({ where: { id: p1.id } })).classId).toBe(cls5b.id)
    const memberships = await db.groupMembership.findMany({ where: { pupilId: p1.id }, include: { group: true } })
    expect(memberships.filter((m) => m.group.classId !== cls5b.id).every((m) => m.toDate === addDays(movedOn, -1))).toBe(true)
    expect(memberships.find((m) => m.group.classId === cls5b.id && m.group.wholeClass)).toMatchObject({ fromDate: movedOn, toDate: null })
    expect((await db.groupMembership.findMany({ where: { pupilId: p2.id } })).every((m) => m.toDate === leftOn)).toBe(true)

    // The journal follows the move (Положение 4.4.9): after it, only the lessons of the 5Б whole class.
    const info = await getJournalInformation(SCHOOL, p1.id, ['topics'], { from: movedOn, to: y.endsOn })
    const whole5b = await db.lesson.count({
      where: { group: { classId: cls5b.id, wholeClass: true }, date: { gte: movedOn, lte: info!.range.until }, topic: { not: '' } },
    })
    const topics = info!.kinds.topics!
    expect(topics.available ? topics.rows.length : 0).toBe(whole5b)

    const movementsBefore = await db.pupilMovement.count()
    const again = await applyImport(input('pupils', file))
    expect(again).toMatchObject({ applied: true, counts: { created: 0, updated: 0, unchanged: 2 } })
    expect(await db.pupilMovement.count()).toBe(movementsBefore)

    const other = await dryRunImport(
      input(
        'pupils',
        csv([header, [p2.lastName, p2.firstName, p2.middleName, formatDay(p2.birthDate), '5А', '', formatDay(addDays(leftOn, 3)), '', '']]),
      ),
    )
    expect(other.errors).toEqual([
      expect.objectContaining({
        line: 2,
        column: 'Дата выбытия',
        message: `По журналу обучающийся выбыл ${formatDay(leftOn)}: дата выбытия через импорт не меняется.`,
      }),
    ])
  })

  it('reports a duplicate pupil, an unknown class and a bad birth date', async () => {
    const header = ['Фамилия', 'Имя', 'Отчество', 'Дата рождения', 'Класс']
    const report = await dryRunImport(
      input(
        'pupils',
        csv([
          header,
          ['Новикова', 'Дарья', 'Ильинична', '12.04.2015', '5А'],
          ['Новикова', 'Дарья', 'Ильинична', '12.04.2015', '5Б'],
          ['Смирнов', 'Олег', '', '01.01.2015', '5Ж'],
          ['Смирнов', 'Олег', '', '2015-13-01', '5А'],
          ['=cmd', 'Олег', '', '01.01.2015', '5А'],
        ]),
      ),
    )
    expect(report.errors.map((e) => [e.line, e.column])).toEqual([
      [3, 'Фамилия'],
      [4, 'Класс'],
      [5, 'Дата рождения'],
      [6, 'Фамилия'],
    ])
    expect(report.errors[0].message).toBe('Обучающийся повторяется: та же ФИО и дата рождения в строке 2.')
    expect(report.errors[3].message).toMatch(/Недопустимые символы в «=cmd»/)
  })

  it('refuses a new pupil younger than 5 at the school year’s start — the enrolment date typed as the birth date', async () => {
    const header = ['Фамилия', 'Имя', 'Отчество', 'Дата рождения', 'Класс']
    const before = await db.pupil.count()
    const file = csv([
      header,
      ['Ласточкина', 'Вера', 'Олеговна', '01.09.2026', '10Б'],
      ['Ласточкина', 'Ольга', 'Олеговна', '12.04.2011', '10Б'],
    ])
    const report = await applyImport(input('pupils', file))
    expect(report.applied).toBe(false)
    expect(report.errors.map((e) => [e.line, e.column])).toEqual([[2, 'Дата рождения']])
    expect(report.errors[0].message).toMatch(
      /^Дата рождения 01\.09\.2026: на начало учебного года \(\d\d\.\d\d\.\d{4}\) обучающемуся меньше 5 лет — проверьте дату/,
    )
    expect(await db.pupil.count()).toBe(before)
  })

  it('reads a Latin look-alike in a Russian name as the Russian letter, with a warning, so it is no second pupil', async () => {
    const y = await year()
    const known = await db.pupil.findFirstOrThrow({
      where: { schoolId: SCHOOL, leftOn: null, lastName: { contains: 'о' }, class: { academicYear: { id: y.id } } },
      include: { class: true },
    })
    const latin = (v: string) => v.replace(/о/g, 'o').replace(/а/g, 'a').replace(/е/g, 'e')
    const header = ['Фамилия', 'Имя', 'Отчество', 'Дата рождения', 'Класс']
    const report = await dryRunImport(
      input(
        'pupils',
        csv([
          header,
          [latin(known.lastName), known.firstName, known.middleName, formatDay(known.birthDate), known.class.name],
          ['Smith', 'John', '', '05.06.2015', '5А'],
        ]),
      ),
    )
    expect(report.errors).toEqual([])
    expect(report.counts).toEqual({ created: 1, updated: 0, unchanged: 1 })
    expect(report.warnings.filter((w) => w.line === 2).map((w) => [w.column, w.message])).toEqual([
      [
        'Фамилия',
        `Латинские буквы в русском слове заменены русскими: «${latin(known.lastName)}» → «${known.lastName}». ` +
          'Исправьте слово и в своём файле.',
      ],
    ])
  })

  it('refuses a name with a letter typed on the English layout, which would be a second pupil', async () => {
    const header = ['Фамилия', 'Имя', 'Отчество', 'Дата рождения', 'Класс']
    const report = await dryRunImport(input('pupils', csv([header, ['Ермakов', 'Михаил', 'Александрович', '04.05.2015', '5А']])))
    expect(report.errors.map((e) => [e.line, e.column, e.message])).toEqual([
      [
        2,
        'Фамилия',
        'В «Ермakов» смешаны русские и латинские буквы (часть слова набрана в английской раскладке): ' +
          'наберите слово заново русскими буквами.',
      ],
    ])
  })

  it('reads a CP1251 file and writes nothing when the transaction fails half-way', async () => {
    const bytes = iconv.encode('Фамилия;Имя;Отчество;Дата рождения;Класс\r\nЁлкина;Софья;Андреевна;03.03.2015;5А\r\n', 'win1251')
    const before = await snapshot()
    await expect(
      applyImport(input('pupils', bytes), {
        beforeCommit: async () => {
          throw new Error('сбой диска')
        },
      }),
    ).rejects.toThrow('сбой диска')
    expect(await snapshot()).toEqual(before)
    const report = await applyImport(input('pupils', bytes))
    expect(report).toMatchObject({ applied: true, format: 'CSV, CP1251, разделитель «;»', counts: { created: 1 } })
    expect(await db.pupil.findFirst({ where: { lastName: 'Ёлкина', firstName: 'Софья' } })).toMatchObject({
      middleName: 'Андреевна',
      birthDate: '2015-03-03',
    })
  })
})

describe('formula injection', () => {
  it(
    'stores a formula-looking cell as text (with a warning) and escapes it on export; an XLSX ' +
      'formula is never evaluated: the value Excel saved with it is read (issue 17 item 6)',
    async () => {
      const workbook = new ExcelJS.Workbook()
      const sheet = workbook.addWorksheet('Сотрудники')
      sheet.addRow(['Фамилия', 'Имя', 'Отчество', 'Должность', 'Кабинет'])
      sheet.addRow([
        'Формулова',
        'Анна',
        'Петровна',
        { formula: 'HYPERLINK("http://evil.example","Учитель")', result: 'Учитель' },
        '@SUM(1)',
      ])
      const bytes = new Uint8Array(await workbook.xlsx.writeBuffer())
      const report = await applyImport(input('staff', bytes, 'staff.xlsx'))
      expect(report).toMatchObject({ applied: true, format: 'XLSX', counts: { created: 1 } })
      expect(report.warnings.map((w) => [w.line, w.column])).toEqual([[2, 'Кабинет']])
      const stored = await db.staff.findFirstOrThrow({ where: { lastName: 'Формулова' } })
      // What the cell shows in Excel; the formula (and its link) is neither run nor kept.
      expect(stored.position).toBe('Учитель')
      expect(stored.room).toBe('@SUM(1)')
      expect(escapeForExport(stored.room)).toBe(`'${stored.room}`)
    },
  )
})

describe('the sample files of docs/import-samples', () => {
  it('load in order (CSV in UTF-8, UTF-8+BOM and CP1251, one XLSX) and loading them again changes nothing', async () => {
    const y = await year()
    const start = Number(y.startsOn.slice(0, 4))
    // The samples are dated 2026/2027; shift them into the year the test database was seeded for.
    const shift = (text: string) => text.replace(/\.2026\b/g, `.${start}`).replace(/\.2027\b/g, `.${start + 1}`)
    const load = (name: string): Uint8Array => {
      const raw = fs.readFileSync(path.join(SAMPLES, name))
      if (name.endsWith('.xlsx')) return new Uint8Array(raw)
      if (name.includes('cp1251')) return new Uint8Array(iconv.encode(shift(iconv.decode(raw, 'win1251')), 'win1251'))
      return new TextEncoder().encode(shift(raw.toString('utf8')))
    }
    const files: Array<[string, ImportKind]> = [
      ['1-staff.csv', 'staff'],
      ['2-subjects.csv', 'subjects'],
      ['3-classes.csv', 'classes'],
      ['4-pupils-cp1251.csv', 'pupils'],
      ['5-guardians-bom-comma.csv', 'guardians'],
      ['6-timetable.xlsx', 'timetable'],
      ['7-lessons.csv', 'lessons'],
      ['8-marks.csv', 'marks'],
      ['9-attendance.csv', 'attendance'],
      ['10-final-marks.csv', 'final-marks'],
      ['11-planned-hours.csv', 'planned-hours'],
      ['12-recommendations.csv', 'recommendations'],
    ]
    for (const [name, kind] of files) {
      const report = await applyImport(input(kind, load(name), name))
      expect({ name, errors: report.errors }).toEqual({ name, errors: [] })
      expect(report.applied).toBe(true)
      expect(report.counts.created).toBeGreaterThan(0)
    }
    const after = await snapshot()
    for (const [name, kind] of files) {
      const report = await applyImport(input(kind, load(name), name))
      expect({ name, counts: report.counts.created + report.counts.updated }).toEqual({ name, counts: 0 })
    }
    expect(await snapshot()).toEqual(after)

    // The arrival is an event; the imported marks show through the journal, each pupil in their own English group.
    const alisa = await db.pupil.findFirstOrThrow({ where: { lastName: 'Лебедева', firstName: 'Алиса' }, include: { guardians: true } })
    expect(alisa.guardians).toHaveLength(2)
    expect(await db.pupilMovement.count({ where: { pupil: { lastName: 'Никитин', firstName: 'Марк' }, kind: 'arrived' } })).toBe(1)
    const info = await getJournalInformation(SCHOOL, alisa.id, ['marks', 'topics', 'timetable'], { from: y.startsOn, to: y.endsOn })
    const { marks, topics, timetable } = info!.kinds
    expect(marks?.available && marks.rows.map((m) => m.mark)).toEqual(['5', '5', '4'])
    // The samples' comment columns (ADR 067): one to Алиса's mark, one to the whole control work.
    expect(
      await db.journalComment.findMany({
        where: { pupilId: alisa.id, markId: { not: null } },
        select: { text: true, mark: { select: { value: true } } },
      }),
    ).toEqual([{ text: 'Полный ответ, хорошие примеры.', mark: { value: '5' } }])
    expect(
      await db.journalComment.count({
        where: { pupilId: null, text: { startsWith: 'Класс в целом справился' }, lesson: { group: { class: { name: '5В' } } } },
      }),
    ).toBe(1)
    expect(topics?.available && topics.rows.filter((t) => t.subject === 'Английский язык').map((t) => t.topic)).toEqual([
      'Unit 3. Free time: чтение текста',
    ])
    expect(timetable?.available && timetable.rows.find((t) => t.subject === 'Английский язык')).toMatchObject({
      group: 'Английский язык, группа 1',
      room: '230',
    })
    const staff = await db.staff.findFirstOrThrow({ where: { lastName: 'Белова' }, include: { user: { include: { roles: true } } } })
    expect(staff.user?.roles.map((r) => r.role).sort()).toEqual(['class_teacher', 'teacher'])
    expect(staff.user?.mustChangePassword).toBe(true)
    // The sample writes «каб. 19»: a room is stored as its number, printing adds «кабинет».
    expect(staff.room).toBe('19')
    // Homework carries the due day of the lessons file; the 1st quarter's final marks are in the journal.
    expect(
      (await db.lesson.findFirstOrThrow({ where: { group: { class: { name: '5В' } }, topic: 'Обыкновенные дроби' } })).homeworkDueOn,
    ).toBe(`${start}-11-17`)
    const finals = await db.finalMark.findMany({ where: { pupilId: alisa.id }, include: { subject: true, period: true } })
    expect(finals.map((f) => `${f.period.name}: ${f.subject.name} ${f.value}`).sort()).toEqual([
      '1 четверть: Математика 5',
      '1 четверть: Русский язык 5',
    ])
  })
})

describe('group transfers (Положение 4.4.9)', () => {
  it(
    '«Перевод обучающихся из группы в группу может быть произведен … только по окончанию учебного периода ' +
      '(четверти, полугодия)»: refused inside a quarter, applied on the first day of the next',
    async () => {
      const y = await year()
      const quarters = await db.reportingPeriod.findMany({ where: { academicYearId: y.id, kind: 'quarter' }, orderBy: { ordinal: 'asc' } })
      const [q1, q2] = quarters
      const cls = await db.schoolClass.findFirstOrThrow({
        where: { academicYearId: y.id, grade: { gte: 5, lte: 9 }, groups: { some: { wholeClass: false } } },
        orderBy: { name: 'asc' },
      })
      const groups = await db.teachingGroup.findMany({ where: { classId: cls.id, wholeClass: false }, orderBy: { name: 'asc' } })
      // Two groups of one subject (group 1 and group 2): move a pupil of the first into the second.
      const pair = groups
        .map((g) => [g, groups.find((o) => o.id !== g.id && o.name.replace(/\d+$/, '') === g.name.replace(/\d+$/, ''))] as const)
        .find(([, o]) => o)!
      const [from, to] = [pair[0], pair[1]!]
      const pupil = await db.pupil.findFirstOrThrow({
        where: {
          classId: cls.id,
          leftOn: null,
          enrolledOn: { lt: q1.startsOn },
          memberships: { some: { groupId: from.id, toDate: null } },
        },
      })
      const others = groups.filter((g) => g.id !== from.id && g.id !== to.id)
      const keep = (
        await db.groupMembership.findMany({
          where: { pupilId: pupil.id, toDate: null, groupId: { in: others.map((g) => g.id) } },
          include: { group: true },
        })
      ).map((m) => m.group.name)
      const file = csv([
        ['Фамилия', 'Имя', 'Отчество', 'Дата рождения', 'Класс', 'Группы'],
        [pupil.lastName, pupil.firstName, pupil.middleName, formatDay(pupil.birthDate), cls.name, [to.name, ...keep].join(' | ')],
      ])
      const before = await snapshot()
      const inside = addDays(q2.startsOn, 10)
      const refused = await applyImport({ ...input('pupils', file), today: inside })
      expect(refused.applied).toBe(false)
      expect(refused.errors).toEqual([
        {
          file: 'pupils.csv',
          line: 2,
          column: 'Группы',
          message:
            'Перевод из группы в группу возможен только по окончании учебного периода (Положение об ЭЖ, п. 4.4.9): ' +
            `${q2.name} идёт до ${formatDay(q2.endsOn)}. Загрузите изменение групп после окончания периода.`,
        },
      ])
      expect(await snapshot()).toEqual(before)
      expect(await db.groupMembership.findFirst({ where: { pupilId: pupil.id, groupId: to.id } })).toBeNull()

      // The first day of the 2nd quarter: the 1st has ended, the transfer takes effect that day.
      const done = await applyImport({ ...input('pupils', file), today: q2.startsOn })
      expect(done).toMatchObject({ applied: true, counts: { updated: 1 } })
      expect(await db.groupMembership.findFirstOrThrow({ where: { pupilId: pupil.id, groupId: to.id } })).toMatchObject({
        fromDate: q2.startsOn,
        toDate: null,
      })
      expect(await db.groupMembership.findFirstOrThrow({ where: { pupilId: pupil.id, groupId: from.id } })).toMatchObject({
        toDate: addDays(q2.startsOn, -1),
      })
    },
  )
})

describe('records in Russian (Положение 4.4.8)', () => {
  it(
    '«Все записи по всем учебным предметам (включая уроки иностранного языка) ведёт на русском ' +
      'языке»: a topic with no Cyrillic is warned about; the demo journal has none',
    async () => {
      const y = await year()
      const day = formatDay(addDays(y.startsOn, 3))
      const report = await dryRunImport(
        input(
          'lessons',
          csv([
            ['Класс', 'Дата', 'Урок', 'Предмет', 'Тема'],
            ['5А', day, '11', 'Английский язык', 'Unit 5. Hobbies'],
            ['5А', day, '12', 'Английский язык', 'Увлечения: лексика по теме (Hobbies)'],
          ]),
        ),
      )
      expect(report.errors).toEqual([])
      expect(report.warnings).toEqual([
        expect.objectContaining({
          line: 2,
          column: 'Тема',
          message:
            'Тема «Unit 5. Hobbies» записана без русских букв: записи по всем предметам, включая ' +
            'иностранный язык, ведутся на русском языке (Положение об ЭЖ, п. 4.4.8).',
        }),
      ])
      const topics = await db.lesson.findMany({ where: { topic: { not: '' } }, select: { topic: true }, distinct: ['topic'] })
      expect(topics.length).toBeGreaterThan(0)
      expect(topics.filter((t) => !/[А-Яа-яЁё]/.test(t.topic))).toEqual([])
    },
  )
})

describe('lessons: the homework due day (ADR 049)', () => {
  it('stores «Срок выполнения» and refuses a day not after the lesson or a due day without homework, writing nothing', async () => {
    const lesson = await db.lesson.findFirstOrThrow({
      where: { group: { class: { name: '5А' }, wholeClass: true }, subject: { name: 'Математика' }, homework: { not: '' } },
      orderBy: { date: 'desc' },
      include: { subject: true },
    })
    const free = await db.lesson.findFirstOrThrow({
      where: { group: { class: { name: '5А' }, wholeClass: true }, homework: '' },
      include: { subject: true },
    })
    const header = ['Класс', 'Дата', 'Урок', 'Предмет', 'Домашнее задание', 'Срок выполнения']
    const row = (l: typeof lesson, homework: string, due: string) => [
      '5А',
      formatDay(l.date),
      String(l.period),
      l.subject.name,
      homework,
      due,
    ]
    const due = addDays(lesson.date, 2)
    const bad = await applyImport(
      input(
        'lessons',
        csv([
          header,
          row(lesson, '', formatDay(due)),
          row(lesson, '', formatDay(lesson.date)),
          row(free, '', formatDay(addDays(free.date, 1))),
        ]),
      ),
    )
    expect(bad.applied).toBe(false)
    expect(bad.errors.map((e) => [e.line, e.column, e.message])).toEqual([
      [3, 'Срок выполнения', `Срок выполнения ${formatDay(lesson.date)} должен быть позже даты урока ${formatDay(lesson.date)}.`],
      [4, 'Срок выполнения', 'Указан срок выполнения, но нет домашнего задания: заполните столбец «Домашнее задание».'],
    ])
    expect((await db.lesson.findUniqueOrThrow({ where: { id: lesson.id } })).homeworkDueOn).toBe(lesson.homeworkDueOn)

    const good = await applyImport(input('lessons', csv([header, row(lesson, '', formatDay(due))])))
    expect(good).toMatchObject({ applied: true, counts: { updated: lesson.homeworkDueOn === due ? 0 : 1 } })
    expect((await db.lesson.findUniqueOrThrow({ where: { id: lesson.id } })).homeworkDueOn).toBe(due)
  })
})

describe('staff roles (separation of duties)', () => {
  it('an administrator’s own import cannot give their own account a role that opens applications; grants are audited', async () => {
    const admin = await db.user.findFirstOrThrow({ where: { login: 'admin' }, include: { staff: true } })
    const me = admin.staff!
    const header = ['Фамилия', 'Имя', 'Отчество', 'Должность', 'Логин', 'Роли']
    const self = (roles: string) => [me.lastName, me.firstName, me.middleName, me.position, 'admin', roles]
    const before = await snapshot()
    for (const roles of ['director', 'responsible, teacher', 'Секретарь']) {
      const report = await applyImport({ ...input('staff', csv([header, self(roles)])), userId: admin.id })
      expect(report.applied).toBe(false)
      expect(report.errors).toEqual([
        expect.objectContaining({ line: 2, message: expect.stringMatching(/^Своей учётной записи нельзя назначить через импорт роль/) }),
      ])
    }
    expect(await snapshot()).toEqual(before)

    // A teaching role on one's own account goes through, in the audit; a director's role on someone else's is asked
    // (ADR 093: it waits for the authority's confirmation) — in the audit as a request.
    const other = ['Громова', 'Гликерия', 'Игоревна', 'Заместитель директора', 'gromova', 'director']
    const done = await applyImport({ ...input('staff', csv([header, self('teacher'), other])), userId: admin.id })
    expect(done.applied).toBe(true)
    const grants = await db.auditEvent.findMany({ where: { action: 'grant:roles', userId: admin.id }, orderBy: { entityId: 'asc' } })
    expect(grants.map((g) => JSON.parse(g.data))).toEqual([{ userId: admin.id, login: 'admin', roles: ['teacher'] }])
    const gromova = await db.user.findUniqueOrThrow({ where: { login: 'gromova' }, include: { roles: true } })
    expect(gromova.roles).toEqual([])
    const asked = await db.auditEvent.findFirstOrThrow({
      where: { action: 'request:access-grant', userId: admin.id, entityId: gromova.id },
    })
    expect(JSON.parse(asked.data)).toMatchObject({ kind: 'roles', roles: ['director'], approver: 'authority' })
    // A script's import (no importer) is not the administrator's own account.
    expect((await applyImport(input('staff', csv([header, self('responsible')])))).applied).toBe(true)
  })
})

describe('addresses stored under the earlier, looser e-mail rule', () => {
  it('a guardian file with an address already in the journal imports again; a new such address is refused', async () => {
    const link = await db.guardianLink.findFirstOrThrow({
      where: { pupil: { class: { schoolId: SCHOOL }, leftOn: null } },
      include: { guardian: true, pupil: true },
    })
    await db.guardian.update({ where: { id: link.guardianId }, data: { email: 'Иванова@mail.ru' } })
    const header = ['Фамилия', 'Имя', 'Отчество', 'Телефон', 'Эл. почта', 'Обучающийся', 'Дата рождения обучающегося', 'Степень родства']
    const g = link.guardian
    const row = (email: string) => [
      g.lastName,
      g.firstName,
      g.middleName,
      g.phone,
      email,
      `${link.pupil.lastName} ${link.pupil.firstName} ${link.pupil.middleName}`,
      formatDay(link.pupil.birthDate),
      link.relationship,
    ]
    expect((await applyImport(input('guardians', csv([header, row('Иванова@mail.ru')])))).errors).toEqual([])
    const refused = await applyImport(input('guardians', csv([header, row('Петрова@mail.ru')])))
    expect(refused.applied).toBe(false)
    expect(refused.errors[0]?.message).toMatch(/до «@» — только латинские буквы/)
    expect((await db.guardian.findUniqueOrThrow({ where: { id: g.id } })).email).toBe('Иванова@mail.ru')
  })
})

describe('a lone Latin letter where only a Russian one can be meant (ADR 106)', () => {
  it('reads the attendance mark «H» (Latin) as «Н» and a class teacher «Фамилия A.C.» (Latin initials) as the staff member', async () => {
    const math = await db.lesson.findFirstOrThrow({
      where: { group: { class: { name: '5А' }, wholeClass: true }, subject: { name: 'Математика' }, attendance: { none: {} } },
      orderBy: { date: 'asc' },
    })
    const pupil = await db.pupil.findFirstOrThrow({ where: { class: { name: '5А' }, leftOn: null, enrolledOn: { lte: math.date } } })
    const row = (mark: string) => ['5А', formatDay(math.date), String(math.period), fio(pupil), formatDay(pupil.birthDate), mark]
    const header = ['Класс', 'Дата', 'Урок', 'Обучающийся', 'Дата рождения', 'Отметка']
    const before = await snapshot()
    const wrong = await dryRunImport(input('attendance', csv([header, row('n')])))
    expect(wrong.errors.map((e) => e.message)).toEqual(['Неизвестная отметка «n»: допустимы «Н», «Б», «ОП».'])
    const report = await applyImport(input('attendance', csv([header, row('H')])))
    expect(report.errors).toEqual([])
    expect(await db.attendance.findMany({ where: { lessonId: math.id, pupilId: pupil.id }, select: { kind: true } })).toEqual([
      { kind: 'absent' },
    ])
    expect((await snapshot()).attendance).toBe(before.attendance + 1)

    // A class teacher named by a surname and Latin initials: found, with the warning naming the cell.
    const teacher = (await db.staff.findMany({ where: { schoolId: SCHOOL } })).find(
      (s) => /^[АВЕКМНОРСТХ]/.test(s.firstName) && /^[АВЕКМНОРСТХ]/.test(s.middleName),
    )!
    const latinInitial = (name: string) =>
      ({ А: 'A', В: 'B', Е: 'E', К: 'K', М: 'M', Н: 'H', О: 'O', Р: 'P', С: 'C', Т: 'T', Х: 'X' })[name[0]]
    const short = `${teacher.lastName} ${latinInitial(teacher.firstName)}.${latinInitial(teacher.middleName)}.`
    const cls = await db.schoolClass.findFirstOrThrow({ where: { name: '5А', academicYear: { current: true } } })
    const classes = await dryRunImport(
      input(
        'classes',
        csv([
          ['Класс', 'Классный руководитель'],
          [cls.name, short],
        ]),
      ),
    )
    expect(classes.errors).toEqual([])
    const read = `${teacher.lastName} ${teacher.firstName[0]}.${teacher.middleName[0]}.`
    expect(classes.warnings.map((w) => w.message)).toContain(
      `Латинские буквы в русском слове заменены русскими: «${short}» → «${read}». Исправьте слово и в своём файле.`,
    )
  })
})
