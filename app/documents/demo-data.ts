// Demo data for every template: preview in the admin UI, tests, benchmark.
// The school is МОУ «СОШ № 8» (Саратов); people, addresses, phones and e-mails are fictitious (example.ru).
import { TERM_TEXT } from '#workflows/deadlines'
import { applicationDocData, blankApplicationDocData } from './application-doc-data'
import {
  attendanceFor,
  forecastRows,
  formatIsoDate,
  homeworkRows,
  lessonsBetween,
  markRows,
  timetableRows,
  topicRows,
} from './demo-journal'
import type {
  AcceptanceRefusalData,
  ActivityReportData,
  AttendanceReportData,
  CurriculumReportData,
  ResultsReportData,
  AddresseeBlock,
  ApplicantBlock,
  ApplicationDocData,
  CheckReportData,
  ClassCredentialsData,
  CredentialsData,
  ExecutorBlock,
  ExtractData,
  ExtractSection,
  HandoutData,
  PupilBlock,
  RefusalData,
  RegistrationLogData,
  RegistrationLogRow,
  SchoolBlock,
  SchoolLine,
  TemplateDataMap,
} from './types'

const DEMO_SCHOOL: SchoolBlock = {
  fullName: 'Муниципальное общеобразовательное учреждение «Средняя общеобразовательная школа № 8»',
  fullNameGenitive: 'муниципального общеобразовательного учреждения «Средняя общеобразовательная школа № 8»',
  shortName: 'МОУ «СОШ № 8»',
  address: '410031, г. Саратов, ул. Школьная, д. 8',
  phone: '+7 (8452) 23-45-08',
  email: 'school8@example.ru',
  website: 'https://sosh8.example.ru',
  directorPosition: 'Директор',
  directorShort: 'Т.В. Тушинская',
  directorDative: 'Т.В. Тушинской',
}

const DEMO_APPLICANT: ApplicantBlock = {
  fullName: 'Смирнова Ольга Викторовна',
  identityDocument: 'паспорт 63 19 482715, выдан ГУ МВД России по Саратовской области 14.05.2019',
  postalAddress: '410056, г. Саратов, ул. Чернышевского, д. 112, кв. 45',
  postcode: '410056',
  fullNameDative: 'Смирновой Ольге Викторовне',
  email: 'o.smirnova@example.ru',
  phone: '+7 (917) 210-34-56',
}

const DEMO_PUPIL: PupilBlock = { fullName: 'Смирнов Артём Денисович', className: '7 «Б»' }

const ADDRESSEE: AddresseeBlock = {
  name: 'Смирновой Ольге Викторовне',
  address: DEMO_APPLICANT.postalAddress,
  salutation: 'Уважаемая Ольга Викторовна!',
}

const RESPONSIBLE = {
  position: 'заместитель директора по учебно-воспитательной работе',
  name: 'Ковалёва Ирина Николаевна',
  short: 'И.Н. Ковалёва',
  room: '12',
  phone: '+7 (8452) 23-45-10',
  email: 'uvr.school8@example.ru',
}
const EXECUTOR: ExecutorBlock = { name: 'Ковалёва Ирина Николаевна', phone: RESPONSIBLE.phone }

const DEMO_APPLICATION: ApplicationDocData = applicationDocData({
  school: DEMO_SCHOOL,
  applicant: DEMO_APPLICANT,
  pupil: DEMO_PUPIL,
  kinds: ['marks', 'homework', 'attendance'],
  periodicity: 'еженедельно',
  delivery: 'email',
  date: '02.09.2024',
  registration: { number: '17', date: '02.09.2024' },
})

export const DEMO_BLANK_APPLICATION: ApplicationDocData = blankApplicationDocData(DEMO_SCHOOL)

const DEMO_ACCEPTANCE_REFUSAL: AcceptanceRefusalData = {
  school: DEMO_SCHOOL,
  outgoing: { number: '01-12/118', date: '04.09.2024' },
  addressee: ADDRESSEE,
  pupil: DEMO_PUPIL,
  application: { number: 'б/н', receivedAt: '03.09.2024 16:40', channel: 'по почте' },
  grounds: [
    {
      text: 'Не представлена копия документа, удостоверяющего личность заявителя (пункт 2.7 Порядка).',
      details: '',
    },
    {
      text: 'Не представлен документ, подтверждающий статус законного представителя обучающегося (пункты 1.2, 2.7 Порядка).',
      details: 'К заявлению, направленному почтой, прилагается копия такого документа.',
    },
  ],
  executor: EXECUTOR,
}

export const DEMO_REFUSAL: RefusalData = {
  school: DEMO_SCHOOL,
  outgoing: { number: '01-12/131', date: '16.09.2024' },
  addressee: ADDRESSEE,
  pupil: DEMO_PUPIL,
  application: { number: '23', date: '09.09.2024', registeredAt: '10.09.2024' },
  grounds: [
    {
      text: 'Запрашиваемая информация отсутствует в электронном дневнике и электронном журнале успеваемости (пункт 3.1.2 Порядка).',
      details:
        'Отметки по учебному предмету «Физическая культура» за сентябрь 2024 года не выставлялись: ' +
        'обучающийся освобождён от занятий (медицинская справка от 02.09.2024 № 118).',
    },
    {
      text: 'Запрашиваемые сведения не относятся к видам информации, предусмотренным Порядком.',
      details:
        'Сведения об успеваемости других обучающихся класса не предоставляются ' +
        '(Федеральный закон от 27.07.2006 № 152-ФЗ «О персональных данных»).',
    },
  ],
  executor: EXECUTOR,
}

const DEMO_CREDENTIALS: CredentialsData = {
  school: DEMO_SCHOOL,
  outgoing: { number: '01-12/120', date: '05.09.2024' },
  addressee: ADDRESSEE,
  applicant: DEMO_APPLICANT,
  pupil: DEMO_PUPIL,
  application: { number: '17', date: '02.09.2024' },
  credentials: {
    siteUrl: 'https://dnevnik.sosh8.example.ru',
    login: 'smirnova.ov',
    temporaryPassword: 'Kx7-pQ4m-Tz9',
    validUntil: '19.09.2024',
  },
  issuer: { position: 'Классный руководитель 7 «Б» класса', name: 'Е.А. Полякова' },
  issuedAt: '05.09.2024',
  executor: EXECUTOR,
}

const ALL_SECTIONS: Record<ExtractSection, boolean> = {
  marks: true,
  timetable: true,
  homework: true,
  topics: true,
  attendance: true,
  forecast: true,
}

interface DemoExtractOptions {
  sections?: Partial<Record<ExtractSection, boolean>>
  /** Number of mark rows; the default quarter has 200. */
  markCount?: number
  /** 'quarter' = II четверть 2024/2025; 'year' = the whole 2024/2025 year (≈ 1500 marks). */
  span?: 'quarter' | 'year'
}

const SPANS = {
  quarter: { label: 'II четверть 2024/2025 учебного года', from: '2024-11-05', to: '2024-12-28', marks: 200, holidays: [] as string[] },
  year: {
    label: '2024/2025 учебный год',
    from: '2024-09-02',
    to: '2025-05-26',
    marks: 1500,
    holidays: [
      ...range('2024-10-28', '2024-11-04'),
      ...range('2024-12-30', '2025-01-08'),
      '2025-02-24',
      ...range('2025-03-24', '2025-03-30'),
      '2025-05-01',
      '2025-05-02',
      '2025-05-08',
      '2025-05-09',
    ],
  },
}

function range(fromIso: string, toIso: string): string[] {
  const out: string[] = []
  for (let d = new Date(`${fromIso}T00:00:00Z`); d <= new Date(`${toIso}T00:00:00Z`); d = new Date(d.getTime() + 86_400_000)) {
    out.push(d.toISOString().slice(0, 10))
  }
  return out
}

/** A deterministic extract for 7 «Б»: a quarter with 200 marks by default. */
export function demoExtract(options: DemoExtractOptions = {}): ExtractData {
  const span = SPANS[options.span ?? 'quarter']
  const lessons = lessonsBetween(span.from, span.to, span.holidays)
  const attendance = attendanceFor(lessons)
  const marks = markRows(lessons, attendance.absent, options.markCount ?? span.marks)
  return {
    school: DEMO_SCHOOL,
    pupil: DEMO_PUPIL,
    period: { label: span.label, from: formatIsoDate(span.from), to: formatIsoDate(span.to) },
    application: { number: '17', date: '02.09.2024' },
    sections: { ...ALL_SECTIONS, ...options.sections },
    marks,
    timetable: timetableRows(),
    homework: homeworkRows(lessons),
    topics: topicRows(lessons),
    attendance: attendance.rows,
    attendanceTotals: attendance.totals,
    forecast: forecastRows(marks),
    certification: { position: 'Заместитель директора по УВР', name: RESPONSIBLE.short, date: '30.12.2024' },
    generatedAt: '30.12.2024 10:15',
  }
}

export const DEMO_EXTRACT: ExtractData = demoExtract()

/** The benchmark's extract: 200 marks, attendance and homework (Порядок: the kinds a parent asks most). */
export const BENCH_EXTRACT: ExtractData = demoExtract({
  sections: { timetable: false, topics: false, forecast: false },
})

const LOG_PEOPLE: Array<[string, string, string, string]> = [
  ['Смирнова Ольга Викторовна', 'o.smirnova@example.ru', 'Смирнов Артём Денисович', '7 «Б»'],
  ['Кузнецов Игорь Павлович', '410012, г. Саратов, ул. Московская, д. 40, кв. 7', 'Кузнецова Дарья Игоревна', '5 «А»'],
  ['Попова Наталья Сергеевна', 'n.popova@example.ru', 'Попов Максим Андреевич', '9 «В»'],
  ['Васильева Елена Александровна', '410004, г. Саратов, ул. Астраханская, д. 88, кв. 12', 'Васильев Кирилл Олегович', '6 «Б»'],
  ['Морозов Алексей Николаевич', 'a.morozov@example.ru', 'Морозова Полина Алексеевна', '8 «А»'],
  ['Новикова Татьяна Юрьевна', '', 'Новиков Егор Дмитриевич', '3 «Г»'],
  ['Фёдорова Анна Владимировна', 'a.fedorova@example.ru', 'Фёдоров Иван Михайлович', '10 «А»'],
  ['Волков Сергей Викторович', '410017, г. Саратов, ул. Рахова, д. 15, кв. 3', 'Волкова Софья Сергеевна', '4 «Б»'],
]
const CHANNELS = ['эл. почта', 'почта', 'эл. почта', 'почта', 'сайт', 'лично', 'эл. почта', 'почта']
const REQUESTS = [
  'отметки, домашние задания, посещаемость; еженедельно',
  'доступ к электронному дневнику',
  'отметки; ежемесячно',
  'расписание занятий; однократно',
  'отметки, темы и виды занятий; еженедельно',
  'доступ к электронному дневнику',
  'посещаемость; ежемесячно',
  'отметки, посещаемость; еженедельно',
]

const SEPTEMBER_WORKDAYS = range('2024-09-02', '2024-09-30')
  .filter((iso) => ![0, 6].includes(new Date(`${iso}T00:00:00Z`).getUTCDay()))
  .map(formatIsoDate)

const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`

function demoRegistrationLog(rowCount = 24): RegistrationLogData {
  const rows: RegistrationLogRow[] = []
  for (let n = 0; n < rowCount; n++) {
    const [applicantName, contact, pupilName, className] = LOG_PEOPLE[n % LOG_PEOPLE.length]
    const dayIdx = Math.floor((n * (SEPTEMBER_WORKDAYS.length - 4)) / rowCount)
    const date = SEPTEMBER_WORKDAYS[dayIdx]
    const channel = CHANNELS[n % CHANNELS.length]
    const inPerson = channel === 'лично'
    const next = SEPTEMBER_WORKDAYS[dayIdx + 1]
    const received = 9 * 60 + ((n * 37) % 420) // between 09:00 and 16:00
    rows.push({
      number: String(n + 1),
      receivedAt: `${date} ${hhmm(received)}`,
      // Порядок 3.1.1: in person — within 10 minutes; otherwise — by the next working day.
      registeredAt: inPerson ? `${date} ${hhmm(received + 6)}` : `${next} ${hhmm(9 * 60 + 10 + (n % 40))}`,
      channel,
      applicantName,
      applicantContact: inPerson ? 'получение лично' : contact,
      pupilName,
      className,
      requested: REQUESTS[n % REQUESTS.length],
      result:
        n === 5
          ? 'Отказ в предоставлении информации (уведомление № 01-12/131)'
          : n >= rowCount - 3
            ? 'На рассмотрении'
            : REQUESTS[n % REQUESTS.length].startsWith('доступ')
              ? 'Реквизиты доступа выданы под роспись'
              : 'Выписка направлена',
      resultDate: n >= rowCount - 3 ? '' : SEPTEMBER_WORKDAYS[dayIdx + 3],
    })
  }
  return {
    school: DEMO_SCHOOL,
    period: { from: '01.09.2024', to: '30.09.2024' },
    rows,
    total: String(rows.length),
    responsible: { position: 'заместитель директора по УВР', name: RESPONSIBLE.short },
    generatedAt: '30.09.2024 17:00',
  }
}

export const DEMO_REGISTRATION_LOG: RegistrationLogData = demoRegistrationLog()

const DEMO_HANDOUT: HandoutData = {
  school: DEMO_SCHOOL,
  academicYear: '2024/2025',
  onlineFormUrl: 'https://sosh8.example.ru/zayavlenie',
  responsible: { ...RESPONSIBLE, hours: 'понедельник — пятница, 9:00–16:00' },
  diaryUrl: 'https://dnevnik.sosh8.example.ru',
  terms: { inPersonMinutes: TERM_TEXT.inPersonMinutes, registrationDays: TERM_TEXT.registrationDays, deliveryDays: TERM_TEXT.deliveryDays },
}

const DEMO_CLASS_CREDENTIALS: ClassCredentialsData = {
  school: DEMO_SCHOOL,
  className: '7 «Б»',
  classTeacher: { fullName: 'Полякова Елена Андреевна', short: 'Е.А. Полякова' },
  issuer: { position: 'Классный руководитель', name: 'Е.А. Полякова' },
  siteUrl: 'https://dnevnik.sosh8.example.ru',
  issuedAt: '02.09.2024',
  validUntil: '02.10.2024',
  guardians: [
    {
      n: '1',
      fullName: 'Смирнова Ольга Викторовна',
      children: 'Смирнов Артём Денисович',
      login: 'smirnova.ov',
      temporaryPassword: 'Kx7pQ4mTz9',
    },
    {
      n: '2',
      fullName: 'Егоров Павел Игоревич',
      children: 'Егорова Алиса Павловна, Егоров Максим Павлович',
      login: 'egorov.pi',
      temporaryPassword: 'r3WcN9aHd5',
    },
  ],
  total: '2',
}

const SCHOOL_LINE: SchoolLine = { fullName: DEMO_SCHOOL.fullName, address: DEMO_SCHOOL.address }
const DIRECTOR = { position: 'Директор', name: DEMO_SCHOOL.directorShort }

/** An unplanned check of October 2024 (Порядок 4.2–4.3) with a deviation of three kinds and two findings. */
const DEMO_CHECK_REPORT: CheckReportData = {
  school: SCHOOL_LINE,
  check: {
    number: '3',
    kindGenitive: 'внеплановой',
    basis: 'Жалоба заявителя Смирновой О.В. от 05.11.2024 (вх. № 214)',
    from: '01.10.2024',
    to: '31.10.2024',
    scope: 'всех работников, участвующих в предоставлении информации',
    startedAt: '06.11.2024 10:00',
    startedBy: 'Тушинская Татьяна Викторовна',
    refreshedAt: '08.11.2024 15:30',
    applications: '18',
    conclusion:
      'Выявлены нарушения сроков регистрации и предоставления информации. Ответственному работнику ' +
      'Ковалёвой И.Н. указать на недопустимость нарушения сроков, установленных Порядком.',
  },
  summary: [
    { label: 'Нарушен срок регистрации заявления (Порядок 3.1.1)', count: '1' },
    { label: 'Нарушен срок предоставления информации (Порядок 2.3)', count: '1' },
    { label: 'Нет записи о вручении или отправке ответа', count: '1' },
  ],
  deviations: [
    {
      n: '1',
      label: 'Нарушен срок регистрации заявления (Порядок 3.1.1)',
      application: '№ 41 от 09.10.2024',
      detail: 'срок до 08.10.2024 17:00, выполнено 09.10.2024 09:15',
    },
    {
      n: '2',
      label: 'Нарушен срок предоставления информации (Порядок 2.3)',
      application: '№ 38 от 02.10.2024',
      detail: 'срок до 01.11.2024 17:00, выполнено 05.11.2024 11:20',
    },
    {
      n: '3',
      label: 'Нет записи о вручении или отправке ответа',
      application: '№ 44 от 15.10.2024',
      detail: 'вручение отмечено 24.10.2024 14:00, записи о вручении или отправке нет',
    },
  ],
  findings: [
    {
      n: '1',
      at: '07.11.2024 11:40',
      by: 'Тушинская Татьяна Викторовна',
      text: 'Заявление № 41 поступило по почте 07.10.2024, зарегистрировано на следующий рабочий день после срока.',
    },
    {
      n: '2',
      at: '08.11.2024 15:25',
      by: 'Тушинская Татьяна Викторовна',
      text: 'По заявлению № 44 выписка выдана лично, подпись заявителя в журнале выдачи отсутствует.',
    },
  ],
  signer: DIRECTOR,
}

/** The activity report for October 2024 (Положение 7.1). */
const DEMO_ACTIVITY_REPORT: ActivityReportData = {
  school: SCHOOL_LINE,
  month: { label: 'октябрь 2024 г.', from: '01.10.2024', to: '31.10.2024' },
  roles: [
    { role: 'Директор', users: '1', active: '1', signIns: '14', failed: '0', actions: '37', share: '100 %' },
    { role: 'Ответственный работник', users: '1', active: '1', signIns: '21', failed: '1', actions: '112', share: '100 %' },
    { role: 'Учитель-предметник', users: '36', active: '34', signIns: '842', failed: '9', actions: '96', share: '94 %' },
    {
      role: 'Родитель (законный представитель)',
      users: '612',
      active: '431',
      signIns: '2917',
      failed: '58',
      actions: '4380',
      share: '70 %',
    },
  ],
  actions: [
    { role: 'Ответственный работник', action: 'просмотр заявления', count: '74' },
    { role: 'Ответственный работник', action: 'скачивание документа по заявлению', count: '38' },
    { role: 'Родитель (законный представитель)', action: 'просмотр карточки обучающегося', count: '4312' },
    { role: 'Родитель (законный представитель)', action: 'подача заявления через сайт', count: '68' },
  ],
  parents: { total: '612', active: '431', share: '70 %', views: '4312' },
  classes: [
    { className: '5 «А»', parents: '27', active: '22', share: '81 %' },
    { className: '7 «Б»', parents: '25', active: '16', share: '64 %' },
  ],
  teachers: [
    {
      name: 'Ковалёва Ирина Николаевна',
      signIns: '19',
      lastSignIn: '31.10.2024 16:42',
      lessons: '64',
      topics: '64',
      homework: '61',
      marks: '388',
    },
    {
      name: 'Полякова Елена Андреевна',
      signIns: '23',
      lastSignIn: '31.10.2024 15:10',
      lessons: '72',
      topics: '70',
      homework: '72',
      marks: '415',
    },
  ],
  generatedAt: '01.11.2024 00:05',
  signer: DIRECTOR,
}

/** Lessons given against the plan, 5А, 2nd quarter (Порядок 2.5 ¶6). */
const DEMO_CURRICULUM_REPORT: CurriculumReportData = {
  school: SCHOOL_LINE,
  report: {
    className: '5А',
    period: '2 четверть',
    from: '05.11.2024',
    to: '28.12.2024',
    toDate: '06.12.2024',
    behind: 'Отстают от плана: Математика — 1.',
  },
  rows: [
    {
      subject: 'Английский язык',
      group: 'Английский язык, группа 1',
      plannedPeriod: '23',
      ktp: '24',
      plannedToDate: '14',
      given: '14',
      difference: '0',
    },
    { subject: 'Математика', group: 'весь класс', plannedPeriod: '39', ktp: '40', plannedToDate: '24', given: '23', difference: '−1' },
    { subject: 'Русский язык', group: 'весь класс', plannedPeriod: '39', ktp: '—', plannedToDate: '24', given: '24', difference: '0' },
  ],
  generatedAt: '06.12.2024 10:15',
  signer: { position: 'Заместитель директора по УВР', name: 'Е.А. Полякова' },
}

/** Attendance of 5А in November (Положение 4.3.8). */
const DEMO_ATTENDANCE_REPORT: AttendanceReportData = {
  school: SCHOOL_LINE,
  report: { className: '5А', month: 'ноябрь 2024' },
  rows: [
    { n: '1', pupil: 'Абрамов Кирилл Сергеевич', missed: '6', ill: '6', absent: '0', valid: '6', invalid: '0', late: '0' },
    { n: '2', pupil: 'Белова Дарья Андреевна', missed: '0', ill: '0', absent: '0', valid: '0', invalid: '0', late: '1' },
    { n: '3', pupil: 'Волков Максим Игоревич', missed: '2', ill: '0', absent: '2', valid: '0', invalid: '2', late: '0' },
  ],
  total: { missed: '8', ill: '6', absent: '2', valid: '6', invalid: '2', late: '1' },
  generatedAt: '02.12.2024 09:30',
  signer: { position: 'Классный руководитель', name: 'И.Н. Ковалёва' },
}

/** The results of 5А for the 1st quarter (Положение 4.3.8). */
const DEMO_RESULTS_REPORT: ResultsReportData = {
  school: SCHOOL_LINE,
  report: { className: '5А', period: '1 четверть', pupils: '3' },
  pupils: [
    { n: '1', pupil: 'Абрамов Кирилл Сергеевич', marks: 'Математика — 5; Русский язык — 5' },
    { n: '2', pupil: 'Белова Дарья Андреевна', marks: 'Математика — 4; Русский язык — 5' },
    { n: '3', pupil: 'Волков Максим Игоревич', marks: 'Математика — 2; Русский язык — 3' },
  ],
  subjects: [
    { subject: 'Математика', five: '1', four: '1', three: '0', two: '1', credit: '0', none: '0', progress: '67 %', quality: '67 %' },
    { subject: 'Русский язык', five: '2', four: '0', three: '1', two: '0', credit: '0', none: '0', progress: '100 %', quality: '67 %' },
  ],
  summary: { excellent: 'Абрамов Кирилл Сергеевич', good: 'Белова Дарья Андреевна', failing: 'Волков Максим Игоревич' },
  generatedAt: '27.10.2024 12:00',
  signer: { position: 'Классный руководитель', name: 'И.Н. Ковалёва' },
}

/** One demo data set per template, for previews and tests. */
export const DEMO_DATA: TemplateDataMap = {
  zayavlenie: DEMO_APPLICATION,
  'otkaz-v-prieme': DEMO_ACCEPTANCE_REFUSAL,
  'otkaz-v-predostavlenii': DEMO_REFUSAL,
  'rekvizity-dostupa': DEMO_CREDENTIALS,
  vypiska: DEMO_EXTRACT,
  'zhurnal-registracii': DEMO_REGISTRATION_LOG,
  pamyatka: DEMO_HANDOUT,
  'rekvizity-klassa': DEMO_CLASS_CREDENTIALS,
  proverka: DEMO_CHECK_REPORT,
  'otchet-aktivnosti': DEMO_ACTIVITY_REPORT,
  'uchet-zanyatiy': DEMO_CURRICULUM_REPORT,
  poseshchaemost: DEMO_ATTENDANCE_REPORT,
  'svodnaya-vedomost': DEMO_RESULTS_REPORT,
}
