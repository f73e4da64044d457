// Writes the real-world import corpus (tests/fixtures/real-world/import/, issue 17 item 6 and ADR 027): files as
// schools really have them — Excel with formulas and their saved values, date serials, a merged title above the
// header, Word's control characters in lesson topics; CSV in CP1251 with «;»; «ё» and «е» spellings of one pupil.
// Each file's expected outcome is in cases.json; tests/integration/import-real-world.test.ts runs them, in order,
// through the product's import. Run: `npx tsx scripts/make-import-corpus.ts`.
import fs from 'node:fs'
import path from 'node:path'
import ExcelJS from 'exceljs'
import iconv from 'iconv-lite'
import PizZip from 'pizzip'

const DIR = path.resolve(__dirname, '..', 'tests', 'fixtures', 'real-world', 'import')

export type Case = {
  file: string
  kind: 'pupils' | 'lessons' | 'guardians'
  about: string
  expect: {
    ok: boolean
    counts?: { created: number; updated: number; unchanged: number }
    /** Each warning's text matches one of these (in order of lines), and there are exactly this many. */
    warnings: string[]
    errors: string[]
  }
}

const PUPIL_HEADER = ['Фамилия', 'Имя', 'Отчество', 'Дата рождения', 'Класс']

/** The 1С-era export: CP1251, «;», CRLF. */
function cp1251Csv(rows: string[][]): Buffer {
  return iconv.encode(`${rows.map((r) => r.join(';')).join('\r\n')}\r\n`, 'win1251')
}

/** Excel's «CSV UTF-8 (разделитель — запятая)» on Russian Windows: a BOM, «;», CRLF. */
function utf8BomCsv(rows: string[][]): Buffer {
  return Buffer.from(`\uFEFF${rows.map((r) => r.join(';')).join('\r\n')}\r\n`, 'utf8')
}

async function xlsx(build: (ws: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  build(wb.addWorksheet('Лист1'))
  return excelEscapes(Buffer.from(await wb.xlsx.writeBuffer()))
}

/**
 * Excel keeps a control character of a cell as the escape «_x000B_» (XML cannot hold it); exceljs writes it raw,
 * which no Excel would open. Rewrite the parts as Excel saves them.
 */
function excelEscapes(book: Buffer): Buffer {
  const zip = new PizZip(book)
  for (const name of Object.keys(zip.files).filter((n) => /^xl\/(sharedStrings|worksheets\/sheet\d+)\.xml$/.test(n))) {
    const xml = zip.file(name)!.asText()
    zip.file(name, xml.replace(/⟦([0-9A-F]{4})⟧/g, '_x$1_'))
  }
  return zip.generate({ type: 'nodebuffer', compression: 'DEFLATE' })
}

/** A cell text with control characters, marked for excelEscapes (exceljs itself drops some of them on write). */
const pasted = (text: string) =>
  text.replace(/[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/g, (ch) => `⟦${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}⟧`)

export async function buildCorpus(): Promise<Array<Case & { bytes: Buffer }>> {
  return [
    {
      file: '01-pupils-1c-cp1251.csv',
      kind: 'pupils',
      about: 'Выгрузка в CP1251 с «;», без «ё» (старая система): «Семенов Петр»; дата рождения — серийный номер Excel 40544 (01.01.2011).',
      bytes: cp1251Csv([
        PUPIL_HEADER,
        ['Семенов', 'Петр', 'Алексеевич', '40544', '5А'],
        ['Ежова', 'Дарья', 'Игоревна', '12.03.2011', '5А'],
      ]),
      expect: { ok: true, counts: { created: 2, updated: 0, unchanged: 0 }, warnings: [], errors: [] },
    },
    {
      file: '02-pupils-excel-title-formulas.xlsx',
      kind: 'pupils',
      about:
        'Книга Excel как у классного руководителя: объединённый заголовок над таблицей, фамилия формулой ' +
        '=CONCATENATE (сохранённое значение «Семёнов»), дата рождения датой, числом-серийным номером и формулой ' +
        '=DATE. «Семёнов Пётр» — тот же ученик, что «Семенов Петр»: написание исправляется.',
      bytes: await xlsx((ws) => {
        ws.addRow(['Список обучающихся 5А класса на 01.09.2026'])
        ws.mergeCells('A1:E1')
        ws.addRow(PUPIL_HEADER)
        ws.addRow([{ formula: 'CONCATENATE("Семё";"нов")', result: 'Семёнов' }, 'Пётр', 'Алексеевич', new Date(Date.UTC(2011, 0, 1)), '5А'])
        ws.addRow(['Ёлкина', 'Алёна', 'Сергеевна', 40702, { formula: 'UPPER("5а")', result: '5А' }])
        ws.addRow(['Ежова', 'Дарья', 'Игоревна', { formula: 'DATE(2011;3;12)', result: new Date(Date.UTC(2011, 2, 12)) }, '5А'])
      }),
      expect: {
        ok: true,
        counts: { created: 1, updated: 1, unchanged: 1 },
        warnings: [
          '^Строка 1 над заголовком таблицы пропущена \\(«Список обучающихся 5А класса на 01\\.09\\.2026»\\): заголовок — строка 2\\.$',
          '^Написание ФИО исправлено по файлу: «Семенов Петр Алексеевич» → «Семёнов Пётр Алексеевич»\\.$',
        ],
        errors: [],
      },
    },
    {
      file: '03-pupils-1c-again-without-yo.csv',
      kind: 'pupils',
      about: 'Та же выгрузка без «ё» ещё раз: «Семенов Петр» и «Елкина Алена» — те же ученики, «ё» в журнале не стирается.',
      bytes: cp1251Csv([
        PUPIL_HEADER,
        ['Семенов', 'Петр', 'Алексеевич', '01.01.2011', '5А'],
        ['Елкина', 'Алена', 'Сергеевна', '08.06.2011', '5 а'],
      ]),
      expect: { ok: true, counts: { created: 0, updated: 0, unchanged: 2 }, warnings: [], errors: [] },
    },
    {
      file: '04-pupils-yo-duplicate.csv',
      kind: 'pupils',
      about: 'Один ученик дважды в одном файле: «Семёнов Пётр» и «Семенов Петр» с той же датой рождения — повтор.',
      bytes: cp1251Csv([
        PUPIL_HEADER,
        ['Семёнов', 'Пётр', 'Алексеевич', '01.01.2011', '5А'],
        ['Семенов', 'Петр', 'Алексеевич', '01.01.2011', '5А'],
      ]),
      expect: { ok: false, warnings: [], errors: ['^Обучающийся повторяется: та же ФИО и дата рождения в строке 2\\.$'] },
    },
    {
      file: '05-lessons-word-paste.xlsx',
      kind: 'lessons',
      about:
        'Темы уроков, вставленные из Word: ручной разрыв строки (U+000B), невидимые U+0001 и U+FFFF, дата урока — ' +
        'серийный номер Excel 46342 (16.11.2026). Текст нормализуется, по предупреждению на строку.',
      bytes: await xlsx((ws) => {
        ws.addRow(['Класс', 'Дата', 'Урок', 'Предмет', 'Тема', 'Домашнее задание'])
        ws.addRow(['5А', 46342, 8, 'Математика', pasted('Обыкновенные дроби.\u000bСравнение дробей'), pasted('№ 45\u0001–48')])
        ws.addRow(['5А', '16.11.2026', 9, 'Математика', pasted('Смешанные числа\uFFFF'), ''])
        ws.addRow(['5А', '16.11.2026', 10, 'Математика', 'Обычная тема', ''])
      }),
      expect: {
        ok: true,
        counts: { created: 3, updated: 0, unchanged: 0 },
        warnings: [
          '^В строке невидимые управляющие символы: разрыв строки Word \\(U\\+000B\\) заменён переводом строки, U\\+0001 удалён\\.$',
          '^В строке невидимые управляющие символы: U\\+FFFF удалён\\.$',
        ],
        errors: [],
      },
    },
    {
      file: '06-pupils-formula-without-value.xlsx',
      kind: 'pupils',
      about:
        'Формула без сохранённого значения (файл собран программой и не открывался в Excel): файл не загружается, ошибка называет формулу.',
      bytes: await xlsx((ws) => {
        ws.addRow(PUPIL_HEADER)
        ws.addRow([{ formula: 'CONCATENATE("Ива";"нов")' }, 'Иван', 'Иванович', '02.02.2011', '5А'])
      }),
      expect: {
        ok: false,
        warnings: [],
        errors: ['^В ячейке формула «=CONCATENATE\\("Ива";"нов"\\)» без сохранённого значения: откройте файл в Excel'],
      },
    },
    {
      file: '07-pupils-1c-date-with-time.csv',
      kind: 'pupils',
      about:
        'Выгрузка 1С в CP1251: дата рождения со временем, как 1С и Excel пишут ячейку «дата и время» — ' +
        '«01.01.2011 0:00:00». День читается, время отбрасывается.',
      bytes: cp1251Csv([
        PUPIL_HEADER,
        ['Семенов', 'Петр', 'Алексеевич', '01.01.2011 0:00:00', '5А'],
        ['Зуева', 'Ольга', 'Павловна', '15.05.2011 0:00', '5А'],
      ]),
      expect: { ok: true, counts: { created: 1, updated: 0, unchanged: 1 }, warnings: [], errors: [] },
    },
    {
      file: '08-pupils-typed-double-names.csv',
      kind: 'pupils',
      about:
        'Excel «CSV UTF-8» (с BOM): двойная фамилия набрана с пробелами вокруг дефиса («Римская - Корсакова»), ' +
        "апостроф — обратной кавычкой («Д`Арк»): сохраняются как «Римская-Корсакова», «Д'Арк».",
      bytes: utf8BomCsv([
        PUPIL_HEADER,
        ['Римская - Корсакова', 'Анна', 'Игоревна', '03.04.2011', '5А'],
        ['Д`Арк', 'Жанна', '', '05.06.2011', '5А'],
      ]),
      expect: { ok: true, counts: { created: 2, updated: 0, unchanged: 0 }, warnings: [], errors: [] },
    },
    {
      file: '09-pupils-whole-name-double-hyphen.csv',
      kind: 'pupils',
      about:
        'Те же ученики одним столбцом «ФИО»: «Римская--Корсакова Анна Игоревна», «Д’Арк Жанна» — те же, не новые ' +
        '(ФИО делится на части так же, как хранится).',
      bytes: utf8BomCsv([
        ['ФИО', 'Дата рождения', 'Класс'],
        ['Римская--Корсакова Анна Игоревна', '03.04.2011', '5А'],
        ['Д’Арк Жанна', '05.06.2011', '5А'],
      ]),
      expect: {
        ok: true,
        counts: { created: 0, updated: 0, unchanged: 2 },
        warnings: ['^Столбец «ФИО» разделён по пробелам: первое слово — фамилия'],
        errors: [],
      },
    },
    {
      file: '10-pupils-printed-report.xlsx',
      kind: 'pupils',
      about:
        'Отчёт «для печати» (1С, электронный журнал): заголовок таблицы и строка с номерами столбцов повторяются на ' +
        'каждой странице. Повторы пропускаются с одним предупреждением, ученики загружаются.',
      bytes: await xlsx((ws) => {
        ws.addRow(PUPIL_HEADER)
        ws.addRow(['1', '2', '3', '4', '5'])
        ws.addRow(['Борисов', 'Глеб', 'Андреевич', '11.02.2011', '5А'])
        ws.addRow(['ФАМИЛИЯ', 'Имя', 'Отчество', 'Дата рождения', 'Класс'])
        ws.addRow(['1', '2', '3', '4', '5'])
        ws.addRow(['Быкова', 'Вера', 'Олеговна', '21.09.2011', '5А'])
      }),
      expect: {
        ok: true,
        counts: { created: 2, updated: 0, unchanged: 0 },
        warnings: ['^Строки 4, 5 повторяют заголовок таблицы \\(отчёт для печати повторяет его на каждой странице\\) и пропущены\\.$'],
        errors: [],
      },
    },
  ]
}

async function main() {
  fs.mkdirSync(DIR, { recursive: true })
  const cases = await buildCorpus()
  for (const c of cases) fs.writeFileSync(path.join(DIR, c.file), c.bytes)
  fs.writeFileSync(
    path.join(DIR, 'cases.json'),
    `${JSON.stringify(
      cases.map(({ bytes: _, ...c }) => c),
      null,
      2,
    )}\n`,
  )
  console.log(`${cases.length} файлов в ${path.relative(process.cwd(), DIR)}`)
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(__filename)) void main()
