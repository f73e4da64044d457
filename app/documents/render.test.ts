import Docxtemplater from 'docxtemplater'
import PizZip from 'pizzip'
import { describe, expect, it } from 'vitest'
import { BENCH_EXTRACT, DEMO_BLANK_APPLICATION, DEMO_DATA, DEMO_EXTRACT, DEMO_REFUSAL, demoExtract } from './demo-data'
import { DOCX_OPTIONS, loadTemplate, renderDocx, renderTemplate, sha256, TemplateError, validateTemplate } from './render.server'
import { TEMPLATE_FILES, type TemplateName } from './types'
import { escapeDocumentData } from './escape-data'
import { KINDS, KIND_LABELS } from '#workflows/journal-rules'

const NAMES = Object.keys(TEMPLATE_FILES) as TemplateName[]

function xmlOf(docx: Buffer, part = 'word/document.xml'): string {
  const file = new PizZip(docx, { checkCRC32: true }).file(part)
  if (!file) throw new Error(`no ${part}`)
  return file.asText()
}

/** The document's text: paragraphs on lines, tabs kept, tags stripped, entities decoded. */
function textOf(docx: Buffer, part = 'word/document.xml'): string {
  return xmlOf(docx, part)
    .replace(/<\/w:p>/g, '\n')
    .replace(/<w:tab\/>/g, '\t')
    .replace(/<w:br\/>/g, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&')
}

const count = (haystack: string, needle: string) => haystack.split(needle).length - 1

/** Stock docxtemplater, out of the box: the reference our fast path must match. */
/** docxtemplater out of the box on the data every renderer gets (escapeDocumentData: control characters, «№»). */
function stockRender(template: Buffer, data: object): PizZip {
  const doc = new Docxtemplater(new PizZip(template), { ...DOCX_OPTIONS })
  doc.render(escapeDocumentData(data))
  return doc.getZip() as PizZip
}

describe('templates render with demo data', () => {
  it('application: names, ☒ for a requested kind, ☐ for another, delivery by e-mail', () => {
    const text = textOf(renderTemplate('zayavlenie', DEMO_DATA.zayavlenie))
    expect(text).toContain('Директору муниципального общеобразовательного учреждения «Средняя общеобразовательная школа №\u00a08»')
    expect(text).toContain('Т.В. Тушинской')
    // The names in the genitive, as Russian needs after «от» and «успеваемости» (issue 19, item 4: this test used to
    // expect the nominative «от Смирнова Ольга Викторовна», the very mistake the issue reported).
    expect(text).toContain('от Смирновой Ольги Викторовны')
    expect(text).toContain('о текущей успеваемости\nСмирнова Артёма Денисовича')
    expect(text).toContain('обучающегося(-ейся) в 7 «Б» классе:')
    expect(text).toContain('☒\tо темах и видах занятий и работ, по результатам которых получены оценки')
    expect(text).toContain('☐\tо расписании занятий на текущий учебный год')
    expect(text).toContain('☒\tо посещаемости занятий обучающимся')
    expect(text).toContain('☐\tинформацию для доступа к электронному дневнику')
    expect(text).toContain('Периодичность: еженедельно')
    expect(text).toContain('☒\tпо электронной почте, e-mail: o.smirnova@example.ru')
    expect(text).toContain('☐\tпри личном обращении')
    expect(text).toContain('Дата 02.09.2024')
    expect(text).not.toMatch(/[{}]/)
  })

  // The appendix's six kinds are one wording: the online form, the answers and the refusals (KIND_LABELS) say what
  // the Word form says, word for word.
  it('application: every kind in the words the online form and the answers use', () => {
    const text = textOf(renderTemplate('zayavlenie', DEMO_DATA.zayavlenie))
    for (const kind of KINDS) expect(text).toMatch(new RegExp(`[☒☐]\t${KIND_LABELS[kind]}[;.]`))
  })

  // The form is «по форме согласно приложению к порядку» (Порядок 2.7): its captions in the appendix's words.
  it('application: the captions of the appendix’s form, word for word', () => {
    const text = textOf(renderTemplate('zayavlenie', DEMO_BLANK_APPLICATION))
    expect(text).toContain(
      '(вид и реквизиты документа, удостоверяющего личность, — в случае направления заявления с помощью почтовой связи или ' +
        'электронной почтой)',
    )
    expect(text).toContain('(указать периодичность представления информации)')
  })

  it('blank application: every box empty, lines to fill in, no leftover tags', () => {
    const docx = renderTemplate('zayavlenie', DEMO_BLANK_APPLICATION)
    const text = textOf(docx)
    expect(count(text, '☐')).toBe(9)
    expect(text).not.toContain('☒')
    expect(text).toContain('Прошу предоставить (предоставлять) мне')
    expect(text).toContain('в ______ классе')
    expect(text).toContain('Дата «___» ____________ 20___ г.')
    expect(text).not.toMatch(/[{}]/)
    // Empty fields draw their lines with underscore tab leaders; name, document and address get a spare line.
    const xml = xmlOf(docx)
    expect(count(xml, 'w:leader="underscore"')).toBeGreaterThanOrEqual(8)
    expect(count(text, '(фамилия, имя, отчество заявителя)')).toBe(1)
  })

  it('refusal to accept documents: grounds numbered, director signs', () => {
    const text = textOf(renderTemplate('otkaz-v-prieme', DEMO_DATA['otkaz-v-prieme']))
    expect(text).toContain('УВЕДОМЛЕНИЕ')
    expect(text).toContain('об отказе в приёме документов')
    expect(text).toContain('Уважаемая Ольга Викторовна!')
    expect(text).toContain('№\u00a001-12/118 от 04.09.2024')
    expect(text).toContain('1. Не представлена копия документа, удостоверяющего личность заявителя')
    expect(text).toContain('2. Не представлен документ, подтверждающий статус законного представителя')
    expect(text).toContain('прилагается копия такого документа')
    expect(text).toContain('Директор МОУ «СОШ №\u00a08»\tТ.В. Тушинская')
  })

  it('refusal to provide information: the «absent from the journal» ground with its reason', () => {
    const text = textOf(renderTemplate('otkaz-v-predostavlenii', DEMO_REFUSAL))
    expect(text).toContain('об отказе в предоставлении информации')
    expect(text).toContain('1. Запрашиваемая информация отсутствует в электронном дневнике и электронном журнале успеваемости')
    expect(text).toContain('обучающийся освобождён от занятий')
    expect(text).toContain('зарегистрированное 10.09.2024 под №\u00a023')
    expect(text).toContain('Смирнов Артём Денисович, 7 «Б» класс')
  })

  it('a ground without details prints no stray space or tag', () => {
    const data = { ...DEMO_REFUSAL, grounds: [{ text: 'Основание.', details: '' }] }
    expect(textOf(renderTemplate('otkaz-v-predostavlenii', data))).toContain('1. Основание.\n')
  })

  it('access credentials: login, one-time password, site, first sign-in, confidentiality duties', () => {
    const text = textOf(renderTemplate('rekvizity-dostupa', DEMO_DATA['rekvizity-dostupa']))
    expect(text).toContain('smirnova.ov')
    expect(text).toContain('Kx7-pQ4m-Tz9')
    expect(text).toContain('https://dnevnik.sosh8.example.ru')
    expect(text).toContain('Задайте собственный пароль')
    expect(text).toContain('храните логин и пароль в тайне')
    expect(text).toContain('не передавайте их другим лицам')
    expect(text).toContain('не позднее одного рабочего дня сообщите об этом директору школы')
    expect(text).toContain('Классный руководитель 7 «Б» класса')
  })

  it('extract: header, a mark row with its topic, requested sections only, certification', () => {
    const docx = renderTemplate('vypiska', BENCH_EXTRACT)
    const xml = xmlOf(docx)
    const text = textOf(docx)
    const mark = BENCH_EXTRACT.marks[17]
    expect(text).toContain('ВЫПИСКА')
    expect(text).toContain('Обучающийся: Смирнов Артём Денисович')
    expect(text).toContain('Период: II четверть 2024/2025 учебного года (с 05.11.2024 по 28.12.2024)')
    expect(text).toContain(`${mark.date}\n${mark.subject}\n${mark.topic}\n${mark.workType}\n${mark.weight}\n${mark.mark}`)
    expect(text).toContain('Отметки, темы и виды работ, за которые они получены')
    expect(text).toContain('Домашние задания')
    expect(text).toContain(`Итого пропущено уроков: ${BENCH_EXTRACT.attendanceTotals.missed}, из них по уважительной причине`)
    expect(text).not.toContain('Расписание занятий на текущий учебный год')
    expect(text).not.toContain('Темы и виды занятий')
    expect(text).not.toContain('Прогноз итоговой успешности')
    expect(text).toContain('Выписка верна.')
    expect(text).toContain('Заместитель директора по УВР')
    // one table row per mark, homework and attendance record, a repeated header row per table, the signature row
    const rows = BENCH_EXTRACT.marks.length + BENCH_EXTRACT.homework.length + BENCH_EXTRACT.attendance.length
    expect(count(xml, '<w:tr>')).toBe(rows + 3 + 1)
    expect(count(xml, '<w:tblHeader/>')).toBe(3)
    expect(textOf(docx, 'word/footer1.xml')).toContain('Выписка из электронного журнала: Смирнов Артём Денисович, 7 «Б» класс')
  })

  it('extract: all six sections, and «no records» for an empty requested section', () => {
    const full = textOf(renderTemplate('vypiska', DEMO_EXTRACT))
    for (const heading of [
      'Расписание занятий на текущий учебный год',
      'Темы и виды занятий',
      'Посещаемость занятий',
      'Прогноз итоговой успешности за период',
    ]) {
      expect(full).toContain(heading)
    }
    expect(full).not.toContain('За период записей нет.')
    const empty = textOf(renderTemplate('vypiska', { ...DEMO_EXTRACT, homework: [] }))
    expect(count(empty, 'За период записей нет.')).toBe(1)
  })

  it('extract: a school year of marks (≈ 1500 rows) lays out as one table with a repeated header', () => {
    const year = demoExtract({
      span: 'year',
      sections: { homework: false, topics: false, timetable: false, attendance: false, forecast: false },
    })
    expect(year.marks.length).toBe(1500)
    const xml = xmlOf(renderTemplate('vypiska', year))
    expect(count(xml, '<w:tr>')).toBe(1 + 1500 + 1) // header, marks, signature row
    expect(xml).toContain(year.marks[1499].topic)
  })

  it('registration log: landscape page, one row per application', () => {
    const data = DEMO_DATA['zhurnal-registracii']
    const docx = renderTemplate('zhurnal-registracii', data)
    const xml = xmlOf(docx)
    expect(xml).toMatch(/<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"\/>/)
    expect(count(xml, '<w:tr>')).toBe(data.rows.length + 2)
    const text = textOf(docx)
    expect(text).toContain('регистрации заявлений о предоставлении информации о текущей успеваемости обучающегося')
    expect(text).toContain('за период с 01.09.2024 по 30.09.2024')
    expect(text).toContain(data.rows[3].applicantName)
    expect(text).toContain('Всего заявлений за период: 24')
  })

  it('parent handout: deadlines, ways to apply, the responsible employee', () => {
    const text = textOf(renderTemplate('pamyatka', DEMO_DATA.pamyatka))
    expect(text).toContain('не более 10 минут')
    expect(text).toContain('не позднее 1 рабочего дня')
    expect(text).toContain('не позднее 30 календарных дней со дня регистрации заявления')
    // ADR 031, 032: the terms come from workflows/deadlines.ts, and a day off is named as the parent is told everywhere.
    expect(text).not.toContain('{terms.')
    expect(text).toContain('если последний день срока нерабочий, школа ответит в последний рабочий день перед ним')
    expect(text).toContain('https://sosh8.example.ru/zayavlenie')
    expect(text).toContain('Ковалёва Ирина Николаевна')
    expect(text).toContain('кабинет 12, тел. +7 (8452) 23-45-10')
    expect(text).toContain('uvr.school8@example.ru')
  })

  it('class credentials: a page per guardian with login and password, then the signature sheet without passwords', () => {
    const data = DEMO_DATA['rekvizity-klassa']
    const docx = renderTemplate('rekvizity-klassa', data)
    const text = textOf(docx)
    const [pages, sheet] = text.split('ВЕДОМОСТЬ')
    expect(count(pages, 'Законный представитель: ')).toBe(2)
    expect(pages).toContain('Законный представитель: Егоров Павел Игоревич')
    expect(pages).toContain('Егорова Алиса Павловна, Егоров Максим Павлович, 7 «Б» класс')
    for (const g of data.guardians) {
      expect(pages).toContain(g.login)
      expect(pages).toContain(g.temporaryPassword)
      expect(sheet).not.toContain(g.temporaryPassword)
      expect(sheet).toContain(`${g.n}\n${g.fullName}\n${g.children}\n${g.login}\n02.09.2024`)
    }
    expect(pages).toContain('Временный пароль действует до\n02.10.2024')
    expect(pages).toContain('Ваши обязанности (Регламент ведения электронного журнала, пункты 3.1–3.3)')
    expect(pages).toContain('директору школы (тел. +7 (8452) 23-45-08, e-mail: school8@example.ru)')
    expect(count(pages, 'Реквизиты доступа получил(а), с обязанностями ознакомлен(а):')).toBe(2)
    expect(sheet).toContain('выдачи реквизитов доступа к электронному дневнику')
    expect(sheet).toContain('Класс: 7 «Б»')
    expect(sheet).toContain('Классный руководитель: Полякова Елена Андреевна')
    expect(sheet).toContain('Всего выдано: 2')
    expect(sheet).toContain('Классный руководитель\t______________ Е.А. Полякова')
    expect(text).not.toMatch(/[{}]/)
    // Each guardian's page and the sheet start on a new page.
    expect(count(xmlOf(docx), '<w:pageBreakBefore/>')).toBe(3)
    expect(textOf(docx, 'word/footer1.xml')).toContain('Реквизиты доступа к электронному дневнику, 7 «Б» класс')
  })

  it('check report: basis, a row per deviation and finding, the conclusion and the director', () => {
    const docx = renderTemplate('proverka', DEMO_DATA.proverka)
    // What the document shows of the data: «№» bound to its number («заявление №\u00a041»).
    const data = escapeDocumentData(DEMO_DATA.proverka)
    expect(data.check.basis).toMatch(/№\u00a0\d/)
    const text = textOf(docx)
    expect(text).toContain('СПРАВКА №\u00a03')
    expect(text).toContain('по результатам внеплановой проверки соблюдения Порядка')
    expect(text).toContain(`Основание: ${data.check.basis}`)
    expect(text).toContain('Проверяемый период: с 01.10.2024 по 31.10.2024')
    for (const d of data.deviations) expect(text).toContain(`${d.n}\n${d.label}\n${d.application}\n${d.detail}`)
    for (const f of data.findings) expect(text).toContain(f.text)
    expect(text).toContain(data.check.conclusion)
    expect(text).toContain('Директор\t______________ Т.В. Тушинская')
    expect(text).not.toContain('Отклонений не выявлено.')
    expect(text).not.toMatch(/[{}]/)
    expect(textOf(docx, 'word/footer1.xml')).toContain('Справка №\u00a03 по результатам проверки')
  })

  it('activity report: landscape, roles, parents by class, teachers (Положение 7.1)', () => {
    const data = DEMO_DATA['otchet-aktivnosti']
    const docx = renderTemplate('otchet-aktivnosti', data)
    expect(xmlOf(docx)).toMatch(/<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"\/>/)
    const text = textOf(docx)
    expect(text).toContain('об активности пользователей при работе с электронным журналом за октябрь 2024 г.')
    expect(text).toContain('(Положение, п. 7.1; период с 01.10.2024 по 31.10.2024)')
    expect(text).toContain('Родитель (законный представитель)\n612\n431\n2917\n58\n4380\n70 %')
    expect(text).toContain('Родителей с учётной записью: 612; входили в месяце: 431 (70 %); просмотров сведений о детях: 4312.')
    expect(text).toContain('7 «Б»\n25\n16\n64 %')
    expect(text).toContain('Полякова Елена Андреевна\n23\n31.10.2024 15:10\n72\n70\n72\n415')
    expect(text).toContain('Отчёт сформирован 01.11.2024 00:05.')
    expect(text).not.toMatch(/[{}]/)
    expect(textOf(docx, 'word/footer1.xml')).toContain('Отчёт об активности пользователей ЭЖ за октябрь 2024 г.')
  })

  it('demo data fills every tag of every template (templates, types and demo agree)', () => {
    for (const name of NAMES) {
      const missing: string[] = []
      const doc = new Docxtemplater(new PizZip(loadTemplate(name)), {
        ...DOCX_OPTIONS,
        nullGetter: (part) => {
          missing.push(part.value)
          return ''
        },
      })
      doc.render(DEMO_DATA[name])
      expect(missing, name).toEqual([])
    }
  })
})

describe('renderer', () => {
  it('writes the same XML as docxtemplater out of the box, render after render (compiled-template reuse)', () => {
    const cases: Array<[TemplateName, object]> = [
      ...NAMES.map((n) => [n, DEMO_DATA[n]] as [TemplateName, object]),
      ['zayavlenie', DEMO_BLANK_APPLICATION],
      ['vypiska', BENCH_EXTRACT],
      ['vypiska', demoExtract({ markCount: 3 })],
      ['vypiska', { ...DEMO_EXTRACT, marks: [], homework: [{ date: '01.12.2024', subject: 'Алгебра', text: 'A & B < C > "D" \'E\'' }] }],
      ['otkaz-v-prieme', { ...DEMO_DATA['otkaz-v-prieme'], grounds: [{ text: 'Строка 1\nстрока 2', details: '' }] }],
    ]
    for (const [name, data] of cases) {
      const template = loadTemplate(name)
      const ours = new PizZip(renderDocx(template, data, name), { checkCRC32: true })
      const stock = stockRender(template, data)
      for (const part of ['word/document.xml', 'word/footer1.xml', 'docProps/core.xml']) {
        expect(ours.file(part)?.asText(), `${name} ${part}`).toBe(stock.file(part)?.asText())
      }
      expect(Object.keys(ours.files).sort()).toEqual(
        Object.keys(stock.files)
          .filter((f) => !stock.files[f].dir)
          .sort(),
      )
    }
  })

  it('is deterministic: the same data gives the same bytes', () => {
    const a = renderTemplate('vypiska', BENCH_EXTRACT)
    const b = renderTemplate('vypiska', BENCH_EXTRACT)
    expect(sha256(a)).toBe(sha256(b))
    expect(sha256(a)).toMatch(/^[0-9a-f]{64}$/)
  })
})

/** A copy of a template with a part of its document.xml replaced, as a careless edit in Word would do. */
function edited(name: TemplateName, from: string, to: string): Buffer {
  const zip = new PizZip(loadTemplate(name))
  const xml = zip.file('word/document.xml')!.asText()
  expect(xml).toContain(from)
  zip.file('word/document.xml', xml.replace(from, to))
  return zip.generate({ type: 'nodebuffer', compression: 'DEFLATE' })
}

describe('validateTemplate', () => {
  it('accepts every template and lists its tags', () => {
    for (const name of NAMES) {
      const result = validateTemplate(loadTemplate(name))
      expect(result.ok, name).toBe(true)
    }
    const result = validateTemplate(loadTemplate('vypiska'))
    expect(result.ok && result.tags).toEqual(
      expect.arrayContaining(['pupil.fullName', '#sections.marks', '#marks', 'topic', '^marks.length']),
    )
  })

  it('explains an unclosed tag in Russian, naming the tag and its paragraph', () => {
    const result = validateTemplate(edited('zayavlenie', '{pupil.fullNameGenitive}', '{pupil.name'))
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.errors).toHaveLength(1)
    const [issue] = result.errors
    expect(issue.tag).toBe('{pupil.name')
    expect(issue.explanation).toBe('Тег «{pupil.name» не закрыт: после него нет закрывающей фигурной скобки «}».')
    expect(issue.location).toMatch(/^основной текст, абзац \d+: «\{pupil\.name»$/)
  })

  it('explains a section without its closing tag', () => {
    const result = validateTemplate(edited('otkaz-v-prieme', '{/grounds}', 'конец списка'))
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.errors[0].tag).toBe('{#grounds}')
    expect(result.errors[0].explanation).toContain('Раздел «{#grounds}» не закрыт: после его содержимого нужен тег «{/grounds}»')
    expect(result.errors[0].location).toContain('основной текст')
  })

  it('explains a closing tag that does not match, and a broken expression', () => {
    const mismatch = validateTemplate(edited('otkaz-v-prieme', '{/grounds}', '{/ground}'))
    expect(!mismatch.ok && mismatch.errors[0].explanation).toBe(
      'Раздел «{#grounds}» закрыт чужим тегом «{/ground}»: начало и конец раздела должны совпадать.',
    )
    const expression = validateTemplate(edited('zayavlenie', '{box.marks}', "{box.marks ? '☒' : }"))
    expect(!expression.ok && expression.errors[0].explanation).toMatch(/^Выражение в теге «\{box\.marks \? '☒' : \}» написано с ошибкой/)
  })

  it('rejects a file that is not a .docx', () => {
    const result = validateTemplate(Buffer.from('это не документ'))
    expect(result).toEqual({
      ok: false,
      errors: [expect.objectContaining({ explanation: expect.stringContaining('не является документом Word') })],
    })
  })

  it('renderDocx throws a TemplateError with the Russian explanation', () => {
    const broken = edited('zayavlenie', '{pupil.fullNameGenitive}', '{pupil.name')
    expect(() => renderDocx(broken, DEMO_DATA.zayavlenie, 'zayavlenie')).toThrow(TemplateError)
    expect(() => renderDocx(broken, DEMO_DATA.zayavlenie, 'zayavlenie')).toThrow(/Тег «\{pupil\.name» не закрыт/)
  })
})
