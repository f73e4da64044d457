// Files shaped as a school's own spreadsheets are: phones with an extension written two ways, dates as Russian
// documents write them, a class with a remark, «мама» for «мать». Each is read as meant or refused in Russian,
// never stored as a second person.
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { db } from '#app/utils/db.server'
import { applyImport, dryRunImport } from '#app/import/run.server'
import type { ImportKind } from '#app/import/types'

const SCHOOL = 'school_8'
const csv = (rows: string[][]) => new TextEncoder().encode(rows.map((r) => r.join(';')).join('\r\n'))
const input = (kind: ImportKind, bytes: Uint8Array) => ({ schoolId: SCHOOL, kind, fileName: `${kind}.csv`, bytes })
const messages = (list: Array<{ message: string }>) => list.map((i) => i.message)

async function somePupil() {
  const p = await db.pupil.findFirstOrThrow({ where: { schoolId: SCHOOL, leftOn: null }, include: { class: true }, orderBy: { id: 'asc' } })
  return { ...p, fio: `${p.lastName} ${p.firstName} ${p.middleName}`, born: p.birthDate.split('-').reverse().join('.') }
}

const GUARDIAN_HEAD = ['Фамилия', 'Имя', 'Отчество', 'Телефон', 'Обучающийся', 'Дата рождения обучающегося', 'Степень родства']

describe('guardians: the phone is half of the key', () => {
  it('a phone with an extension written another way finds the same parent, not a second one', async () => {
    const p = await somePupil()
    const first = await applyImport(
      input('guardians', csv([GUARDIAN_HEAD, ['Доброва', 'Ольга', 'Петровна', '8 (8452) 33-33-33 доб. 12', p.fio, p.born, 'мать']])),
    )
    expect(first.errors).toEqual([])
    expect(first.counts).toEqual({ created: 1, updated: 0, unchanged: 0 })
    const again = await applyImport(
      input('guardians', csv([GUARDIAN_HEAD, ['Доброва', 'Ольга', 'Петровна', '+7 8452 333333 доб.12', p.fio, p.born, 'мать']])),
    )
    expect(again.errors).toEqual([])
    expect(again.counts).toEqual({ created: 0, updated: 0, unchanged: 1 })
    expect(await db.guardian.count({ where: { schoolId: SCHOOL, lastName: 'Доброва' } })).toBe(1)
  })

  it('a phone exported without its 8 or +7 («912 345-67-89») finds the same parent, not a second one', async () => {
    const p = await somePupil()
    const first = await applyImport(
      input('guardians', csv([GUARDIAN_HEAD, ['Ветрова', 'Нина', 'Олеговна', '+7 912 555-01-02', p.fio, p.born, 'мать']])),
    )
    expect(first.counts).toEqual({ created: 1, updated: 0, unchanged: 0 })
    for (const typed of ['9125550102', '(912) 555-01-02']) {
      const again = await applyImport(
        input('guardians', csv([GUARDIAN_HEAD, ['Ветрова', 'Нина', 'Олеговна', typed, p.fio, p.born, 'мать']])),
      )
      expect(again.errors, typed).toEqual([])
      expect(again.counts, typed).toEqual({ created: 0, updated: 0, unchanged: 1 })
    }
    expect(await db.guardian.count({ where: { schoolId: SCHOOL, lastName: 'Ветрова' } })).toBe(1)
  })

  it('a phone Excel wrote as «7,91235E+10» is refused with what to do, nothing written', async () => {
    const p = await somePupil()
    const before = await db.guardian.count()
    const report = await applyImport(
      input('guardians', csv([GUARDIAN_HEAD, ['Грачёва', 'Анна', '', '7,91235E+10', p.fio, p.born, 'мать']])),
    )
    expect(messages(report.errors)).toEqual([
      'Телефон «7,91235E+10» записан Excel в экспоненциальном виде, последние цифры номера потеряны. Задайте столбцу ' +
        'телефонов формат «Текстовый», введите номера заново (или выгрузите список из программы ещё раз) и сохраните файл.',
    ])
    expect(await db.guardian.count()).toBe(before)
  })

  it('two phones in one cell are refused in Russian and nothing is written', async () => {
    const p = await somePupil()
    const before = await db.guardian.count()
    const report = await applyImport(
      input('guardians', csv([GUARDIAN_HEAD, ['Злобина', 'Анна', '', '+7 912 345-67-89, 8 (8452) 33-33-33', p.fio, p.born, 'мать']])),
    )
    expect(messages(report.errors)).toEqual(['В ячейке несколько телефонов («+7 912 345-67-89, 8 (8452) 33-33-33»): укажите один.'])
    expect(report.applied).toBe(false)
    expect(await db.guardian.count()).toBe(before)
  })

  it('two e-mail addresses in one cell (the mother’s and the father’s) are named and refused, nothing written', async () => {
    const p = await somePupil()
    const before = await db.guardian.count()
    const head = [...GUARDIAN_HEAD, 'Эл. почта']
    for (const cell of ['mama@mail.ru; papa@yandex.ru', 'mama@mail.ru papa@yandex.ru', 'mama@mail.ru\npapa@yandex.ru']) {
      const row = ['Злобина', 'Анна', 'Ивановна', '', p.fio, p.born, 'мать', `"${cell}"`]
      const report = await applyImport(input('guardians', csv([head, row])))
      expect(messages(report.errors), cell).toEqual([
        'В ячейке несколько адресов («mama@mail.ru», «papa@yandex.ru»): у родителя в строке — один адрес. Оставьте адрес ' +
          'этого родителя, а адрес другого родителя укажите в его строке.',
      ])
      expect(report.applied).toBe(false)
    }
    expect(await db.guardian.count()).toBe(before)
    const staff = await dryRunImport(
      input(
        'staff',
        csv([
          ['Фамилия', 'Имя', 'Должность', 'Эл. почта'],
          ['Злобина', 'Анна', 'Учитель', 'zlobina@mail.ru, school@mail.ru'],
        ]),
      ),
    )
    expect(messages(staff.errors)).toEqual([
      'В ячейке несколько адресов («zlobina@mail.ru», «school@mail.ru»): укажите один — адрес сотрудника.',
    ])
  })
})

describe('guardians: the relationship as a class teacher writes it', () => {
  it('«Мама» is the mother and «папа» the father; «бабушка» is still refused', async () => {
    const p = await somePupil()
    const report = await dryRunImport(
      input(
        'guardians',
        csv([
          GUARDIAN_HEAD,
          ['Рябова', 'Нина', '', '+7 912 100-00-01', p.fio, p.born, 'Мама'],
          ['Рябов', 'Олег', '', '+7 912 100-00-02', p.fio, p.born, 'папа'],
          ['Рябова', 'Зоя', '', '+7 912 100-00-03', p.fio, p.born, 'бабушка'],
        ]),
      ),
    )
    expect(report.errors).toEqual([
      expect.objectContaining({ line: 4, message: expect.stringMatching(/^Степень родства «бабушка» не даёт статуса/) }),
    ])
    expect(report.counts.created).toBe(2)
  })
})

describe('pupils: dates as Russian documents write them', () => {
  it('«10.01.2012 г.» and «10 января 2012 года» are the birth day the journal holds', async () => {
    const p = await somePupil()
    const [d, m, y] = p.born.split('.')
    const months = ['января', 'февраля', 'марта', 'апреля', 'мая', 'июня', 'июля', 'августа', 'сентября', 'октября', 'ноября', 'декабря']
    const head = ['Фамилия', 'Имя', 'Отчество', 'Дата рождения', 'Класс']
    for (const born of [`${p.born} г.`, `${Number(d)} ${months[Number(m) - 1]} ${y} года`]) {
      const report = await dryRunImport(input('pupils', csv([head, [p.lastName, p.firstName, p.middleName, born, p.class.name]])))
      expect(messages(report.errors), born).toEqual([])
      expect(report.counts, born).toEqual({ created: 0, updated: 0, unchanged: 1 })
    }
  })
})

describe('dates in every form a Russian list writes them (ADR 107)', () => {
  it('«dd/mm/yyyy», «dd-mm-yyyy», a two-digit birth year, a serial, a date cell beside a text one: the day the journal holds', async () => {
    const p = await somePupil()
    const [d, m, y] = p.born.split('.')
    const head = ['Фамилия', 'Имя', 'Отчество', 'Дата рождения', 'Класс']
    const serial = String((Date.UTC(Number(y), Number(m) - 1, Number(d)) - Date.UTC(1899, 11, 30)) / 86_400_000)
    for (const born of [`${d}/${m}/${y}`, `${d}-${m}-${y}`, `${d}.${m}.${y.slice(2)}`, `${y}/${m}/${d}`, serial, `\u00a0${p.born}\u00a0`]) {
      const report = await dryRunImport(input('pupils', csv([head, [p.lastName, p.firstName, p.middleName, born, p.class.name]])))
      expect(messages(report.errors), born).toEqual([])
      expect(report.counts, born).toEqual({ created: 0, updated: 0, unchanged: 1 })
    }
    // An XLSX whose column holds a date cell in one row and the same day typed as text in the next (a row pasted in).
    const wb = new ExcelJS.Workbook()
    const ws = wb.addWorksheet('Лист1')
    ws.addRow(head)
    ws.addRow([p.lastName, p.firstName, p.middleName, new Date(`${p.birthDate}T00:00:00Z`), p.class.name])
    ws.getCell('D2').numFmt = 'dd.mm.yyyy'
    ws.addRow(['Новикова', 'Вера', 'Ильинична', `${d}/${m}/${y} `, p.class.name])
    const book = await dryRunImport({
      schoolId: SCHOOL,
      kind: 'pupils',
      fileName: 'даты.xlsx',
      bytes: new Uint8Array(await wb.xlsx.writeBuffer()),
    })
    expect(messages(book.errors)).toEqual([])
    expect(book.counts).toEqual({ created: 1, updated: 0, unchanged: 1 })
  })

  it('refuses an ambiguous day with the row, the column and what to do; nothing is written', async () => {
    const p = await somePupil()
    const before = await db.pupil.count()
    const head = ['Фамилия', 'Имя', 'Отчество', 'Дата рождения', 'Класс', 'Дата зачисления']
    const row = (born: string, enrolled = '') => ['Новикова', 'Вера', 'Ильинична', born, p.class.name, enrolled]
    const report = await applyImport(
      input('pupils', csv([head, row('01.09.98'), row('09/13/2015'), row('14.03.2015', '01.09.26'), row('14.03.2015', '31/02/2026')])),
    )
    expect(report.applied).toBe(false)
    expect(report.errors.map((e) => [e.line, e.column, e.message])).toEqual([
      [
        2,
        'Дата рождения',
        'Год рождения в «01.09.98» записан двумя цифрами и не читается как год этого века до нынешнего: ' +
          'укажите год полностью (ДД.ММ.ГГГГ).',
      ],
      [
        3,
        'Дата рождения',
        'В дате «09/13/2015» месяц записан перед днём (порядок американского Excel): укажите ДД.ММ.ГГГГ — 13.09.2015. ' +
          'Проверьте и другие даты файла: в таком порядке «01/09/2015» — это 9 января.',
      ],
      [5, 'Дата зачисления', 'Неверная дата «31/02/2026»: ожидается ДД.ММ.ГГГГ (например, 05.11.2026).'],
    ])
    expect(await db.pupil.count()).toBe(before)
  })
})

describe('pupils: a list with last year’s classes', () => {
  it('a move to a class of another grade is warned about, row by row; a move within the grade is not', async () => {
    const [a, b] = await db.pupil.findMany({
      where: { schoolId: SCHOOL, leftOn: null, class: { name: '8А' } },
      orderBy: { id: 'asc' },
      take: 2,
    })
    const head = ['Фамилия', 'Имя', 'Отчество', 'Дата рождения', 'Класс']
    const row = (p: typeof a, cls: string) => [p.lastName, p.firstName, p.middleName, p.birthDate.split('-').reverse().join('.'), cls]
    const report = await dryRunImport({ ...input('pupils', csv([head, row(a, '7А'), row(b, '8Б')])), today: '2026-12-07' })
    expect(report.errors).toEqual([])
    expect(report.counts).toEqual({ created: 0, updated: 2, unchanged: 0 })
    expect(report.warnings).toEqual([
      expect.objectContaining({
        line: 2,
        column: 'Класс',
        message:
          'Перевод из 8А в 7А — в класс другой параллели — с 07.12.2026: проверьте, что в файле классы текущего учебного года 2026/2027.',
      }),
    ])
  })
})

describe('the whole name in one column («ФИО»)', () => {
  it('pupils and guardians read «ФИО», «ФИО родителя», «ФИО обучающегося» as the name, with one warning on how it was split', async () => {
    const p = await somePupil()
    const pupils = await dryRunImport(
      input(
        'pupils',
        csv([
          ['№', 'ФИО', 'Дата рождения', 'Класс'],
          ['1', p.fio, p.born, p.class.name],
        ]),
      ),
    )
    expect(messages(pupils.errors)).toEqual([])
    expect(pupils.counts).toEqual({ created: 0, updated: 0, unchanged: 1 })
    expect(messages(pupils.warnings)).toEqual([
      'Столбец «ФИО» разделён по пробелам: первое слово — фамилия, второе — имя, остальное — отчество. Двойную фамилию ' +
        'пишите через дефис; фамилию из двух слов через пробел — в отдельном столбце «Фамилия» (с «Имя» и «Отчество»).',
    ])
    const guardians = await applyImport(
      input(
        'guardians',
        csv([
          ['ФИО родителя', 'Телефон', 'ФИО обучающегося', 'Дата рождения обучающегося', 'Степень родства'],
          ['Сомова Ирина Павловна', '+7 912 000-11-22', p.fio, p.born, 'мать'],
        ]),
      ),
    )
    expect(messages(guardians.errors)).toEqual([])
    expect(guardians.applied).toBe(true)
    expect(await db.guardian.findFirst({ where: { schoolId: SCHOOL, lastName: 'Сомова' } })).toMatchObject({
      firstName: 'Ирина',
      middleName: 'Павловна',
    })
    // One word is not a whole name: the row is refused, nothing is created.
    const one = await dryRunImport(
      input(
        'pupils',
        csv([
          ['ФИО', 'Дата рождения', 'Класс'],
          ['Новикова', '01.02.2014', p.class.name],
        ]),
      ),
    )
    expect(one.errors).toEqual([expect.objectContaining({ line: 2, column: 'Имя', message: 'Не заполнено обязательное поле.' })])
    // Beside «Фамилия», «ФИО» is not a second source of the name.
    const both = await dryRunImport(
      input(
        'pupils',
        csv([
          ['Фамилия', 'Имя', 'Отчество', 'ФИО', 'Дата рождения', 'Класс'],
          [p.lastName, p.firstName, p.middleName, 'Другой Человек', p.born, p.class.name],
        ]),
      ),
    )
    expect(both.counts).toEqual({ created: 0, updated: 0, unchanged: 1 })
    expect(messages(both.warnings)).toEqual(['Столбец «ФИО» не относится к виду «Обучающиеся (и движение)» и пропущен.'])
  })
})

describe('pupils: a file without patronymics', () => {
  it('«Иванов Иван» born the day «Иванов Иван Иванович» was is refused, not created a second time', async () => {
    const p = await db.pupil.findFirstOrThrow({
      where: { schoolId: SCHOOL, leftOn: null, middleName: { not: '' } },
      include: { class: true },
      orderBy: { id: 'desc' },
    })
    const born = p.birthDate.split('-').reverse().join('.')
    const before = await db.pupil.count()
    const head = ['Фамилия', 'Имя', 'Отчество', 'Дата рождения', 'Класс']
    const report = await applyImport(
      input(
        'pupils',
        csv([head, [p.lastName, p.firstName, '', born, p.class.name], [p.lastName, p.firstName, 'Другойвич', born, p.class.name]]),
      ),
    )
    const message =
      `В журнале уже есть «${p.lastName} ${p.firstName} ${p.middleName}» с той же датой рождения ${born} (${p.class.name}): ` +
      'если это тот же обучающийся, укажите отчество, как в журнале.'
    expect(report.errors).toEqual([
      expect.objectContaining({ line: 2, column: 'Отчество', message }),
      expect.objectContaining({ line: 3, column: 'Отчество', message }),
    ])
    expect(report.applied).toBe(false)
    expect(await db.pupil.count()).toBe(before)
    // A namesake born on another day is another pupil.
    const other = await dryRunImport(input('pupils', csv([head, [p.lastName, p.firstName, '', '01.01.2015', p.class.name]])))
    expect(other.errors).toEqual([])
    expect(other.counts.created).toBe(1)
  })
})

describe('staff and guardians: a name without its patronymic', () => {
  it('is not a second employee or a second parent: the row is refused in Russian, nothing written', async () => {
    const teacher = await db.staff.findFirstOrThrow({ where: { schoolId: SCHOOL, middleName: { not: '' } }, orderBy: { id: 'asc' } })
    const staffBefore = await db.staff.count()
    const staff = await applyImport(
      input(
        'staff',
        csv([
          ['Фамилия', 'Имя', 'Отчество', 'Должность'],
          [teacher.lastName, teacher.firstName, '', teacher.position],
        ]),
      ),
    )
    expect(messages(staff.errors)).toEqual([
      `В журнале уже есть сотрудник «${teacher.lastName} ${teacher.firstName} ${teacher.middleName}»: если это тот же человек, ` +
        'укажите отчество, как в журнале.',
    ])
    expect(await db.staff.count()).toBe(staffBefore)

    const p = await somePupil()
    const first = await applyImport(
      input('guardians', csv([GUARDIAN_HEAD, ['Лебедева', 'Вера', 'Игоревна', '+7 912 555-44-33', p.fio, p.born, 'мать']])),
    )
    expect(first.applied).toBe(true)
    const before = await db.guardian.count()
    const again = await applyImport(
      input('guardians', csv([GUARDIAN_HEAD, ['Лебедева', 'Вера', '', '89125554433', p.fio, p.born, 'мать']])),
    )
    expect(messages(again.errors)).toEqual([
      'Этот телефон или адрес эл. почты в журнале у «Лебедева Вера Игоревна»: если это тот же родитель, укажите отчество, как в журнале.',
    ])
    expect(await db.guardian.count()).toBe(before)
    // Another phone: a namesake, another person.
    const namesake = await dryRunImport(
      input('guardians', csv([GUARDIAN_HEAD, ['Лебедева', 'Вера', '', '89120000000', p.fio, p.born, 'мать']])),
    )
    expect(namesake.errors).toEqual([])
  })
})

describe('an Excel book laid out as a school form', () => {
  it('a title, a two-row header with merged cells and a row of column numbers: the rows under them are read', async () => {
    const p = await somePupil()
    const wb = new ExcelJS.Workbook()
    const ws = wb.addWorksheet('Список')
    ws.addRow(['Список обучающихся на 01.09.2026'])
    ws.mergeCells('A1:F1')
    ws.addRow(['№ п/п', 'Обучающийся', '', '', 'Дата рождения', 'Класс'])
    ws.addRow(['', 'Фамилия', 'Имя', 'Отчество', '', ''])
    ws.mergeCells('A2:A3')
    ws.mergeCells('B2:D2')
    ws.mergeCells('E2:E3')
    ws.mergeCells('F2:F3')
    ws.addRow([1, 2, 3, 4, 5, 6])
    ws.addRow([1, `${p.lastName} `, p.firstName, p.middleName, new Date(`${p.birthDate}T00:00:00Z`), p.class.name])
    const report = await dryRunImport({
      schoolId: SCHOOL,
      kind: 'pupils',
      fileName: 'список.xlsx',
      bytes: new Uint8Array(await wb.xlsx.writeBuffer()),
    })
    expect(messages(report.errors)).toEqual([])
    expect(report.rows).toBe(1)
    expect(report.counts).toEqual({ created: 0, updated: 0, unchanged: 1 })
    expect(messages(report.warnings)).toEqual([
      'Строка 1 над заголовком таблицы пропущена («Список обучающихся на 01.09.2026»): заголовок — строка 2.',
    ])
  })

  it('a book of one sheet per class, each under a title row: the sheets not read are named in the report', async () => {
    const p = await somePupil()
    const wb = new ExcelJS.Workbook()
    for (const name of [p.class.name, '99Я', '98Ю']) {
      const ws = wb.addWorksheet(name)
      ws.addRow([`Список обучающихся ${name} класса`])
      ws.addRow(['Фамилия', 'Имя', 'Отчество', 'Дата рождения', 'Класс'])
      ws.addRow([p.lastName, p.firstName, p.middleName, p.born, p.class.name])
    }
    const report = await dryRunImport({
      schoolId: SCHOOL,
      kind: 'pupils',
      fileName: 'классы.xlsx',
      bytes: new Uint8Array(await wb.xlsx.writeBuffer()),
    })
    expect(report.counts).toEqual({ created: 0, updated: 0, unchanged: 1 })
    expect(messages(report.warnings).find((m) => m.startsWith('В книге ещё 2 листа с данными'))).toContain('«99Я», «98Ю»')
  })

  it('a column of row numbers («№ п/п», «№», «N», «Номер») is skipped without a word; one holding anything else is named', async () => {
    const p = await somePupil()
    const row = [p.lastName, p.firstName, p.middleName, p.born, p.class.name]
    for (const title of ['№ п/п', '№п/п', '№', 'N', 'No.', 'Номер', 'Номер п/п', 'п/п', '№ по порядку', 'N п/п']) {
      const report = await dryRunImport(
        input(
          'pupils',
          csv([
            [title, 'Фамилия', 'Имя', 'Отчество', 'Дата рождения', 'Класс'],
            ['1.', ...row],
          ]),
        ),
      )
      expect({ title, errors: messages(report.errors), warnings: messages(report.warnings) }).toEqual({ title, errors: [], warnings: [] })
      expect(report.counts).toEqual({ created: 0, updated: 0, unchanged: 1 })
    }
    // «Номер» holding a personal file's number is not a row number: it is named as any column the kind does not take.
    const other = await dryRunImport(
      input(
        'pupils',
        csv([
          ['Номер', 'Фамилия', 'Имя', 'Отчество', 'Дата рождения', 'Класс'],
          ['ЛД-12/2015', ...row],
        ]),
      ),
    )
    expect(messages(other.warnings)).toEqual(['Столбец «Номер» не относится к виду «Обучающиеся (и движение)» и пропущен.'])
  })

  it('a one-row header with a row of column numbers under it, in CSV', async () => {
    const p = await somePupil()
    const head = ['Фамилия', 'Имя', 'Отчество', 'Дата рождения', 'Класс']
    const report = await dryRunImport(
      input('pupils', csv([head, ['1', '2', '3', '4', '5'], [p.lastName, p.firstName, p.middleName, p.born, p.class.name]])),
    )
    expect(messages(report.errors)).toEqual([])
    expect(report.counts).toEqual({ created: 0, updated: 0, unchanged: 1 })
  })
})

describe('merged cells and Excel errors in the rows of data (ADR 125)', () => {
  const book = async (fill: (ws: ExcelJS.Worksheet) => void) => {
    const wb = new ExcelJS.Workbook()
    fill(wb.addWorksheet('Лист1'))
    return new Uint8Array(await wb.xlsx.writeBuffer())
  }
  const xlsx = (kind: ImportKind, bytes: Uint8Array) => ({ schoolId: SCHOOL, kind, fileName: `${kind}.xlsx`, bytes })

  it('a class merged down over its pupils, a lesson’s date and number over its marks: every row is the merge’s', async () => {
    const pupils = await db.pupil.findMany({ where: { schoolId: SCHOOL, leftOn: null, class: { name: '5А' } }, orderBy: { id: 'asc' } })
    const list = await book((ws) => {
      ws.addRow(['Класс', 'Фамилия', 'Имя', 'Отчество', 'Дата рождения'])
      for (const p of pupils) ws.addRow(['5А', p.lastName, p.firstName, p.middleName, p.birthDate.split('-').reverse().join('.')])
      ws.mergeCells(`A2:A${pupils.length + 1}`)
    })
    const listed = await dryRunImport(xlsx('pupils', list))
    expect(messages(listed.errors)).toEqual([])
    expect(listed.counts).toEqual({ created: 0, updated: 0, unchanged: pupils.length })

    const lesson = await db.lesson.findFirstOrThrow({
      where: { group: { class: { name: '5А' }, wholeClass: true }, subject: { name: 'Математика' } },
      orderBy: { date: 'asc' },
    })
    const three = pupils.filter((p) => p.enrolledOn <= lesson.date).slice(0, 3)
    const marks = await book((ws) => {
      ws.addRow(['Класс', 'Дата', 'Урок', 'Обучающийся', 'Вид работы', 'Оценка'])
      for (const p of three)
        ws.addRow([
          '5А',
          new Date(`${lesson.date}T00:00:00Z`),
          lesson.period,
          `${p.lastName} ${p.firstName} ${p.middleName}`,
          'Работа на уроке',
          2,
        ])
      for (const column of ['A', 'B', 'C', 'E']) ws.mergeCells(`${column}2:${column}4`)
    })
    const applied = await applyImport(xlsx('marks', marks))
    expect(messages(applied.errors)).toEqual([])
    expect(applied.applied).toBe(true)
    const stored = await db.mark.findMany({
      where: { lessonId: lesson.id, pupilId: { in: three.map((p) => p.id) }, workType: { name: 'Работа на уроке' } },
    })
    expect(stored.map((m) => m.value)).toEqual(['2', '2', '2'])
  })

  it('a mark merged over two pupils’ rows, a pupil over two marks: the file is refused naming the cell, nothing written', async () => {
    const pupils = await db.pupil.findMany({ where: { schoolId: SCHOOL, leftOn: null, class: { name: '5А' } }, orderBy: { id: 'asc' } })
    const lesson = await db.lesson.findFirstOrThrow({
      where: { group: { class: { name: '5А' }, wholeClass: true }, subject: { name: 'Математика' } },
      orderBy: { date: 'desc' },
    })
    const two = pupils.filter((p) => p.enrolledOn <= lesson.date).slice(0, 2)
    const marks = await book((ws) => {
      ws.addRow(['Класс', 'Дата', 'Урок', 'Обучающийся', 'Вид работы', 'Оценка'])
      for (const [i, p] of two.entries())
        ws.addRow([
          '5А',
          lesson.date.split('-').reverse().join('.'),
          lesson.period,
          `${p.lastName} ${p.firstName} ${p.middleName}`,
          'Работа на уроке',
          i ? '' : 5,
        ])
      ws.addRow([
        '5А',
        lesson.date.split('-').reverse().join('.'),
        lesson.period,
        `${two[1].lastName} ${two[1].firstName} ${two[1].middleName}`,
        'Ответ у доски',
        4,
      ])
      ws.mergeCells('F2:F3')
      ws.mergeCells('D3:D4')
    })
    const before = await db.mark.count()
    const refused = await applyImport(xlsx('marks', marks))
    const fix = 'у каждой строки своё значение — разъедините ячейки и заполните каждую строку, затем загрузите файл снова.'
    expect(refused.errors.map((e) => `${e.line} ${e.column}: ${e.message}`)).toEqual([
      `2 Оценка: Ячейка «Оценка» объединена на строки 2–3: ${fix}`,
      `3 Обучающийся: Ячейка «Обучающийся» объединена на строки 3–4: ${fix}`,
    ])
    expect(refused.applied).toBe(false)
    expect(await db.mark.count()).toBe(before)
  })

  it('a merge whose first row is hidden (a pupil who left) gives its value to no visible row', async () => {
    const pupils = await db.pupil.findMany({ where: { schoolId: SCHOOL, leftOn: null, class: { name: '5А' } }, orderBy: { id: 'asc' } })
    const list = await book((ws) => {
      ws.addRow(['Класс', 'Фамилия', 'Имя', 'Отчество', 'Дата рождения'])
      ws.addRow(['5Б', 'Выбывший', 'Пётр', 'Ильич', '01.01.2015'])
      for (const p of pupils.slice(0, 2)) ws.addRow(['', p.lastName, p.firstName, p.middleName, p.birthDate.split('-').reverse().join('.')])
      ws.mergeCells('A2:A4')
      ws.getRow(2).hidden = true
    })
    const read = await dryRunImport(xlsx('pupils', list))
    expect(read.counts.updated).toBe(0)
    expect(read.errors.map((e) => `${e.line} ${e.column ?? ''}`)).toEqual(['3 Класс', '4 Класс'])
  })

  it('a file of another kind is told its missing columns, not a «#Н/Д» in a column both kinds read', async () => {
    const p = await somePupil()
    const list = await book((ws) => {
      ws.addRow(['Фамилия', 'Имя', 'Отчество', 'Дата рождения', 'Класс'])
      ws.addRow([p.lastName, p.firstName, p.middleName, p.born, { error: '#N/A' }])
    })
    const report = await dryRunImport(xlsx('marks', list))
    expect(messages(report.errors)).toHaveLength(1)
    expect(messages(report.errors)[0]).toMatch(/^Нет обязательных столбцов: «Дата», «Урок», «Обучающийся», «Вид работы», «Оценка»\./)
  })

  it('an Excel error in a column read is refused under that column’s title; in a skipped column it holds nothing', async () => {
    const p = await somePupil()
    const rows = (comment: ExcelJS.CellValue, middle: ExcelJS.CellValue) =>
      book((ws) => {
        ws.addRow(['Список обучающихся'])
        ws.addRow(['Фамилия', 'Имя', 'Отчество', 'Дата рождения', 'Класс', 'Кабинет'])
        ws.addRow([p.lastName, p.firstName, middle, p.born, p.class.name, comment])
      })
    const skipped = await dryRunImport(
      xlsx('pupils', await rows({ formula: 'VLOOKUP(A3;Кабинеты!A:B;2;0)', result: { error: '#N/A' } }, p.middleName)),
    )
    expect(messages(skipped.errors)).toEqual([])
    expect(skipped.counts).toEqual({ created: 0, updated: 0, unchanged: 1 })

    const before = await db.pupil.count()
    const refused = await applyImport(xlsx('pupils', await rows('', { error: '#N/A' })))
    expect(refused.errors.map((e) => `${e.line} ${e.column}: ${e.message}`)).toEqual([
      '3 Отчество: В ячейке ошибка Excel «#Н/Д»: исправьте формулу или данные, из которых она считает, или очистите ячейку — ' +
        'и загрузите файл снова.',
    ])
    expect(refused.applied).toBe(false)
    expect(await db.pupil.count()).toBe(before)
  })
})

describe('column titles as school templates write them', () => {
  it('«Фамилия ученика», «Дата рождения (ДД.ММ.ГГГГ)», «Отчество (при наличии)» are the columns they name', async () => {
    const p = await somePupil()
    const pupils = await dryRunImport(
      input(
        'pupils',
        csv([
          ['Фамилия ученика', 'Имя ученика', 'Отчество (при наличии)', 'Дата рождения (ДД.ММ.ГГГГ)', 'Класс*'],
          [p.lastName, p.firstName, p.middleName, p.born, p.class.name],
        ]),
      ),
    )
    expect({ errors: messages(pupils.errors), warnings: messages(pupils.warnings) }).toEqual({ errors: [], warnings: [] })
    expect(pupils.counts).toEqual({ created: 0, updated: 0, unchanged: 1 })
    const guardians = await applyImport(
      input(
        'guardians',
        csv([
          [
            'Фамилия родителя',
            'Имя родителя',
            'Отчество родителя',
            'Телефон (в формате +7 XXX XXX-XX-XX)',
            'ФИО ученика',
            'Дата рождения ребёнка (дд.мм.гггг)',
            'Кем приходится',
          ],
          ['Рябова', 'Ольга', 'Петровна', '+7 912 000-33-44', p.fio, p.born, 'мать'],
        ]),
      ),
    )
    expect(messages(guardians.errors)).toEqual([])
    expect(messages(guardians.warnings)).toEqual([])
    expect(await db.guardian.count({ where: { schoolId: SCHOOL, lastName: 'Рябова', firstName: 'Ольга' } })).toBe(1)
  })

  it('a bracket that names another column («Класс (старый)») is not read as the column', async () => {
    const p = await somePupil()
    const report = await dryRunImport(
      input(
        'pupils',
        csv([
          ['Фамилия', 'Имя', 'Отчество', 'Дата рождения', 'Класс (старый)', 'Класс'],
          [p.lastName, p.firstName, p.middleName, p.born, '1Я', p.class.name],
        ]),
      ),
    )
    expect(messages(report.errors)).toEqual([])
    expect(messages(report.warnings)).toEqual(['Столбец «Класс (старый)» не относится к виду «Обучающиеся (и движение)» и пропущен.'])
    expect(report.counts).toEqual({ created: 0, updated: 0, unchanged: 1 })
  })
})
