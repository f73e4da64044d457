// Generates the control templates (npx tsx scripts/make-control-templates.ts):
//   templates/proverka.docx           — справка по результатам проверки (Порядок 4.2–4.3)
//   templates/otchet-aktivnosti.docx  — отчёт об активности пользователей ЭЖ за месяц (Положение 7.1)
//   templates/uchet-zanyatiy.docx     — статистика проведённых занятий по классу за период (Порядок 2.5 ¶6)
//   templates/poseshchaemost.docx     — посещаемость класса за месяц (Положение 4.3.8, 4.6.3)
//   templates/svodnaya-vedomost.docx  — сводная ведомость успеваемости класса за период (Положение 4.3.8, 4.6.3)
// Reuses scripts/docx-builder.ts. The data shapes are CheckReportData and ActivityReportData in
// app/documents/types.ts (the template registry); every value is a ready-to-print string.
// Placeholders: templates/README.md.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  b,
  buildDocx,
  LANDSCAPE_TEXT_WIDTH,
  p,
  pageNumberParagraph,
  PORTRAIT_TEXT_WIDTH,
  table,
  tagLine,
  type CellInput,
} from './docx-builder'

const W = PORTRAIT_TEXT_WIDTH
const L = LANDSCAPE_TEXT_WIDTH

const heading = (text: string) => p(text, { style: 'Heading2' })
const fill = (widths: number[], total: number) => [...widths, total - widths.reduce((a, x) => a + x, 0)]
const loopTable = (name: string, widths: number[], header: string[], cells: CellInput[], empty: string) => [
  table({ widths, header: [header], rows: [cells], loop: name }),
  tagLine(`{^${name}.length}`),
  p(empty, { italic: true, size: 10 }),
  tagLine(`{/${name}.length}`),
]
const signature = (before = 600) =>
  p('{signer.position}\t______________ {signer.name}', { before, tabs: [{ pos: W, align: 'right' }], keepLines: true })
const header = () => [
  p('{school.fullName}', { align: 'center', bold: true, size: 11 }),
  p('{school.address}', { align: 'center', size: 9, borderBottom: true }),
]

function proverka(): string[] {
  return [
    ...header(),
    p('СПРАВКА №\u00a0{check.number}', { align: 'center', bold: true, before: 480 }),
    p('по результатам {check.kindGenitive} проверки соблюдения Порядка предоставления информации о текущей успеваемости обучающегося', {
      align: 'center',
      bold: true,
      after: 240,
    }),
    p([b('Основание: '), '{check.basis}']),
    p([b('Проверяемый период: '), 'с {check.from} по {check.to}']),
    p([b('Проверка проводилась в отношении: '), '{check.scope}']),
    p([b('Начата: '), '{check.startedAt}, {check.startedBy}; сведения по состоянию на {check.refreshedAt}']),
    p([b('Рассмотрено заявлений: '), '{check.applications}'], { after: 120 }),
    heading('1. Сводка выявленных отклонений'),
    ...loopTable(
      'summary',
      fill([7087], W),
      ['Отклонение', 'Количество'],
      ['{label}', { content: '{count}', align: 'center' }],
      'Отклонений не выявлено.',
    ),
    heading('2. Перечень отклонений'),
    ...loopTable(
      'deviations',
      fill([567, 2835, 1984], W),
      ['№', 'Отклонение', 'Заявление', 'Сведения'],
      [{ content: '{n}', align: 'center' }, '{label}', '{application}', '{detail}'],
      'Отклонений не выявлено.',
    ),
    heading('3. Замечания проверяющего'),
    ...loopTable(
      'findings',
      fill([567, 1701, 2268], W),
      ['№', 'Дата', 'Автор', 'Замечание'],
      [{ content: '{n}', align: 'center' }, '{at}', '{by}', '{text}'],
      'Замечаний нет.',
    ),
    heading('4. Выводы'),
    p('{check.conclusion}', { align: 'both', firstLine: 709 }),
    signature(),
    p('Со справкой ознакомлен(а): ______________ / ____________________ /  «___» ________ 20___ г.', { before: 480, size: 11 }),
  ]
}

function otchetAktivnosti(): string[] {
  return [
    ...header(),
    p('ОТЧЁТ', { align: 'center', bold: true, before: 360 }),
    p('об активности пользователей при работе с электронным журналом за {month.label}', { align: 'center', bold: true }),
    p('(Положение, п. 7.1; период с {month.from} по {month.to})', { align: 'center', size: 10, after: 240 }),
    heading('1. Входы в систему и действия по ролям'),
    ...loopTable(
      'roles',
      fill([3402, 1843, 1701, 1418, 1843, 1559], L),
      ['Роль', 'Пользователей', 'Входили в месяце', 'Входов', 'Неудачных попыток входа', 'Действий', 'Доля активных'],
      ['{role}', '{users}', '{active}', '{signIns}', '{failed}', '{actions}', '{share}'],
      'Нет данных.',
    ),
    heading('2. Действия пользователей'),
    ...loopTable(
      'actions',
      fill([3969, 6236], L),
      ['Роль', 'Действие', 'Количество'],
      ['{role}', '{action}', { content: '{count}', align: 'center' }],
      'Действий не было.',
    ),
    heading('3. Использование электронного дневника родителями (законными представителями)'),
    p(
      'Родителей с учётной записью: {parents.total}; входили в месяце: {parents.active} ' +
        '({parents.share}); просмотров сведений о детях: {parents.views}.',
      { after: 120 },
    ),
    ...loopTable(
      'classes',
      fill([2268, 2835, 2835], L),
      ['Класс', 'Родителей с учётной записью', 'Входили в месяце', 'Доля'],
      ['{className}', '{parents}', '{active}', '{share}'],
      'Нет данных по классам.',
    ),
    heading('4. Активность учителей'),
    ...loopTable(
      'teachers',
      fill([4252, 1276, 1843, 1559, 1559, 1559], L),
      ['Учитель', 'Входов', 'Последний вход', 'Уроков', 'С темой урока', 'С домашним заданием', 'Выставлено отметок'],
      ['{name}', '{signIns}', '{lastSignIn}', '{lessons}', '{topics}', '{homework}', '{marks}'],
      'Нет данных.',
    ),
    p('Отчёт сформирован {generatedAt}.', { before: 240, size: 10 }),
    p('{signer.position}\t______________ {signer.name}', { before: 480, tabs: [{ pos: L, align: 'right' }], keepLines: true }),
  ]
}

function uchetZanyatiy(): string[] {
  return [
    ...header(),
    p('СТАТИСТИКА ПРОВЕДЁННЫХ ЗАНЯТИЙ', { align: 'center', bold: true, before: 360 }),
    p('{report.className} класс, {report.period} ({report.from} — {report.to}); проведено по {report.toDate}', {
      align: 'center',
      bold: true,
    }),
    p('(Порядок, п. 2.5; Положение, п. 4.4.7, 4.6.4)', { align: 'center', size: 10, after: 240 }),
    ...loopTable(
      'rows',
      fill([2835, 3402, 1701, 1701, 1701, 1418], L),
      ['Предмет', 'Группа', 'По плану за период', 'По КТП за период', 'По плану на дату', 'Проведено', 'Разница'],
      [
        '{subject}',
        '{group}',
        { content: '{plannedPeriod}', align: 'center' },
        { content: '{ktp}', align: 'center' },
        { content: '{plannedToDate}', align: 'center' },
        { content: '{given}', align: 'center' },
        { content: '{difference}', align: 'center' },
      ],
      'Расписание класса не задано.',
    ),
    p('{report.behind}', { before: 240 }),
    p(
      '«По плану» — уроки по расписанию в учебные дни периода (рабочие дни производственного календаря вне ' +
        'каникул); «По КТП» — часы календарно-тематического планирования («—», если не загружены).',
      { size: 10 },
    ),
    p('Отчёт сформирован {generatedAt}.', { before: 240, size: 10 }),
    p('{signer.position}\t______________ {signer.name}', { before: 480, tabs: [{ pos: L, align: 'right' }], keepLines: true }),
  ]
}

function poseshchaemost(): string[] {
  const num = (tag: string) => ({ content: tag, align: 'center' as const })
  return [
    ...header(),
    p('ПОСЕЩАЕМОСТЬ', { align: 'center', bold: true, before: 360 }),
    p('{report.className} класс, {report.month}', { align: 'center', bold: true }),
    p('(Положение, п. 4.3.8, 4.6.3; число пропущенных уроков)', { align: 'center', size: 10, after: 240 }),
    ...loopTable(
      'rows',
      // «Пропущено» and «Опозданий» need 2,1 cm in bold 10 pt; the other headers break between their words.
      fill([567, 2358, 1215, 1000, 1000, 1000, 1000], W),
      ['№', 'Обучающийся', 'Пропущено', 'По болезни', 'Прочие', 'По уважит. причине', 'Без уважит. причины', 'Опозданий'],
      [num('{n}'), '{pupil}', num('{missed}'), num('{ill}'), num('{absent}'), num('{valid}'), num('{invalid}'), num('{late}')],
      'В классе нет обучающихся.',
    ),
    p(
      [
        b('Итого по классу: '),
        'пропущено {total.missed} (по болезни {total.ill}, прочие {total.absent}; по уважительной ' +
          'причине {total.valid}, без уважительной {total.invalid}), опозданий {total.late}.',
      ],
      { before: 240 },
    ),
    p('Отчёт сформирован {generatedAt}.', { before: 240, size: 10 }),
    signature(480),
  ]
}

function svodnayaVedomost(): string[] {
  const num = (tag: string) => ({ content: tag, align: 'center' as const })
  return [
    ...header(),
    p('СВОДНАЯ ВЕДОМОСТЬ УСПЕВАЕМОСТИ', { align: 'center', bold: true, before: 360 }),
    p('{report.className} класс, {report.period}; обучающихся: {report.pupils}', { align: 'center', bold: true }),
    p('(Положение, п. 4.3.8, 4.6.3; итоговые отметки)', { align: 'center', size: 10, after: 240 }),
    heading('1. Итоговые отметки обучающихся'),
    ...loopTable(
      'pupils',
      fill([567, 3402], W),
      ['№', 'Обучающийся', 'Итоговые отметки'],
      [num('{n}'), '{pupil}', '{marks}'],
      'В классе нет обучающихся.',
    ),
    heading('2. Итоги по предметам'),
    ...loopTable(
      'subjects',
      // «Успеваемость» needs 2,8 cm in bold 10 pt (template-typography.test.ts).
      fill([1700, 680, 680, 680, 680, 1000, 1000, 1590], W),
      ['Предмет', '«5»', '«4»', '«3»', '«2»', 'Зачёт / незачёт', 'Без отметки', 'Успеваемость', 'Качество'],
      [
        '{subject}',
        num('{five}'),
        num('{four}'),
        num('{three}'),
        num('{two}'),
        num('{credit}'),
        num('{none}'),
        num('{progress}'),
        num('{quality}'),
      ],
      'Итоговых отметок за период в журнале нет.',
    ),
    heading('3. Итоги по классу'),
    p([b('Отличники: '), '{summary.excellent}']),
    p([b('Хорошисты: '), '{summary.good}']),
    p([b('Неуспевающие: '), '{summary.failing}']),
    p('Отчёт сформирован {generatedAt}.', { before: 240, size: 10 }),
    signature(480),
  ]
}

const outDir = join(process.cwd(), 'templates')
mkdirSync(outDir, { recursive: true })
const files: Array<[string, Buffer]> = [
  [
    'proverka.docx',
    buildDocx({
      body: proverka(),
      title: 'Справка по результатам проверки',
      footer: pageNumberParagraph('Справка №\u00a0{check.number} по результатам проверки', W),
    }),
  ],
  [
    'otchet-aktivnosti.docx',
    buildDocx({
      body: otchetAktivnosti(),
      landscape: true,
      title: 'Отчёт об активности пользователей ЭЖ',
      footer: pageNumberParagraph('Отчёт об активности пользователей ЭЖ за {month.label}', L),
    }),
  ],
  [
    'poseshchaemost.docx',
    buildDocx({
      body: poseshchaemost(),
      title: 'Посещаемость класса за месяц',
      footer: pageNumberParagraph('Посещаемость: {report.className}, {report.month}', W),
    }),
  ],
  [
    'svodnaya-vedomost.docx',
    buildDocx({
      body: svodnayaVedomost(),
      title: 'Сводная ведомость успеваемости класса',
      footer: pageNumberParagraph('Сводная ведомость: {report.className}, {report.period}', W),
    }),
  ],
  [
    'uchet-zanyatiy.docx',
    buildDocx({
      body: uchetZanyatiy(),
      landscape: true,
      title: 'Статистика проведённых занятий',
      footer: pageNumberParagraph('Статистика проведённых занятий: {report.className}, {report.period}', L),
    }),
  ],
]
for (const [name, buf] of files) {
  writeFileSync(join(outDir, name), buf)
  console.log(`${join(outDir, name)}  ${buf.length} bytes`)
}
