// Generates the Word templates in templates/ (npx tsx scripts/make-templates.ts).
// The outputs are committed; the school may then edit them in Word. Placeholders: templates/README.md.
import { writeFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { TEMPLATE_FILES, TEMPLATE_TITLES, type TemplateName } from '../app/documents/types'
import {
  b,
  box,
  buildDocx,
  caption,
  CM,
  i,
  LANDSCAPE_TEXT_WIDTH,
  p,
  pageNumberParagraph,
  PORTRAIT_TEXT_WIDTH,
  t,
  table,
  tagLine,
  type CellInput,
  type ParaStyle,
} from './docx-builder'

const W = PORTRAIT_TEXT_WIDTH
const RIGHT_BLOCK = 8 * CM // the addressee block of an application starts 8 cm from the left margin
const BODY: ParaStyle = { align: 'both', firstLine: 709 } // 1,25 cm first-line indent
const item = (content: Parameters<typeof p>[0], style: ParaStyle = {}) =>
  p(content, { indentLeft: 567, hanging: 283, align: 'both', ...style })
const boxItem = (tag: string, text: string) =>
  p([box(tag), '\t', text], { indentLeft: 567, hanging: 567, tabs: [{ pos: 567 }], after: 60, align: 'both' })

// ---------- shared pieces of the school's letters ----------

/** Corner letterhead (ГОСТ Р 7.0.97-2016): school on the left, addressee on the right. */
function letterhead(reference: string): string {
  const left = [
    p('{school.fullName}', { align: 'center', bold: true, size: 10 }),
    p('({school.shortName})', { align: 'center', size: 10 }),
    p('{school.address}', { align: 'center', size: 10 }),
    p('тел. {school.phone}, e-mail: {school.email}', { align: 'center', size: 10, after: 120 }),
    p('№\u00a0{outgoing.number} от {outgoing.date}', { align: 'center', size: 10 }),
    p(reference, { align: 'center', size: 10 }),
  ]
  const right = [p('{addressee.name}'), p('{addressee.address}')]
  return table({
    widths: [4536, 851, W - 4536 - 851],
    borders: false,
    rows: [[{ content: '', paras: left }, '', { content: '', paras: right }]],
  })
}

function title(lines: string[], before = 480): string[] {
  return lines.map((line, idx) =>
    p(line, { align: 'center', bold: true, before: idx === 0 ? before : 0, after: idx === lines.length - 1 ? 240 : 0, keepNext: true }),
  )
}

function directorSignature(before = 720): string[] {
  return [
    p('{school.directorPosition} {school.shortName}\t{school.directorShort}', {
      before,
      tabs: [{ pos: W, align: 'right' }],
      keepLines: true,
    }),
  ]
}

function executorLines(before = 480): string[] {
  return [p('Исп. {executor.name}', { size: 9, before }), p('тел. {executor.phone}', { size: 9 })]
}

/** Borderless signature row: position | line with «(подпись)» | name. */
function signatureRow(position: string, name: string, date = '', fontSize = 12): string {
  const line = [p('______________', { align: 'center', size: fontSize }), caption('(подпись)')]
  return table({
    widths: [4111, 2268, W - 4111 - 2268],
    borders: false,
    rows: [[position, { content: '', paras: line }, { content: date ? [name, '\n', date] : name, align: 'right' }]],
    fontSize,
  })
}

// ---------- 1. the application (appendix to the Порядок) ----------

function zayavlenie(): string[] {
  // A field ends with a tab whose underscore leader draws the line to the right margin: a blank form gets its
  // lines from here (the values are ''), a filled one stays a form. Short inline fields get underscores from data.
  const line = { tabs: [{ pos: W, align: 'right' as const, leader: 'underscore' as const }] }
  const right = (content: string, style: ParaStyle = {}) => p(content, { indentLeft: RIGHT_BLOCK, ...line, ...style })
  const rightCaption = (text: string) => caption(text, { indentLeft: RIGHT_BLOCK })
  /** One more empty line under a field, only while it is empty (the blank form). */
  const spareLine = (field: string) => [tagLine(`{^${field}}`), right('\t'), tagLine(`{/${field}}`)]
  return [
    p('Директору {school.fullNameGenitive}', { indentLeft: RIGHT_BLOCK }),
    p('{school.directorDative}', { indentLeft: RIGHT_BLOCK }),
    right('от {applicant.fullNameGenitive}\t', { before: 120 }),
    ...spareLine('applicant.fullName'),
    rightCaption('(фамилия, имя, отчество заявителя)'),
    right('{applicant.identityDocument}\t'),
    ...spareLine('applicant.identityDocument'),
    // The captions are the appendix's own words: the form is «по форме согласно приложению к порядку» (Порядок 2.7).
    rightCaption(
      '(вид и реквизиты документа, удостоверяющего личность, — в случае направления заявления с помощью почтовой связи или ' +
        'электронной почтой)',
    ),
    right('проживающего(-ей) по адресу: {applicant.postalAddress}\t'),
    ...spareLine('applicant.postalAddress'),
    p('ЗАЯВЛЕНИЕ', { align: 'center', bold: true, before: 480, after: 240 }),
    p('Прошу {requestVerb} мне следующую информацию о текущей успеваемости', BODY),
    p('{pupil.fullNameGenitive}\t', { before: 120, ...line }),
    caption('(фамилия, имя, отчество обучающегося)'),
    p('обучающегося(-ейся) в {pupil.className} классе:', { after: 120 }),
    boxItem('{box.marks}', 'о темах и видах занятий и работ, по результатам которых получены оценки;'),
    boxItem('{box.timetable}', 'о расписании занятий на текущий учебный год;'),
    boxItem('{box.homework}', 'о задаваемых обучающемуся домашних заданиях в течение текущего учебного периода;'),
    boxItem('{box.topics}', 'о темах и видах занятий в текущем учебном периоде;'),
    boxItem('{box.attendance}', 'о посещаемости занятий обучающимся.'),
    p('Периодичность: {periodicity}\t', { indentLeft: 567, before: 60, ...line }),
    caption('(указать периодичность представления информации)', { indentLeft: 567, after: 120 }),
    boxItem('{box.access}', 'информацию для доступа к электронному дневнику и электронному журналу успеваемости.'),
    p('Информацию прошу {requestVerb}:', { before: 240, after: 60, keepNext: true }),
    boxItem('{delivery.inPerson}', 'при личном обращении;'),
    boxItem('{delivery.post}', 'с помощью почтовой связи на указанный адрес проживания;'),
    p([box('{delivery.email}'), '\tпо электронной почте, e-mail: {applicant.email}\t'], {
      indentLeft: 567,
      hanging: 567,
      tabs: [{ pos: 567 }, line.tabs[0]],
      after: 60,
    }),
    p('Дата {date}\tПодпись ____________________', { before: 480, tabs: [{ pos: W, align: 'right' }], keepNext: true }),
    p('Отметка о регистрации в журнале регистрации заявлений: №\u00a0{registration.number} от {registration.date}', {
      before: 600,
      italic: true,
      size: 10,
    }),
  ]
}

// ---------- 2. refusal to accept documents (Порядок 3.1.1) ----------

function otkazVPrieme(): string[] {
  return [
    letterhead('на заявление, поступившее {application.receivedAt}'),
    ...title(['УВЕДОМЛЕНИЕ', 'об отказе в приёме документов']),
    p('{addressee.salutation}', { align: 'center', after: 120 }),
    p(
      'Сообщаем, что в приёме Вашего заявления о предоставлении информации о текущей успеваемости обучающегося ' +
        '({pupil.fullName}, {pupil.className} класс), поступившего {application.receivedAt} ' +
        '({application.channel}, вх. №\u00a0{application.number}), отказано по следующим основаниям:',
      BODY,
    ),
    tagLine('{#grounds}'),
    item('{$index + 1}. {text}{#details} {details}{/details}', { after: 60 }),
    tagLine('{/grounds}'),
    p(
      'После устранения указанных оснований Вы вправе вновь обратиться с заявлением лично, по почте или по ' +
        'электронной почте (пункты 2.6, 2.7 Порядка предоставления информации о текущей успеваемости обучающегося).',
      { ...BODY, before: 120 },
    ),
    ...directorSignature(),
    ...executorLines(),
  ]
}

// ---------- 3. refusal to provide information (Порядок 3.1.2) ----------

function otkazVPredostavlenii(): string[] {
  return [
    letterhead('на №\u00a0{application.number} от {application.date}'),
    ...title(['УВЕДОМЛЕНИЕ', 'об отказе в предоставлении информации', 'о текущей успеваемости обучающегося']),
    p('{addressee.salutation}', { align: 'center', after: 120 }),
    p(
      'Рассмотрев Ваше заявление от {application.date}, зарегистрированное {application.registeredAt} ' +
        'под №\u00a0{application.number}, о предоставлении информации о текущей успеваемости обучающегося ' +
        '({pupil.fullName}, {pupil.className} класс), сообщаем, что в предоставлении ' +
        'информации отказано по следующим основаниям:',
      BODY,
    ),
    tagLine('{#grounds}'),
    item('{$index + 1}. {text}{#details} {details}{/details}', { after: 60 }),
    tagLine('{/grounds}'),
    p(
      'Уведомление направляется способом, указанным в заявлении (пункт 3.1.2 Порядка предоставления ' +
        'информации о текущей успеваемости обучающегося). Вы вправе повторно обратиться за информацией.',
      { ...BODY, before: 120 },
    ),
    ...directorSignature(),
    ...executorLines(),
  ]
}

// ---------- 4. access credentials (Порядок 3.3; Регламент 3.1–3.3) ----------

/** Регламент 3.1–3.3 in the parent's words: printed in the credentials letter and on every class credentials page. */
function confidentialityDuties(small: (text: string) => string): string[] {
  return [
    p('Ваши обязанности (Регламент ведения электронного журнала, пункты 3.1–3.3)', { bold: true, before: 180, after: 40, keepNext: true }),
    small('— храните логин и пароль в тайне (конфиденциальность условий доступа в личный кабинет);'),
    small(
      '— не передавайте их другим лицам: это влечёт ответственность по законодательству Российской Федерации о защите персональных данных;',
    ),
    small(
      '— если они стали известны другим лицам, не позднее одного рабочего дня сообщите об этом директору ' +
        'школы (тел. {school.phone}, e-mail: {school.email}) и в службу технической поддержки; действия в ' +
        'личном кабинете после такого сообщения признаются недействительными.',
    ),
  ]
}

function rekvizityDostupa(): string[] {
  const small = (text: string) => item(text, { size: 11, after: 20, align: 'left' })
  const mono = { font: 'Courier New', bold: true }
  const rows: CellInput[][] = [
    ['Адрес сайта', [t('{credentials.siteUrl}', { bold: true })]],
    ['Логин', [t('{credentials.login}', mono)]],
    ['Временный (одноразовый) пароль', [t('{credentials.temporaryPassword}', mono)]],
    ['Временный пароль действует до', '{credentials.validUntil}'],
  ]
  return [
    letterhead('на №\u00a0{application.number} от {application.date}'),
    ...title(['Реквизиты доступа', 'к электронному дневнику и электронному журналу успеваемости'], 240),
    p('{addressee.salutation}', { align: 'center', after: 120 }),
    p(
      'По Вашему заявлению от {application.date} №\u00a0{application.number} сообщаем сведения для доступа к ' +
        'электронному дневнику и электронному журналу успеваемости (пункт 3.3 Порядка). ' +
        'Обучающийся: {pupil.fullName}, {pupil.className} класс.',
      { ...BODY, after: 120 },
    ),
    table({ widths: [3969, W - 3969], rows, fontSize: 11 }),
    p('Первый вход', { bold: true, before: 180, after: 40, keepNext: true }),
    small('1. Откройте адрес {credentials.siteUrl}, введите логин и временный пароль из этого письма.'),
    small('2. Задайте собственный пароль (не короче 8 символов, не совпадающий с логином) и введите его дважды.'),
    small('3. Временный пароль действует один раз и до {credentials.validUntil}; если срок истёк, обратитесь в школу за новым.'),
    ...confidentialityDuties(small),
    // Положение 3.1, 4.3.7: credentials are handed over under signature; the issuer signs instead of the director.
    p('Реквизиты доступа выдал(а):', { before: 240, size: 11, keepNext: true }),
    signatureRow('{issuer.position}', '{issuer.name}', '{issuedAt}', 11),
    p('Реквизиты доступа получил(а), с обязанностями ознакомлен(а):', { before: 120, size: 11, keepNext: true }),
    signatureRow('{applicant.fullName}', '«___» ________ 20___ г.', '', 11),
    ...executorLines(240),
  ]
}

// ---------- 5. the extract (Положение 6.4) ----------

function section(name: string, heading: string, widths: number[], header: string[], cells: CellInput[], after: string[] = []): string[] {
  return [
    tagLine(`{#sections.${name}}`),
    p(heading, { style: 'Heading2' }),
    table({ widths, header: [header], rows: [cells], loop: name, fontSize: 10 }),
    tagLine(`{^${name}.length}`),
    p('За период записей нет.', { italic: true, size: 10 }),
    tagLine(`{/${name}.length}`),
    ...after,
    tagLine(`{/sections.${name}}`),
  ]
}

// Column headers are never split inside a word (app/documents/template-typography.test.ts); «№» is bound to its
// number with a non-breaking space. Dates get 2,5 cm: «05.11.2024» fits on one line even where LibreOffice lacks Times New Roman and falls
// back
// to a wider font.
function vypiska(): string[] {
  return [
    p('{school.fullName}', { align: 'center', bold: true, size: 11 }),
    p('{school.address}, тел. {school.phone}, e-mail: {school.email}', { align: 'center', size: 9, borderBottom: true }),
    ...title(['ВЫПИСКА', 'из электронного журнала успеваемости', 'о текущей успеваемости обучающегося']),
    p([t('Обучающийся: '), b('{pupil.fullName}')]),
    p([t('Класс: '), b('{pupil.className}')]),
    p('Период: {period.label} (с {period.from} по {period.to})'),
    p('Основание: заявление от {application.date} №\u00a0{application.number}'),
    p('Сведения из электронного журнала по состоянию на {generatedAt}', { after: 120 }),
    ...section(
      'marks',
      'Отметки, темы и виды работ, за которые они получены',
      [1418, 1814, 2721, 1701, 567, 1134],
      ['Дата', 'Предмет', 'Тема урока', 'Вид работы', 'Вес', 'Отметка'],
      [
        '{date}',
        '{subject}',
        '{topic}',
        '{workType}',
        { content: '{weight}', align: 'center' },
        { content: '{mark}', align: 'center', bold: true },
      ],
    ),
    ...section(
      'timetable',
      'Расписание занятий на текущий учебный год',
      [1701, 794, 1276, 2608, 1701, 1275],
      ['День недели', 'Урок', 'Время', 'Предмет', 'Группа', 'Кабинет'],
      ['{weekday}', { content: '{lesson}', align: 'center' }, '{time}', '{subject}', '{group}', { content: '{room}', align: 'center' }],
    ),
    ...section(
      'homework',
      'Домашние задания',
      [1418, 2268, W - 3686],
      ['Задано', 'Предмет', 'Домашнее задание'],
      ['{date}', '{subject}', '{text}'],
    ),
    ...section(
      'topics',
      'Темы и виды занятий',
      [1418, 2211, 3742, 1984],
      ['Дата', 'Предмет', 'Тема', 'Вид занятия'],
      ['{date}', '{subject}', '{topic}', '{kind}'],
    ),
    ...section(
      'attendance',
      'Посещаемость занятий',
      [1418, 2665, 2154, 3118],
      ['Дата', 'Предмет', 'Отметка', 'Причина'],
      ['{date}', '{subject}', '{kind}', '{reason}'],
      [
        p(
          'Итого пропущено уроков: {attendanceTotals.missed}, из них по уважительной причине — {attendanceTotals.excused}, ' +
            'без уважительной причины — {attendanceTotals.unexcused}; опозданий — {attendanceTotals.late}.',
          { before: 120, size: 11 },
        ),
      ],
    ),
    ...section(
      'forecast',
      'Прогноз итоговой успешности за период',
      [2381, 2439, 1701, 2834],
      ['Предмет', 'Средневзвешенный балл', 'Прогноз отметки', 'Примечание'],
      ['{subject}', { content: '{weightedAverage}', align: 'center' }, { content: '{forecast}', align: 'center', bold: true }, '{warning}'],
      [
        p('Прогноз рассчитан по средневзвешенному баллу текущих отметок и не является итоговой отметкой.', {
          before: 60,
          italic: true,
          size: 9,
        }),
      ],
    ),
    p('Выписка верна.', { bold: true, before: 480, keepNext: true }),
    signatureRow('{certification.position}', '{certification.name}', '{certification.date}'),
    p('М.П.', { indentLeft: 567, size: 10 }),
  ]
}

// ---------- 6. registration log (Порядок 3.1.1) ----------

function zhurnalRegistracii(): string[] {
  const widths = [567, 1559, 1559, 1418, 2835, 2126, 2410]
  widths.push(LANDSCAPE_TEXT_WIDTH - widths.reduce((a, x) => a + x, 0))
  const header = [
    '№ п/п',
    'Дата и время поступления',
    'Дата и время регистрации',
    'Способ подачи',
    'Заявитель (Ф.И.О., адрес или e-mail)',
    'Обучающийся, класс',
    'Запрошенные сведения',
    'Результат и дата',
  ]
  return [
    p('{school.fullName}', { align: 'center', size: 11 }),
    ...title(['ЖУРНАЛ', 'регистрации заявлений о предоставлении информации о текущей успеваемости обучающегося']),
    p('за период с {period.from} по {period.to}', { align: 'center', after: 240 }),
    table({
      widths,
      header: [header, header.map((_, n) => ({ content: String(n + 1), align: 'center' as const }))],
      rows: [
        [
          { content: '{number}', align: 'center' },
          '{receivedAt}',
          '{registeredAt}',
          '{channel}',
          [b('{applicantName}'), '\n', '{applicantContact}'],
          '{pupilName}, {className}',
          '{requested}',
          ['{result}', '\n', '{resultDate}'],
        ],
      ],
      loop: 'rows',
      fontSize: 9,
    }),
    p('Всего заявлений за период: {total}', { before: 240 }),
    p('Ответственный за приём и регистрацию заявлений: {responsible.position} ______________ {responsible.name}', { before: 240 }),
    p('Сформировано из журнала регистрации {generatedAt}', { before: 240, italic: true, size: 9 }),
  ]
}

// ---------- 7. handout for the first parent meeting (Порядок 2.4) ----------

function pamyatka(): string[] {
  // 11 pt: the handout fits one sheet for the parent meeting.
  const TEXT: ParaStyle = { ...BODY, size: 11 }
  const h = (text: string) => p(text, { bold: true, size: 11, before: 100, after: 20, keepNext: true })
  const li = (text: string) => item(`— ${text}`, { size: 11, after: 0, align: 'left' })
  const contacts: CellInput[][] = [
    ['Ответственный работник', '{responsible.position} {responsible.name}'],
    ['Кабинет, телефон', 'кабинет {responsible.room}, тел. {responsible.phone}'],
    ['Электронная почта', '{responsible.email}'],
    ['Часы приёма', '{responsible.hours}'],
  ]
  return [
    p('{school.shortName}', { align: 'center', size: 11 }),
    ...title(['ПАМЯТКА', 'для родителей (законных представителей)', 'Как получить информацию о текущей успеваемости ребёнка'], 240),
    p('Школа бесплатно предоставляет родителям (законным представителям) обучающихся в течение {academicYear} учебного года:', TEXT),
    li('отметки с темами и видами работ, за которые они получены;'),
    li('расписание занятий на текущий учебный год;'),
    li('домашние задания на текущий учебный период;'),
    li('темы и виды занятий в текущем учебном периоде;'),
    li('сведения о посещаемости занятий;'),
    li('логин и пароль для входа в электронный дневник и электронный журнал успеваемости ({diaryUrl}).'),
    h('Как подать заявление'),
    li(
      'лично — ответственному работнику (кабинет {responsible.room}) или классному ' +
        'руководителю, в том числе на первом родительском собрании;',
    ),
    li('по почте — по адресу: {school.address};'),
    li('по электронной почте — на адрес {school.email};'),
    li('через форму на сайте школы — {onlineFormUrl}.'),
    p(
      'В заявлении укажите, какие сведения нужны, как часто их предоставлять (например, ' +
        'еженедельно) и как их получить: лично, почтой или по электронной почте.',
      TEXT,
    ),
    h('Какие документы нужны'),
    li(
      'заявление по форме (бланк — у ответственного работника и на сайте {school.website}); при ' +
        'обращении по электронной почте укажите в нём адрес электронной почты;',
    ),
    li(
      'паспорт: при личном обращении — оригинал для просмотра, при обращении по почте ' +
        '— копия, по электронной почте — его реквизиты в заявлении;',
    ),
    li('законному представителю (не родителю) — документ, подтверждающий статус: оригинал при личном обращении или копия.'),
    h('Сроки'),
    li('заявление, поданное лично, регистрируется сразу — не более 10 минут;'),
    li('заявление, пришедшее по почте, по электронной почте или через сайт, — не позднее 1 рабочего дня;'),
    li('ответ — не позднее 30 календарных дней со дня регистрации заявления.'),
    p(
      'Об отказе в приёме заявления школа сообщит устно или, по Вашей просьбе, письменно; об отказе в ' +
        'предоставлении информации — письменным уведомлением за подписью директора, с указанием оснований.',
      { ...TEXT, before: 60 },
    ),
    h('Электронный дневник'),
    p(
      'Отметки, домашние задания и расписание видны в электронном дневнике сразу, как только учитель их внёс. Логин и пароль ' +
        'никому не сообщайте; если они стали известны посторонним, не позднее 1 рабочего дня сообщите директору школы.',
      TEXT,
    ),
    h('К кому обращаться'),
    table({ widths: [3402, W - 3402], rows: contacts, fontSize: 11 }),
  ]
}

// ---------- 8. credentials for a whole class and the signature sheet (Положение 3.1, 4.3.7) ----------

function rekvizityKlassa(): string[] {
  const small = (text: string) => item(text, { size: 11, after: 20, align: 'left' })
  const mono = { font: 'Courier New', bold: true }
  const rows: CellInput[][] = [
    ['Обучающийся (обучающиеся)', '{children}, {className} класс'],
    ['Адрес сайта', [t('{siteUrl}', { bold: true })]],
    ['Логин', [t('{login}', mono)]],
    ['Временный (одноразовый) пароль', [t('{temporaryPassword}', mono)]],
    ['Временный пароль действует до', '{validUntil}'],
  ]
  const sheetWidths = [454, 2268, 2410, 1560, 1134] // the rest: the signature column
  sheetWidths.push(W - sheetWidths.reduce((a, x) => a + x, 0))
  const sheetHeader = ['№', 'Законный представитель', 'Обучающийся (-иеся)', 'Логин', 'Дата выдачи', 'Подпись']
  return [
    // One page per guardian: the whole page repeats; each starts on a new sheet.
    tagLine('{#guardians}'),
    p('{school.fullName}', { align: 'center', bold: true, size: 10, pageBreakBefore: true }),
    p('{school.address}, тел. {school.phone}, e-mail: {school.email}', { align: 'center', size: 9, borderBottom: true }),
    ...title(['Реквизиты доступа', 'к электронному дневнику и электронному журналу успеваемости'], 360),
    p([t('Законный представитель: '), b('{fullName}')], { after: 120 }),
    p('Реквизиты выданы классным руководителем под роспись (Положение о ведении электронного журнала, пункты 3.1 и 4.3.7).', {
      ...BODY,
      size: 11,
      after: 120,
    }),
    table({ widths: [3969, W - 3969], rows, fontSize: 11 }),
    p('Первый вход', { bold: true, before: 180, after: 40, keepNext: true }),
    small('1. Откройте адрес {siteUrl}, введите логин и временный пароль с этого листа.'),
    small('2. Задайте собственный пароль (не короче 8 символов, с буквами и цифрами) и введите его дважды.'),
    small(
      '3. Временный пароль действует один раз и до {validUntil}; если срок истёк или лист ' +
        'утерян, обратитесь к классному руководителю за новыми реквизитами.',
    ),
    ...confidentialityDuties(small),
    p('Реквизиты доступа выдал(а):', { before: 240, size: 11, keepNext: true }),
    signatureRow('Классный руководитель {className} класса', '{classTeacher.short}', '{issuedAt}', 11),
    p('Реквизиты доступа получил(а), с обязанностями ознакомлен(а):', { before: 120, size: 11, keepNext: true }),
    signatureRow('{fullName}', '«___» ________ 20___ г.', '', 11),
    tagLine('{/guardians}'),
    // The signature sheet stays with the class teacher (Положение 3.1: «под роспись»).
    p('{school.fullName}', { align: 'center', size: 10, pageBreakBefore: true }),
    ...title(['ВЕДОМОСТЬ', 'выдачи реквизитов доступа к электронному дневнику'], 240),
    p([b('Класс: '), '{className}'], { after: 0 }),
    p([b('Классный руководитель: '), '{classTeacher.fullName}'], { after: 0 }),
    p([b('Адрес сайта: '), '{siteUrl}'], { after: 0 }),
    p([b('Дата выдачи: '), '{issuedAt}; временные пароли действуют до {validUntil}'], { after: 120 }),
    table({
      widths: sheetWidths,
      header: [sheetHeader],
      rows: [[{ content: '{n}', align: 'center' }, '{fullName}', '{children}', [t('{login}', { font: 'Courier New' })], '{issuedAt}', '']],
      loop: 'guardians',
    }),
    p('Всего выдано: {total}', { before: 120 }),
    p(
      'Пароли в ведомость не вносятся. Законный представитель подписью подтверждает получение ' +
        'реквизитов и ознакомление с обязанностями по пунктам 3.1–3.3 Регламента.',
      { size: 10, before: 120 },
    ),
    p('Классный руководитель\t______________ {classTeacher.short}', { before: 480, tabs: [{ pos: W, align: 'right' }], keepLines: true }),
    p('Сформировано: {issuer.position} {issuer.name}, {issuedAt}', { size: 9, before: 240, italic: true }),
  ]
}

// ---------- write ----------

/**
 * The control templates (proverka, otchet-aktivnosti, uchet-zanyatiy, poseshchaemost, svodnaya-vedomost) are made by
 * scripts/make-control-templates.ts.
 */
type ProcedureTemplate = Exclude<TemplateName, 'proverka' | 'otchet-aktivnosti' | 'uchet-zanyatiy' | 'poseshchaemost' | 'svodnaya-vedomost'>

const BUILDERS: Record<ProcedureTemplate, () => { body: string[]; landscape?: boolean; footer?: string }> = {
  zayavlenie: () => ({ body: zayavlenie() }),
  'otkaz-v-prieme': () => ({ body: otkazVPrieme() }),
  'otkaz-v-predostavlenii': () => ({ body: otkazVPredostavlenii() }),
  'rekvizity-dostupa': () => ({ body: rekvizityDostupa() }),
  vypiska: () => ({
    body: vypiska(),
    footer: pageNumberParagraph([i('Выписка из электронного журнала: {pupil.fullName}, {pupil.className} класс')], W),
  }),
  'zhurnal-registracii': () => ({
    body: zhurnalRegistracii(),
    landscape: true,
    footer: pageNumberParagraph('Журнал регистрации заявлений, {period.from} — {period.to}', LANDSCAPE_TEXT_WIDTH),
  }),
  pamyatka: () => ({ body: pamyatka() }),
  'rekvizity-klassa': () => ({
    body: rekvizityKlassa(),
    footer: pageNumberParagraph('Реквизиты доступа к электронному дневнику, {className} класс', W),
  }),
}

function makeTemplate(name: ProcedureTemplate): Buffer {
  const built = BUILDERS[name]()
  return buildDocx({ ...built, title: TEMPLATE_TITLES[name] })
}

const outDir = join(process.cwd(), 'templates')
mkdirSync(outDir, { recursive: true })
for (const name of Object.keys(BUILDERS) as ProcedureTemplate[]) {
  const file = join(outDir, TEMPLATE_FILES[name])
  const buf = makeTemplate(name)
  writeFileSync(file, buf)
  console.log(`${file}  ${buf.length} bytes`)
}
