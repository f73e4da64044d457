import ExcelJS from 'exceljs'
import iconv from 'iconv-lite'
import PizZip from 'pizzip'
import { describe, expect, it } from 'vitest'
import { readTable } from './read-file.server'
import { MAX_FILE_BYTES, MAX_ROWS } from './limits'
import { escapeForExport, looksLikeFormula, toCsv } from './cells'

const utf8 = (text: string) => new TextEncoder().encode(text)

describe('CSV', () => {
  it('reads UTF-8 with «;», dropping a BOM, with line numbers of the file', async () => {
    const r = await readTable(utf8('\uFEFFКласс;Группа\n5А;\n\n5Б;"Английский язык, группа 1"\n'), 'a.csv')
    expect(r).toMatchObject({ ok: true, table: { format: 'CSV, UTF-8, разделитель «;»', header: ['Класс', 'Группа'], headerLine: 1 } })
    if (r.ok)
      expect(r.table.rows).toEqual([
        { line: 2, cells: ['5А', ''] },
        { line: 4, cells: ['5Б', 'Английский язык, группа 1'] },
      ])
  })

  it('reads CP1251 with «,» and counts lines across a quoted line break', async () => {
    const r = await readTable(iconv.encode('Класс,Тема\r\n5А,"Тема\r\nв две строки"\r\n5Б,Ёлка\r\n', 'win1251'), 'b.csv')
    expect(r.ok && r.table.format).toBe('CSV, CP1251, разделитель «,»')
    if (r.ok)
      expect(r.table.rows).toEqual([
        { line: 2, cells: ['5А', 'Тема\nв две строки'] },
        { line: 4, cells: ['5Б', 'Ёлка'] },
      ])
  })

  it('a «;» file whose header title holds commas is read by «;», and Excel’s «sep=;» line names the separator', async () => {
    const r = await readTable(
      utf8('Фамилия, имя, отчество (при наличии);Дата рождения\r\nИванов Иван Иванович;01.02.2015\r\nПетров Пётр;02.03.2015\r\n'),
      'fio.csv',
    )
    expect(r.ok && r.table.format).toBe('CSV, UTF-8, разделитель «;»')
    expect(r.ok && r.table.header).toEqual(['Фамилия, имя, отчество (при наличии)', 'Дата рождения'])
    expect(r.ok && r.table.rows[1]).toEqual({ line: 3, cells: ['Петров Пётр', '02.03.2015'] })
    const hinted = await readTable(utf8('sep=,\r\nФамилия,Имя\r\nИванов,Иван\r\n'), 'sep.csv')
    expect(hinted).toMatchObject({ ok: true, table: { format: 'CSV, UTF-8, разделитель «,»', header: ['Фамилия', 'Имя'], headerLine: 2 } })
    expect(hinted.ok && hinted.table.rows).toEqual([{ line: 3, cells: ['Иванов', 'Иван'] }])
  })

  it('reads KOI8-R (an old Linux or 1C export), and CP1251 of capitals only is still CP1251', async () => {
    const r = await readTable(iconv.encode('Фамилия;Имя\r\nЁжиков;Иван\r\n', 'koi8-r'), 'koi8.csv')
    expect(r).toMatchObject({ ok: true, table: { format: 'CSV, KOI8-R, разделитель «;»', header: ['Фамилия', 'Имя'] } })
    expect(r.ok && r.table.rows).toEqual([{ line: 2, cells: ['Ёжиков', 'Иван'] }])
    const caps = await readTable(iconv.encode('Фамилия;Имя\r\nИВАНОВ;ИВАН\r\nПЕТРОВА;АННА\r\n', 'win1251'), 'caps.csv')
    expect(caps.ok && caps.table.format).toBe('CSV, CP1251, разделитель «;»')
    expect(caps.ok && caps.table.rows[1].cells).toEqual(['ПЕТРОВА', 'АННА'])
  })

  it('reads KOI8-R in capitals only and a DOS-era CP866 export, as the mail reads unlabelled letters', async () => {
    const caps = await readTable(iconv.encode('ФАМИЛИЯ;ИМЯ;КЛАСС\r\nСЕМЁНОВ;ПЁТР;5А\r\nЖУКОВА;ЕЛЕНА;5Б\r\n', 'koi8-r'), 'caps.csv')
    expect(caps).toMatchObject({ ok: true, table: { format: 'CSV, KOI8-R, разделитель «;»', header: ['ФАМИЛИЯ', 'ИМЯ', 'КЛАСС'] } })
    expect(caps.ok && caps.table.rows[1].cells).toEqual(['ЖУКОВА', 'ЕЛЕНА', '5Б'])
    const dos = await readTable(iconv.encode('Фамилия;Имя\r\nСеменов;Петр\r\n', 'cp866'), 'dos.csv')
    expect(dos).toMatchObject({ ok: true, table: { format: 'CSV, CP866, разделитель «;»', header: ['Фамилия', 'Имя'] } })
    expect(dos.ok && dos.table.rows).toEqual([{ line: 2, cells: ['Семенов', 'Петр'] }])
  })

  it('refuses an empty file, a header-only file, a broken quote, binary data and old XLS, in Russian', async () => {
    expect(await readTable(new Uint8Array(), 'e.csv')).toEqual({ ok: false, error: 'Файл пуст.' })
    expect(await readTable(utf8(' \n\n'), 'e.csv')).toEqual({ ok: false, error: 'Файл пуст.' })
    expect(await readTable(utf8('Класс;Группа\n'), 'h.csv')).toEqual({ ok: false, error: 'В файле только заголовок, строк с данными нет.' })
    expect(await readTable(utf8('Класс;Тема\n5А;ок\n5Б;"не закрыта\n'), 'q.csv')).toEqual({
      ok: false,
      error: 'Файл повреждён: в строке 3 не закрыта кавычка.',
    })
    expect(await readTable(new Uint8Array([1, 0, 2, 0, 3]), 'x.csv')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/не похож на CSV/),
    })
    expect(await readTable(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0]), 'old.xls')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/XLS .* не поддерживается/),
    })
  })

  it('refuses a file over 5 MB and over 50 000 rows', async () => {
    expect(await readTable(new Uint8Array(MAX_FILE_BYTES + 1).fill(65), 'big.csv')).toEqual({
      ok: false,
      error: 'Файл больше 5 МБ: разделите его на несколько файлов.',
    })
    const many = `Класс\n${'5А\n'.repeat(MAX_ROWS + 1)}`
    expect(await readTable(utf8(many), 'many.csv')).toEqual({
      ok: false,
      error: 'В файле больше 50\u00a0000 строк: разделите его на несколько файлов.',
    })
    expect((await readTable(utf8(`Класс\n${'5А\n'.repeat(MAX_ROWS)}`), 'max.csv')).ok).toBe(true)
  })

  it('flags cells a spreadsheet would run as formulas, but not phone numbers', async () => {
    const r = await readTable(utf8('Фамилия;Телефон\n"=HYPERLINK(""http://x"";""y"")";+7 (912) 345-67-89\n@SUM(A1);-\n'), 'f.csv')
    expect(r.ok && r.table.warnings.map((w) => [w.line, w.column])).toEqual([
      [2, 'Фамилия'],
      [3, 'Фамилия'],
    ])
    if (r.ok) expect(r.table.rows[0].cells[0]).toBe('=HYPERLINK("http://x";"y")')
  })
})

describe('XLSX', () => {
  it('reads the first sheet: dates as days, numbers, formulas by the value Excel saved with them (never evaluated)', async () => {
    const wb = new ExcelJS.Workbook()
    const ws = wb.addWorksheet('Лист1')
    ws.addRow(['Класс', 'Дата', 'Урок', 'Тема'])
    ws.addRow(['5А', new Date(Date.UTC(2026, 10, 16)), 3, { formula: 'CONCAT("a";"b")', result: 'ab' }])
    ws.addRow([])
    ws.addRow(['5Б', '17.11.2026', 1, { richText: [{ text: 'Дро' }, { text: 'би' }] }])
    const r = await readTable(new Uint8Array(await wb.xlsx.writeBuffer()), 'l.xlsx')
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.table.format).toBe('XLSX')
    // Issue 17 item 6: the cell shows «ab» in Excel, so the file says «ab»; a formula is still never run here.
    expect(r.table.rows).toEqual([
      { line: 2, cells: ['5А', '2026-11-16', '3', 'ab'] },
      { line: 4, cells: ['5Б', '17.11.2026', '1', 'Дроби'] },
    ])
    expect(r.table.warnings).toEqual([])
    expect(r.table.errors).toEqual([])
  })

  it('reads a hyperlink cell whose text is partly formatted as its text, not «[object Object]»', async () => {
    const wb = new ExcelJS.Workbook()
    const ws = wb.addWorksheet('Лист1')
    ws.addRow(['Фамилия', 'Почтовый адрес', 'Почта'])
    ws.addRow([
      'Иванова',
      {
        text: { richText: [{ text: 'г. Саратов, ' }, { font: { bold: true }, text: 'ул. Мира, 3' }] },
        hyperlink: 'https://maps.example/3',
      },
      { text: 'olga@example.org', hyperlink: 'mailto:olga@example.org' },
    ])
    const r = await readTable(new Uint8Array(await wb.xlsx.writeBuffer()), 'g.xlsx')
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.table.rows).toEqual([{ line: 2, cells: ['Иванова', 'г. Саратов, ул. Мира, 3', 'olga@example.org'] }])
  })

  it('reads Excel’s «Текст Юникод» (UTF-16 with a byte order mark, tabs) and a book whose first sheet is empty', async () => {
    const text = 'Фамилия\tИмя\r\nО’Коннор\tАнна\r\n'
    for (const bytes of [
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]),
      Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]),
    ]) {
      const r = await readTable(new Uint8Array(bytes), 'ученики.txt')
      expect(r.ok).toBe(true)
      if (r.ok) expect(r.table.rows).toEqual([{ line: 2, cells: ['О’Коннор', 'Анна'] }])
    }
    const wb = new ExcelJS.Workbook()
    wb.addWorksheet('Лист1')
    const data = wb.addWorksheet('Ученики')
    data.addRow(['Фамилия', 'Имя'])
    data.addRow(['Иванова', 'Анна'])
    const r = await readTable(new Uint8Array(await wb.xlsx.writeBuffer()), 'u.xlsx')
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.table.rows).toEqual([{ line: 2, cells: ['Иванова', 'Анна'] }])
    expect(r.table.warnings).toEqual([{ line: null, message: 'Первый лист книги пуст: прочитан лист «Ученики».' }])
  })

  it('a book of one sheet per class: the first is read, the others with data are named, hidden lists are not', async () => {
    const wb = new ExcelJS.Workbook()
    for (const name of ['5А', '5Б', '6А']) {
      const ws = wb.addWorksheet(name)
      ws.addRow(['Фамилия', 'Имя'])
      ws.addRow([`Ученик ${name}`, 'Анна'])
    }
    wb.addWorksheet('Пустой')
    const lists = wb.addWorksheet('Списки', { state: 'hidden' })
    lists.addRow(['мать'])
    const r = await readTable(new Uint8Array(await wb.xlsx.writeBuffer()), 'классы.xlsx')
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.table.rows).toEqual([{ line: 2, cells: ['Ученик 5А', 'Анна'] }])
    expect(r.table.warnings).toEqual([
      {
        line: null,
        message:
          'В книге ещё 2 листа с данными («5Б», «6А»): прочитан только лист «5А». Загрузите остальные листы отдельными ' +
          'файлами или соберите строки на один лист.',
      },
    ])
    // A hidden first sheet (a template's drop-down lists) is not read in place of the data.
    const book = new ExcelJS.Workbook()
    book.addWorksheet('Справочники', { state: 'veryHidden' }).addRow(['мать', 'отец'])
    const data = book.addWorksheet('Родители')
    data.addRow(['Фамилия', 'Имя'])
    data.addRow(['Иванова', 'Анна'])
    const hidden = await readTable(new Uint8Array(await book.xlsx.writeBuffer()), 'родители.xlsx')
    expect(hidden.ok && hidden.table.rows).toEqual([{ line: 2, cells: ['Иванова', 'Анна'] }])
    expect(hidden.ok && hidden.table.warnings).toEqual([{ line: null, message: 'Первый лист книги скрыт: прочитан лист «Родители».' }])
  })

  it('a row hidden in Excel (the pupils who left, a filter) is not read, and the note names it', async () => {
    const wb = new ExcelJS.Workbook()
    const ws = wb.addWorksheet('5А')
    ws.addRow(['Фамилия', 'Имя', 'Отчество'])
    ws.addRow(['Иванова', 'Анна', 'Сергеевна'])
    // The hidden row's broken formula (a pupil who left, whose class sheet is gone) is no error of the visible list.
    ws.addRow(['Петров', 'Пётр', 'Ильич', { formula: 'Выбывшие!A1', result: { error: '#REF!' } }]).hidden = true
    ws.addRow(['Сидоров', 'Олег', ''])
    const r = await readTable(new Uint8Array(await wb.xlsx.writeBuffer()), '5а.xlsx')
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.table.rows.map((row) => row.line)).toEqual([2, 4])
    expect(r.table.errors).toEqual([])
    expect(r.table.warnings).toEqual([
      {
        line: null,
        message:
          'Строка 3 — «Петров Пётр Ильич» скрыта в Excel и не загружена. Если она нужна, покажите скрытые строки и ' +
          'загрузите файл снова.',
      },
    ])
    // Rows a filter hides (Excel saves them hidden too): the note says the sheet is filtered.
    ws.autoFilter = 'A1:C4'
    ws.getRow(4).hidden = true
    const filtered = await readTable(new Uint8Array(await wb.xlsx.writeBuffer()), '5а.xlsx')
    expect(filtered.ok && filtered.table.rows.map((row) => row.line)).toEqual([2])
    expect(filtered.ok && filtered.table.warnings.map((w) => w.message)).toEqual([
      'Строки 3 — «Петров Пётр Ильич», 4 — «Сидоров Олег» скрыты в Excel (на листе фильтр) и не загружены. Если они ' +
        'нужны, снимите фильтр, покажите скрытые строки и загрузите файл снова.',
    ])
  })

  it('a column hidden in Excel (an old class column, notes) is not read, and the note names it like a hidden row', async () => {
    const wb = new ExcelJS.Workbook()
    const ws = wb.addWorksheet('Ученики')
    ws.addRow(['Фамилия', 'Имя', 'Класс', 'Класс', 'Примечание'])
    ws.addRow(['Иванова', 'Анна', '4А', '5А', 'переведена'])
    ws.addRow(['Петров', 'Пётр', '4Б', '5Б', ''])
    ws.getColumn(3).hidden = true
    ws.getColumn(5).hidden = true
    ws.getColumn(6).hidden = true // hidden and empty: nothing to say
    const r = await readTable(new Uint8Array(await wb.xlsx.writeBuffer()), 'ученики.xlsx')
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.table.header).toEqual(['Фамилия', 'Имя', '', 'Класс', ''])
    expect(r.table.rows).toEqual([
      { line: 2, cells: ['Иванова', 'Анна', '', '5А', ''] },
      { line: 3, cells: ['Петров', 'Пётр', '', '5Б', ''] },
    ])
    expect(r.table.warnings.map((w) => w.message)).toEqual([
      'Столбцы C «Класс», E «Примечание» скрыты в Excel и не загружены. Если они нужны, покажите скрытые столбцы и ' +
        'загрузите файл снова.',
    ])
  })

  it('a cell merged down a column is noted under its first row; one merged across is its first column’s (ADR 125)', async () => {
    const wb = new ExcelJS.Workbook()
    const ws = wb.addWorksheet('5А')
    ws.addRow(['Класс', 'ФИО', '', '', 'Дата рождения'])
    ws.addRow(['5А', 'Иванова Анна Петровна', '', '', '01.02.2015'])
    ws.addRow(['', 'Петров Пётр Ильич', '', '', '02.03.2015'])
    ws.mergeCells('B1:D1')
    ws.mergeCells('B2:D2')
    ws.mergeCells('A2:A3')
    const r = await readTable(new Uint8Array(await wb.xlsx.writeBuffer()), 'список.xlsx')
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.table.header).toEqual(['Класс', 'ФИО', '', '', 'Дата рождения'])
    expect(r.table.rows).toEqual([
      { line: 2, cells: ['5А', 'Иванова Анна Петровна', '', '', '01.02.2015'] },
      { line: 3, cells: ['', 'Петров Пётр Ильич', '', '', '02.03.2015'], mergedDown: [{ col: 0, from: 2, text: '5А' }] },
    ])
  })

  it('an Excel error — an error cell, a formula’s error, «#Н/Д» saved in CSV — is an error of its cell, as Excel shows it', async () => {
    const wb = new ExcelJS.Workbook()
    const ws = wb.addWorksheet('Лист1')
    ws.addRow(['Фамилия', 'Имя', 'Класс'])
    ws.addRow(['Иванова', { error: '#N/A' }, { formula: 'VLOOKUP(A2;Классы!A:B;2;0)', result: { error: '#REF!' } }])
    const r = await readTable(new Uint8Array(await wb.xlsx.writeBuffer()), 'l.xlsx')
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.table.rows).toEqual([{ line: 2, cells: ['Иванова', '', ''] }])
    const fix = 'исправьте формулу или данные, из которых она считает, или очистите ячейку — и загрузите файл снова.'
    expect(r.table.errors).toEqual([
      { line: 2, col: 2, message: `Формула «=VLOOKUP(A2;Классы!A:B;2;0)» даёт ошибку «#ССЫЛКА!»: ${fix}` },
      { line: 2, col: 1, message: `В ячейке ошибка Excel «#Н/Д»: ${fix}` },
    ])
    const csv = await readTable(utf8('Фамилия;Имя;Класс\r\nИванова;Анна;#Н/Д\r\n'), 'l.csv')
    expect(csv.ok && csv.table.errors).toEqual([{ line: 2, col: 2, message: `В ячейке ошибка Excel «#Н/Д»: ${fix}` }])
  })

  it('names an ODS book of LibreOffice Calc, whatever its file is called, instead of calling it damaged', async () => {
    const zip = new PizZip()
    zip.file('mimetype', 'application/vnd.oasis.opendocument.spreadsheet', { compression: 'STORE' })
    zip.file('content.xml', '<office:document-content/>')
    const ods = new Uint8Array(zip.generate({ type: 'nodebuffer', compression: 'DEFLATE' }))
    for (const name of ['Ученики 5А.ods', 'Ученики 5А.xlsx'])
      expect(await readTable(ods, name)).toEqual({
        ok: false,
        error: 'Формат ODS (LibreOffice Calc, МойОфис) не поддерживается: сохраните файл как XLSX (тип «Excel 2007–365») или CSV.',
      })
  })

  it('reports a damaged workbook', async () => {
    expect(await readTable(new Uint8Array([0x50, 0x4b, 3, 4, 9, 9, 9]), 'bad.xlsx')).toEqual({
      ok: false,
      error: 'Не удалось прочитать файл XLSX: он повреждён или это не книга Excel.',
    })
  })
})

describe('export escaping', () => {
  it('prefixes an apostrophe to anything a spreadsheet would execute', () => {
    expect(['=1+2', '+7', '-x', '@A1', 'Иванов'].map(escapeForExport)).toEqual(["'=1+2", "'+7", "'-x", "'@A1", 'Иванов'])
    expect(looksLikeFormula('+7 (912) 345-67-89')).toBe(false)
    // Pasted from Word: no-break spaces, no-break hyphens (U+2011), an en dash — a phone, not a formula.
    expect(looksLikeFormula('+7\u00a0912\u00a0345\u201167\u201189')).toBe(false)
    expect(looksLikeFormula('+7 (8452) 33–33–33')).toBe(false)
    expect(looksLikeFormula('-\u2011=1+2')).toBe(true)
    expect(looksLikeFormula('=cmd|"/c calc"!A1')).toBe(true)
    expect(
      toCsv([
        ['a', '=1+2'],
        ['"q"', 'б'],
      ]),
    ).toBe('\uFEFF"a";"\'=1+2"\r\n"""q""";"б"\r\n')
  })
})
