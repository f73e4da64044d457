// A parent fills the school's application form in Word and mails it back with a one-line letter: the form's text is
// part of the intake item (the employee reads it beside the letter) and the guesses read the ticked boxes only.
import { simpleParser } from 'mailparser'
import PizZip from 'pizzip'
import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import { DEMO_DATA } from '#app/documents/demo-data'
import { renderTemplate } from '#app/documents/render.server'
import { docxText, documentXmlText, odtText } from './docx-text.server'
import { intakeContent } from './intake-content.server'
import { prefillFromMail } from './prefill'

const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
const doc = (body: string) =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document ${W}><w:body>${body}</w:body></w:document>`
const p = (...runs: string[]) => `<w:p><w:pPr><w:jc w:val="both"/></w:pPr>${runs.join('')}</w:p>`
const r = (text: string) => `<w:r><w:rPr><w:sz w:val="24"/></w:rPr><w:t xml:space="preserve">${text}</w:t></w:r>`
const tab = '<w:r><w:tab/></w:r>'
/** A content-control check box as Word 2010+ writes it: the glyph is the control's text. */
const sdtBox = (checked: boolean) =>
  '<w:sdt><w:sdtPr><w:id w:val="1"/><w14:checkbox><w14:checked w14:val="' +
  (checked ? '1' : '0') +
  '"/><w14:checkedState w14:val="2612"/><w14:uncheckedState w14:val="2610"/></w14:checkbox></w:sdtPr>' +
  `<w:sdtContent><w:r><w:rPr><w:rFonts w:ascii="MS Gothic"/></w:rPr><w:t>${checked ? '☒' : '☐'}</w:t></w:r></w:sdtContent></w:sdt>`
/** A legacy form field check box (Word 97–2003 «Флажок»): no glyph in the text, the state in w:ffData. */
const legacyBox = (checked: boolean) =>
  `<w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:name w:val="Флажок1"/><w:checkBox><w:sizeAuto/>` +
  `<w:default w:val="0"/>${checked ? '<w:checked/>' : ''}</w:checkBox></w:ffData></w:fldChar></w:r>` +
  '<w:r><w:instrText xml:space="preserve"> FORMCHECKBOX </w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>'
/** A content control for plain text, its words split into runs by the spell checker. */
const sdtText = (...runs: string[]) =>
  '<w:sdt><w:sdtPr><w:alias w:val="ФИО"/><w:text/></w:sdtPr>' +
  `<w:sdtContent>${runs.map(r).join('<w:proofErr w:type="spellStart"/>')}</w:sdtContent></w:sdt>`

/** The school's form (templates/zayavlenie.docx, printed blank) as a parent fills it in Word. */
const FILLED_FORM = doc(
  [
    p(r('Директору МОУ «СОШ № 8»'), tab, r('')),
    p(r('от '), sdtText('Ивано', 'вой Марии Петровны')),
    p(r('(фамилия, имя, отчество заявителя)')),
    p(r('проживающего(-ей) по адресу: '), r('г. Саратов, ул. Мира, д. 5, кв. 7 &amp; 8')),
    p(r('ЗАЯВЛЕНИЕ')),
    p(r('Прошу предоставить мне следующую информацию о текущей успеваемости')),
    p(r('Иванова Петра Серг'), '<w:del w:id="3" w:author="Мария"><w:r><w:delText>ееевича</w:delText></w:r></w:del>', r('еевича')),
    p(r('обучающегося(-ейся) в 5'), r('А'), r(' классе:')),
    p(sdtBox(true), tab, r('о темах и видах занятий и работ, по результатам которых получены оценки;')),
    p(sdtBox(false), tab, r('о расписании занятий на текущий учебный год;')),
    p(legacyBox(false), tab, r('о задаваемых обучающемуся домашних заданиях в течение текущего учебного периода;')),
    p('<w:r><w:sym w:font="Wingdings" w:char="F0A8"/></w:r>', tab, r('о посещаемости занятий обучающимся.')),
    p(r('Периодичность: '), r('ежемесячно')),
    p(legacyBox(true), tab, r('информацию для доступа к электронному дневнику и электронному журналу успеваемости.')),
    `<w:tbl><w:tr><w:tc><w:p>${r('Дата 07.12.2026')}</w:p></w:tc><w:tc><w:p>${r('Подпись')}</w:p></w:tc></w:tr></w:tbl>`,
    `<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:txbxContent><w:p>${r('Надпись')}</w:p></w:txbxContent>` +
      `</mc:Choice><mc:Fallback><w:pict><w:txbxContent><w:p>${r('Надпись')}</w:p></w:txbxContent></w:pict></mc:Fallback>` +
      '</mc:AlternateContent></w:r></w:p>',
  ].join(''),
)

const docxOf = (xml: string) => {
  const zip = new PizZip()
  zip.file('[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
  zip.file('word/document.xml', xml)
  return zip.generate({ type: 'nodebuffer', compression: 'DEFLATE' })
}

const letterWith = (fileName: string, file: Buffer, body = 'Добрый день! Заявление во вложении.') =>
  Buffer.from(
    [
      'From: =?utf-8?B?' + Buffer.from('Мария Иванова').toString('base64') + '?= <ivanova.m@mail.ru>',
      'To: school@example.ru',
      'Subject: =?utf-8?B?' + Buffer.from('Заявление').toString('base64') + '?=',
      'Message-ID: <docx-form@mail.ru>',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b1"',
      '',
      '--b1',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from(body).toString('base64'),
      '--b1',
      'Content-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      `Content-Disposition: attachment; filename*=utf-8''${encodeURIComponent(fileName)}`,
      'Content-Transfer-Encoding: base64',
      '',
      file.toString('base64').replace(/.{76}/g, '$&\r\n'),
      '--b1--',
      '',
    ].join('\r\n'),
  )

describe('the text of a Word document attached to a letter', () => {
  it('reads a filled form as Word shows it: split runs, content controls, check boxes, no deleted text or field codes', () => {
    const text = documentXmlText(FILLED_FORM)
    expect(text.split('\n')).toEqual([
      'Директору МОУ «СОШ № 8»',
      'от Ивановой Марии Петровны',
      '(фамилия, имя, отчество заявителя)',
      'проживающего(-ей) по адресу: г. Саратов, ул. Мира, д. 5, кв. 7 & 8',
      'ЗАЯВЛЕНИЕ',
      'Прошу предоставить мне следующую информацию о текущей успеваемости',
      'Иванова Петра Сергеевича',
      'обучающегося(-ейся) в 5А классе:',
      '☒\tо темах и видах занятий и работ, по результатам которых получены оценки;',
      '☐\tо расписании занятий на текущий учебный год;',
      '☐\tо задаваемых обучающемуся домашних заданиях в течение текущего учебного периода;',
      '☐\tо посещаемости занятий обучающимся.',
      'Периодичность: ежемесячно',
      '☒\tинформацию для доступа к электронному дневнику и электронному журналу успеваемости.',
      'Дата 07.12.2026\tПодпись',
      'Надпись',
    ])
  })

  it('a letter «Заявление во вложении» shows the form’s text, keeps the file, and guesses from the ticked boxes only', async () => {
    const parsed = await simpleParser(letterWith('Заявление Иванова.docx', docxOf(FILLED_FORM)))
    const content = await intakeContent(parsed, 'Europe/Saratov')
    expect(content.files.map((f) => f.fileName)).toEqual(['Заявление Иванова.docx'])
    expect(content.text).toContain('Добрый день! Заявление во вложении.')
    expect(content.text).toContain('---------- Текст вложения «Заявление Иванова.docx» ----------')
    expect(content.text).toContain('Иванова Петра Сергеевича\nобучающегося(-ейся) в 5А классе:')
    const values = prefillFromMail({
      fromName: 'Мария Иванова',
      fromAddress: 'ivanova.m@mail.ru',
      text: content.text,
      subject: 'Заявление',
    })
    expect(values.pupil.className).toBe('5А')
    expect(values.periodicity).toBe('monthly')
    // Ticked: marks («оценки») and access; not the timetable, homework or attendance left unticked.
    expect(values.kinds.sort()).toEqual(['access', 'marks'])
  })

  it('the form attached to a reply that quotes the school’s letter is still read', async () => {
    const body =
      'Высылаю заполненное заявление.\n\nпн, 7 дек. 2026 г. в 10:00, МОУ СОШ № 8 <school@example.ru>:\n> Пришлите заявление по форме.'
    const content = await intakeContent(await simpleParser(letterWith('заявление.docx', docxOf(FILLED_FORM), body)), 'Europe/Saratov')
    const values = prefillFromMail({ fromName: '', fromAddress: 'ivanova.m@mail.ru', text: content.text, subject: 'Re: Заявление' })
    expect(values.pupil.className).toBe('5А')
    expect(values.kinds.sort()).toEqual(['access', 'marks'])
  })

  it('reads the school’s own form as the product prints it (templates/zayavlenie.docx), ticked boxes and all', async () => {
    const form = renderTemplate('zayavlenie', DEMO_DATA.zayavlenie)
    const text = docxText(form) ?? ''
    expect(text).toContain('Смирнова Артёма Денисовича\n(фамилия, имя, отчество обучающегося)\nобучающегося(-ейся) в 7 «Б» классе:')
    expect(text).toContain('☐\tо расписании занятий на текущий учебный год;')
    const content = await intakeContent(await simpleParser(letterWith('Заявление.docx', form)), 'Europe/Saratov')
    const values = prefillFromMail({ fromName: '', fromAddress: 'o.smirnova@example.ru', text: content.text, subject: 'Заявление' })
    expect({ className: values.pupil.className, kinds: values.kinds.sort(), periodicity: values.periodicity }).toEqual({
      className: '7Б',
      kinds: ['attendance', 'homework', 'marks'],
      periodicity: 'weekly',
    })
  })

  it('a damaged or foreign .docx stays a file, with no text and no error', async () => {
    expect(docxText(Buffer.from('PK\u0003\u0004 not a zip at all'))).toBeNull()
    expect(docxText(docxOf('<w:document/>'))).toBeNull()
    const content = await intakeContent(await simpleParser(letterWith('скан.docx', Buffer.from('PK\u0003\u0004broken'))), 'Europe/Saratov')
    expect(content.files.map((f) => f.fileName)).toEqual(['скан.docx'])
    expect(content.text).toBe('Добрый день! Заявление во вложении.')
  })
})

describe('a hostile Word document is read in one pass', () => {
  // Each of these took seconds to minutes with a lazy pattern up to the closing tag (quadratic in the openings).
  const hostile = {
    'unclosed text box fallbacks': '<mc:Fallback>'.repeat(60_000),
    'unclosed tracked deletions': '<w:del>'.repeat(60_000),
    'unclosed form fields': '<w:ffData>'.repeat(60_000),
    'unclosed content control properties': '<w:sdtPr>'.repeat(60_000),
    'unclosed text tags': '<w:t '.repeat(60_000),
    'unclosed symbols': '<w:sym w:char="F078"'.repeat(30_000),
    'an unclosed check box state': `<w:ffData><w:checkBox/>${'<w:checked w:val="'.repeat(40_000)}</w:ffData>`,
  }
  for (const [name, xml] of Object.entries(hostile))
    it(`${name}: well under a second, and the text before them is kept`, () => {
      const started = performance.now()
      const text = documentXmlText(doc(p(r('Заявление')) + xml + p(r('после'))))
      expect(performance.now() - started).toBeLessThan(1500)
      expect(text.startsWith('Заявление')).toBe(true)
    })

  it('a 1.7 KB .docx of 60 000 unclosed fallbacks is read at once; the form after a closed one still reads', () => {
    const bytes = docxOf(doc(p(r('Заявление')) + '<mc:Fallback>'.repeat(60_000)))
    expect(bytes.length).toBeLessThan(4000)
    const started = performance.now()
    expect(docxText(bytes)).toBe('Заявление')
    expect(performance.now() - started).toBeLessThan(1500)
    expect(
      documentXmlText(FILLED_FORM)
        .split('\n')
        .filter((l) => l === 'Надпись'),
    ).toHaveLength(1) // a closed fallback: once
  })

  it('the letter’s page re-reads the stored letter for its files and notes only, not the document’s text', async () => {
    const parsed = await simpleParser(letterWith('Заявление.docx', docxOf(FILLED_FORM)))
    const content = await intakeContent(parsed, 'Europe/Saratov', { documents: false })
    expect(content.files.map((f) => f.fileName)).toEqual(['Заявление.docx'])
    expect(content.text).toBe('Добрый день! Заявление во вложении.')
  })
})

describe('the guesses from an attached Word document', () => {
  const guess = async (xml: string, body?: string) => {
    const content = await intakeContent(await simpleParser(letterWith('Заявление.docx', docxOf(xml), body)), 'Europe/Saratov')
    const v = prefillFromMail({ fromName: 'Мария Иванова', fromAddress: 'ivanova.m@mail.ru', text: content.text, subject: 'Заявление' })
    return { kinds: v.kinds.sort(), periodicity: v.periodicity, phone: v.applicant.phone, className: v.pupil.className }
  }
  /** The school's form around the given options: its heading, intro and footer name marks and a «registration mark». */
  const form = (...rows: string[]) =>
    doc(
      [
        p(r('ЗАЯВЛЕНИЕ')),
        p(r('Прошу предоставить мне следующую информацию о текущей успеваемости')),
        p(r('обучающегося(-ейся) в 5А классе:')),
        ...rows,
        p(r('Отметка о регистрации в журнале регистрации заявлений: № ___ от ___')),
      ].join(''),
    )
  const cell = (...x: string[]) => `<w:tc><w:p>${x.join('')}</w:p></w:tc>`

  it('only the ticked options; the form’s intro and footer and an option’s «учебного периода» are not asked for', async () => {
    const g = await guess(
      form(
        p(sdtBox(false), tab, r('о темах и видах занятий и работ, по результатам которых получены оценки;')),
        p(sdtBox(true), tab, r('о расписании занятий на текущий учебный год;')),
        p(sdtBox(true), tab, r('о задаваемых обучающемуся домашних заданиях в течение текущего учебного периода;')),
        p(sdtBox(false), tab, r('о посещаемости занятий обучающимся.')),
        p(r('Периодичность: однократно')),
      ),
    )
    expect(g).toMatchObject({ kinds: ['homework', 'timetable'], periodicity: 'once', className: '5А' })
  })

  it('access alone is access, not marks (its option ends «…журналу успеваемости»)', async () => {
    const g = await guess(
      form(p(sdtBox(true), tab, r('информацию для доступа к электронному дневнику и электронному журналу успеваемости.'))),
    )
    expect(g.kinds).toEqual(['access'])
  })

  it('two options in a table row: each box is its own option’s', async () => {
    const g = await guess(
      form(
        '<w:tbl>' +
          `<w:tr>${cell(sdtBox(false), tab, r('о расписании занятий'))}${cell(sdtBox(true), tab, r('о домашних заданиях'))}</w:tr>` +
          `<w:tr>${cell(sdtBox(true), tab, r('о посещаемости занятий'))}${cell(sdtBox(false), tab, r('о доступе к дневнику'))}</w:tr>` +
          '</w:tbl>',
      ),
    )
    expect(g.kinds).toEqual(['attendance', 'homework'])
  })

  it('a box after its option belongs to it', async () => {
    const g = await guess(form(p(r('о расписании занятий '), sdtBox(false)), p(r('о посещаемости занятий '), sdtBox(true))))
    expect(g.kinds).toEqual(['attendance'])
  })

  it('a Wingdings «❑» is an empty box; a Symbol-font «χ» (F078) is not a ticked one', async () => {
    const g = await guess(form(p('<w:r><w:sym w:font="Wingdings" w:char="F071"/></w:r>', tab, r('о расписании занятий'))))
    expect(g.kinds).toEqual([])
    expect(documentXmlText(doc(p('<w:r><w:sym w:font="Symbol" w:char="F078"/></w:r>', r(' = 0,5'))))).toBe('= 0,5')
    expect(documentXmlText(doc(p('<w:r><w:sym w:font="Wingdings" w:char="F078"/></w:r>', r(' да'))))).toBe('☒ да')
  })

  it('a content control still showing its placeholder is not an answer', async () => {
    const g = await guess(
      form(
        p(
          r('Периодичность: '),
          '<w:sdt><w:sdtPr><w:showingPlcHdr/><w:dropDownList/></w:sdtPr><w:sdtContent>' +
            r('Выберите: еженедельно, ежемесячно или по окончании четверти') +
            '</w:sdtContent></w:sdt>',
        ),
      ),
    )
    expect(g.periodicity).toBe('once')
  })

  it('someone else’s document (the school’s notice) gives no phone, class or kinds; the letter does', async () => {
    const notice = doc(
      [
        p(r('МОУ «СОШ № 8», тел. +7 (8452) 33-33-33')),
        p(r('Уведомление: родительское собрание 9 «В» класса; просим сообщать о пропусках и оценках.')),
      ].join(''),
    )
    expect(await guess(notice, 'Добрый день! Прошу расписание для сына, 5А класс. Уведомление школы во вложении.')).toEqual({
      kinds: ['timetable'],
      periodicity: 'once',
      phone: '',
      className: '5А',
    })
    expect(await guess(notice, 'Добрый день! Уведомление во вложении.')).toEqual({
      kinds: [],
      periodicity: 'once',
      phone: '',
      className: '',
    })
  })

  it('an option ticked with a typed «+», «V», «v», «х», «X», «✓», «☑», «[x]», «(х)» — before, after, beside an empty box', async () => {
    const options = [
      'о темах и видах занятий и работ, по результатам которых получены оценки;',
      'о расписании занятий на текущий учебный год;',
      'о задаваемых обучающемуся домашних заданиях;',
      'о посещаемости занятий обучающимся.',
    ]
    for (const mark of ['+', 'V', 'v', 'х', 'X', '✓', '☑', '[x]', '(х)', '✔']) {
      // Before the option, the others as typed (no boxes at all).
      const before = await guess(form(p(r(`${mark} ${options[0]}`)), p(r(options[1])), p(r(`${mark}\t${options[2]}`)), p(r(options[3]))))
      expect({ mark, kinds: before.kinds }).toEqual({ mark, kinds: ['homework', 'marks'] })
      // After it, in a table's cell of its own, or beside the form's empty box.
      const after = await guess(
        form(
          p(r(`${options[1]} ${mark}`)),
          `<w:tbl><w:tr>${cell(r(options[3]))}${cell(r(mark))}</w:tr><w:tr>${cell(r(options[0]))}${cell(r(''))}</w:tr></w:tbl>`,
          p(sdtBox(false), r(` ${mark}`), tab, r(options[2])),
        ),
      )
      expect({ mark, kinds: after.kinds }).toEqual({ mark, kinds: ['attendance', 'homework', 'timetable'] })
    }
    // A Wingdings check mark inserted as a symbol ticks its option too.
    const symbol = await guess(form(p('<w:r><w:sym w:font="Wingdings" w:char="F0FC"/></w:r>', tab, r(options[1])), p(r(options[3]))))
    expect(symbol.kinds).toEqual(['timetable'])
  })

  it('a phone «+7 …», a «V класс» or a class «5 Х» is no mark', async () => {
    const g = await guess(
      form(p(r('+7 912 345-67-89 о расписании занятий')), p(r('V класс, о посещаемости')), p(r('о домашних заданиях 5 Х'))),
    )
    expect(g.kinds).toEqual([])
  })
})

describe('a LibreOffice .odt and an old Word .doc attached', () => {
  const fixture = (name: string) => fs.readFileSync(`tests/fixtures/real-world/documents/${name}`)
  const odtOf = (content: string, mimetype = 'application/vnd.oasis.opendocument.text') => {
    const zip = new PizZip()
    zip.file('mimetype', mimetype)
    zip.file('content.xml', content)
    return zip.generate({ type: 'nodebuffer' })
  }
  const O =
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" ' +
    'xmlns:form="urn:oasis:names:tc:opendocument:xmlns:form:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"'

  it('reads the school’s form saved by LibreOffice as .odt as the .docx is read, and guesses from its ticked boxes', async () => {
    const odt = fixture('zayavlenie-libreoffice.odt')
    const text = odtText(odt) ?? ''
    expect(text).toContain('Смирнова Артёма Денисовича\n(фамилия, имя, отчество обучающегося)\nобучающегося(-ейся) в 7 «Б» классе:')
    expect(text).toContain('☐\tо расписании занятий на текущий учебный год;')
    const content = await intakeContent(await simpleParser(letterWith('Заявление.odt', odt)), 'Europe/Saratov')
    expect(content.text).toContain('---------- Текст вложения «Заявление.odt» ----------')
    expect(content.files.map((f) => f.fileName)).toEqual(['Заявление.odt'])
    const values = prefillFromMail({ fromName: '', fromAddress: 'o.smirnova@example.ru', text: content.text, subject: 'Заявление' })
    expect({ className: values.pupil.className, kinds: values.kinds.sort(), periodicity: values.periodicity }).toEqual({
      className: '7Б',
      kinds: ['attendance', 'homework', 'marks'],
      periodicity: 'weekly',
    })
  })

  it('reads a form check box, spaces, tabs and table cells; leaves tracked deletions and comments out', () => {
    const content =
      `<office:document-content ${O}><office:body><office:text>` +
      '<office:forms><form:form><form:checkbox xml:id="c1" form:current-state="checked"/>' +
      '<form:checkbox xml:id="c2"/></form:form></office:forms>' +
      '<text:tracked-changes><text:changed-region><text:deletion><text:p>удалено</text:p></text:deletion>' +
      '</text:changed-region></text:tracked-changes>' +
      '<text:h>ЗАЯВЛЕНИЕ</text:h>' +
      '<text:p>Прошу<text:s text:c="2"/>предоставить мне следующую информацию' +
      '<office:annotation><text:p>мой комментарий</text:p></office:annotation></text:p>' +
      '<text:p><draw:control draw:control="c1"/><text:tab/>о расписании занятий</text:p>' +
      '<table:table xmlns:table="t"><table:table-row>' +
      '<table:table-cell><text:p><draw:control draw:control="c2"/> о посещаемости</text:p></table:table-cell>' +
      '<table:table-cell><text:p>+ о домашних заданиях</text:p></table:table-cell></table:table-row></table:table>' +
      '</office:text></office:body></office:document-content>'
    expect(odtText(odtOf(content))).toBe(
      'ЗАЯВЛЕНИЕ\nПрошу  предоставить мне следующую информацию\n☒\tо расписании занятий\n☐ о посещаемости\t+ о домашних заданиях',
    )
  })

  it('a damaged .odt, a spreadsheet named .odt, an unclosed element: a file with no text, at once', () => {
    expect(odtText(Buffer.from('PK\u0003\u0004 broken'))).toBeNull()
    expect(
      odtText(
        odtOf(
          `<office:document-content ${O}><office:body><office:text><text:p>x</text:p>`,
          'application/vnd.oasis.opendocument.spreadsheet',
        ),
      ),
    ).toBeNull()
    const hostile = `<office:document-content ${O}><office:body><office:text>${'<office:annotation>'.repeat(60_000)}<text:p>конец</text:p>`
    const started = performance.now()
    expect(odtText(odtOf(hostile))).toBeNull()
    expect(performance.now() - started).toBeLessThan(2000)
  })

  it('an old Word .doc stays a file, and the employee is told its text is not read', async () => {
    const content = await intakeContent(await simpleParser(letterWith('Заявление.doc', fixture('zayavlenie-word97.doc'))), 'Europe/Saratov')
    expect(content.files.map((f) => f.fileName)).toEqual(['Заявление.doc'])
    expect(content.text).toBe('Добрый день! Заявление во вложении.')
    expect(content.notes.join('\n')).toMatch(/«Заявление\.doc» — документ Word старого формата \(\.doc\): его текст не показывается/)
  })
})
