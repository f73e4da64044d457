// Data shapes of the Word templates in templates/*.docx. Every value is a ready-to-print string
// (dates already dd.MM.yyyy, see ./format.ts); a missing value prints as nothing (nullGetter → '').
// The placeholders of each template are listed in templates/README.md.

export type Box = '☒' | '☐'

/** The six kinds of information of the application form (appendix to the Порядок). */
export const INFO_KINDS = ['marks', 'timetable', 'homework', 'topics', 'attendance', 'access'] as const
export type InfoKind = (typeof INFO_KINDS)[number]

/** Порядок 2.6 / appendix: how the applicant wants the answer. */
export const DELIVERY_METHODS = ['inPerson', 'post', 'email'] as const
export type DeliveryMethod = (typeof DELIVERY_METHODS)[number]

/** Sections an extract can hold (the access kind is answered by a credentials letter instead). */
export type ExtractSection = 'marks' | 'timetable' | 'homework' | 'topics' | 'attendance' | 'forecast'

export interface SchoolBlock {
  /** «Муниципальное общеобразовательное учреждение «Средняя общеобразовательная школа № 8»» (letterhead). */
  fullName: string
  /** The same in the genitive, after «Директору»: «муниципального общеобразовательного учреждения …». */
  fullNameGenitive: string
  /** «МОУ «СОШ № 8»». */
  shortName: string
  /** Postal address with index: «410000, г. Саратов, ул. …, д. …». */
  address: string
  phone: string
  email: string
  website: string
  /** Position of the signer of letters: «Директор» (or «И.о. директора»). */
  directorPosition: string
  /** Signature form: «Т.В. Тушинская». */
  directorShort: string
  /** Dative, after «Директору …»: «Т.В. Тушинской». */
  directorDative: string
}

export interface ApplicantBlock {
  /** Фамилия, имя, отчество as the applicant wrote it. */
  fullName: string
  /** «паспорт 63 18 123456, выдан … 12.03.2019» — required for post and e-mail applications. */
  identityDocument: string
  /** The postal address with its postcode: «410056, г. Саратов, ул. Мира, д. 3, кв. 5». */
  postalAddress: string
  /** «410056», or '' when the applicant gave none (issue 19, item 6). */
  postcode: string
  /** «Ивановой Марии Петровне»: after «Кому», «Выдано» in a letter the school edits (issue 19, item 4). */
  fullNameDative: string
  email: string
  phone: string
}

export interface PupilBlock {
  fullName: string
  /** «7 «Б»». */
  className: string
}

/** Whom a letter goes to: name in the dative as on an envelope, address or e-mail, and the greeting. */
export interface AddresseeBlock {
  /** «Ивановой Марии Петровне». */
  name: string
  /** Postal address or e-mail, whichever the answer goes to. */
  address: string
  /** «Уважаемая Мария Петровна!». */
  salutation: string
}

interface OutgoingBlock {
  /** Outgoing number of the letter, «01-12/45». */
  number: string
  date: string
}

export interface SignerBlock {
  position: string
  name: string
}

export interface ExecutorBlock {
  /** The responsible employee who prepared the letter (bottom-left «Исп.» line). */
  name: string
  phone: string
}

// ---------- 1. zayavlenie.docx ----------

export interface ApplicationDocData {
  school: SchoolBlock
  /** `fullNameGenitive`: the name after «от …» («от Алексеевой Варвары Константиновны»); '' in the blank form. */
  applicant: ApplicantBlock & { fullNameGenitive: string }
  /** `fullNameGenitive`: after «…о текущей успеваемости» («Алексеевой Ольги Константиновны»); '' in the blank form. */
  pupil: PupilBlock & { fullNameGenitive: string }
  /** «предоставлять» (periodic), «предоставить» (once); blank form: «предоставить (предоставлять)». */
  requestVerb: string
  /** ☒ for each requested kind, ☐ otherwise. */
  box: Record<InfoKind, Box>
  /** «еженедельно», «один раз в месяц», …; blank form: underscores. */
  periodicity: string
  /** ☒ for the chosen delivery method. */
  delivery: Record<DeliveryMethod, Box>
  /** Date of the application. */
  date: string
  /** Registration mark (Порядок 3.1.1), filled by the school. */
  registration: { number: string; date: string }
}

// ---------- 2. otkaz-v-prieme.docx (Порядок 3.1.1) ----------

interface Ground {
  /** The ground as a sentence: «Заявление подано лицом, не являющимся родителем (законным представителем)…». */
  text: string
  /** Optional explanation printed after the ground; '' for none. */
  details: string
}

export interface AcceptanceRefusalData {
  school: SchoolBlock
  outgoing: OutgoingBlock
  addressee: AddresseeBlock
  pupil: PupilBlock
  application: {
    /** Incoming number if any, else «б/н». */
    number: string
    /** When it reached the school, «05.09.2024 10:12». */
    receivedAt: string
    /** «лично», «по почте», «по электронной почте», «через форму на сайте». */
    channel: string
  }
  grounds: Ground[]
  executor: ExecutorBlock
}

// ---------- 3. otkaz-v-predostavlenii.docx (Порядок 3.1.2) ----------

export interface RefusalData {
  school: SchoolBlock
  outgoing: OutgoingBlock
  addressee: AddresseeBlock
  pupil: PupilBlock
  application: {
    /** Registration number in the registration log. */
    number: string
    /** Date of the application. */
    date: string
    /** Date of registration. */
    registeredAt: string
  }
  grounds: Ground[]
  executor: ExecutorBlock
}

// ---------- 4. rekvizity-dostupa.docx (Порядок 3.3, Регламент 3.1–3.3) ----------

export interface CredentialsData {
  school: SchoolBlock
  outgoing: OutgoingBlock
  addressee: AddresseeBlock
  /**
   * The name only. The letter is made by whoever issues credentials (the class teacher, the ЭЖ administrator, ADR 019),
   * who does not read the application: its identity document, e-mail and phone are not there for a template to print.
   */
  applicant: Pick<ApplicantBlock, 'fullName' | 'fullNameDative'>
  pupil: PupilBlock
  application: { number: string; date: string }
  credentials: {
    siteUrl: string
    login: string
    /** One-time password: the first sign-in forces a new one. */
    temporaryPassword: string
    /** The temporary password stops working after this date. */
    validUntil: string
  }
  /** Who hands the credentials over (Положение 4.3.7: the class teacher, under signature). */
  issuer: SignerBlock
  issuedAt: string
  executor: ExecutorBlock
}

// ---------- 5. vypiska.docx (Положение 6.4) ----------

export interface MarkRow {
  date: string
  subject: string
  topic: string
  workType: string
  /** Weight of the work type, «1», «2», «3». */
  weight: string
  mark: string
}

export interface TimetableRow {
  /** «Понедельник». */
  weekday: string
  /** Lesson number, «1». */
  lesson: string
  /** «08:30–09:10». */
  time: string
  subject: string
  /** «вся группа», «1 подгруппа»; '' for the whole class. */
  group: string
  room: string
}

export interface HomeworkRow {
  /** Date the homework is due. */
  date: string
  subject: string
  text: string
}

export interface TopicRow {
  date: string
  subject: string
  topic: string
  /** «Урок открытия новых знаний», «Контрольная работа», … */
  kind: string
}

export interface AttendanceRow {
  date: string
  subject: string
  /** «Н» (не был), «Б» (болел), «УП» (уважительная причина), «ОП» (опоздание) — spelled out. */
  kind: string
  reason: string
}

export interface AttendanceTotals {
  /** Lessons missed in the period. */
  missed: string
  excused: string
  unexcused: string
  late: string
}

export interface ForecastRow {
  subject: string
  /** «4,38». */
  weightedAverage: string
  /** «4». */
  forecast: string
  /** «Недостаточно отметок для аттестации» or ''. */
  warning: string
}

export interface ExtractData {
  school: SchoolBlock
  pupil: PupilBlock
  period: {
    /** «II четверть 2024/2025 учебного года». */
    label: string
    from: string
    to: string
  }
  /** The application the extract answers. */
  application: { number: string; date: string }
  /** Which sections to print; a false section disappears with its heading. */
  sections: Record<ExtractSection, boolean>
  marks: MarkRow[]
  timetable: TimetableRow[]
  homework: HomeworkRow[]
  topics: TopicRow[]
  attendance: AttendanceRow[]
  attendanceTotals: AttendanceTotals
  forecast: ForecastRow[]
  /** «Выписка верна» (Положение 6.4): who certifies it and when. */
  certification: { position: string; name: string; date: string }
  /** When the data was taken from the journal, «20.12.2024 14:05». */
  generatedAt: string
}

// ---------- 6. zhurnal-registracii.docx (Порядок 3.1.1) ----------

export interface RegistrationLogRow {
  /** Registration number. */
  number: string
  /** «05.09.2024 10:12». */
  receivedAt: string
  registeredAt: string
  /** «лично», «почта», «эл. почта», «сайт». */
  channel: string
  applicantName: string
  /** Postal address or e-mail for the answer. */
  applicantContact: string
  pupilName: string
  className: string
  /** Requested kinds, comma separated, with the periodicity. */
  requested: string
  /** «Выписка выдана лично», «Отказ в предоставлении (уведомление № …)», «На рассмотрении». */
  result: string
  resultDate: string
}

export interface RegistrationLogData {
  school: SchoolBlock
  period: { from: string; to: string }
  rows: RegistrationLogRow[]
  total: string
  responsible: SignerBlock
  generatedAt: string
}

// ---------- 7. pamyatka.docx (Порядок 2.4) ----------

export interface HandoutData {
  school: SchoolBlock
  /** «2024/2025». */
  academicYear: string
  onlineFormUrl: string
  /** The employee responsible for the information (Порядок 2.4). */
  responsible: {
    position: string
    name: string
    room: string
    phone: string
    email: string
    /** Reception hours: «пн–пт 9:00–16:00». */
    hours: string
  }
  /** The e-diary site address. */
  diaryUrl: string
  /** The Порядок's terms in words, from workflows/deadlines.ts (TERM_TEXT): «10 минут», «1 рабочего дня», «30 календарных дней». */
  terms: { inPersonMinutes: string; registrationDays: string; deliveryDays: string }
}

// ---------- 8. rekvizity-klassa.docx (Положение 3.1, 4.3.7; Регламент 3.1–3.3) ----------

/** One guardian of the class: a credentials page of their own and a row of the signature sheet. */
interface ClassCredentialsGuardian {
  /** Row number on the signature sheet, «1». */
  n: string
  /** «Иванова Мария Петровна». */
  fullName: string
  /** The guardian's children in the class: «Иванов Пётр Сергеевич, Иванова Анна Сергеевна». */
  children: string
  login: string
  /** One-time password: the first sign-in forces a new one. */
  temporaryPassword: string
}

export interface ClassCredentialsData {
  school: SchoolBlock
  /** «5 «А»». */
  className: string
  /** The class teacher who hands the credentials over under signature. */
  classTeacher: { fullName: string; short: string }
  /** Who formed the file (the class teacher, or the ЭЖ administrator for them). */
  issuer: SignerBlock
  siteUrl: string
  /** Date of issue, dd.MM.yyyy. */
  issuedAt: string
  /** The temporary passwords stop working after this date. */
  validUntil: string
  guardians: ClassCredentialsGuardian[]
  /** «3». */
  total: string
}

// ---------- 9. proverka.docx (Порядок 4.2–4.3) ----------

/** The letterhead of the control documents. */
export type SchoolLine = { fullName: string; address: string }

export interface CheckReportData {
  school: SchoolLine
  check: {
    number: string
    /** «плановой» / «внеплановой». */
    kindGenitive: string
    basis: string
    from: string
    to: string
    /** «всех работников» or the employee's name. */
    scope: string
    startedAt: string
    startedBy: string
    refreshedAt: string
    applications: string
    conclusion: string
  }
  summary: Array<{ label: string; count: string }>
  deviations: Array<{ n: string; label: string; application: string; detail: string }>
  findings: Array<{ n: string; at: string; by: string; text: string }>
  signer: SignerBlock
}

// ---------- 10. otchet-aktivnosti.docx (Положение 7.1) ----------

export interface ActivityReportData {
  school: SchoolLine
  month: { label: string; from: string; to: string }
  roles: Array<{ role: string; users: string; active: string; signIns: string; failed: string; actions: string; share: string }>
  actions: Array<{ role: string; action: string; count: string }>
  parents: { total: string; active: string; share: string; views: string }
  classes: Array<{ className: string; parents: string; active: string; share: string }>
  teachers: Array<{ name: string; signIns: string; lastSignIn: string; lessons: string; topics: string; homework: string; marks: string }>
  generatedAt: string
  signer: SignerBlock
}

// ---------- 11. uchet-zanyatiy.docx (Порядок 2.5 ¶6, Положение 4.4.7, 4.6.4) ----------

export interface CurriculumReportData {
  school: SchoolLine
  /** «5А», «2 четверть», «05.11.2026», «28.12.2026», проведено по «05.12.2026». */
  report: { className: string; period: string; from: string; to: string; toDate: string; behind: string }
  rows: Array<{
    subject: string
    group: string
    plannedPeriod: string
    ktp: string
    plannedToDate: string
    given: string
    difference: string
  }>
  generatedAt: string
  signer: SignerBlock
}

// ---------- 12. poseshchaemost.docx (Положение 4.3.8, 4.6.3) ----------

export interface AttendanceReportData {
  school: SchoolLine
  report: { className: string; month: string }
  rows: Array<{ n: string; pupil: string; missed: string; ill: string; absent: string; valid: string; invalid: string; late: string }>
  total: { missed: string; ill: string; absent: string; valid: string; invalid: string; late: string }
  generatedAt: string
  signer: SignerBlock
}

// ---------- 13. svodnaya-vedomost.docx (Положение 4.3.8, 4.6.3, 6.5) ----------

export interface ResultsReportData {
  school: SchoolLine
  report: { className: string; period: string; pupils: string }
  pupils: Array<{ n: string; pupil: string; marks: string }>
  subjects: Array<{
    subject: string
    five: string
    four: string
    three: string
    two: string
    credit: string
    none: string
    progress: string
    quality: string
  }>
  summary: { excellent: string; good: string; failing: string }
  generatedAt: string
  signer: SignerBlock
}

// ---------- registry ----------

export type TemplateName =
  | 'zayavlenie'
  | 'otkaz-v-prieme'
  | 'otkaz-v-predostavlenii'
  | 'rekvizity-dostupa'
  | 'vypiska'
  | 'zhurnal-registracii'
  | 'pamyatka'
  | 'rekvizity-klassa'
  | 'proverka'
  | 'otchet-aktivnosti'
  | 'uchet-zanyatiy'
  | 'poseshchaemost'
  | 'svodnaya-vedomost'

export interface TemplateDataMap {
  zayavlenie: ApplicationDocData
  'otkaz-v-prieme': AcceptanceRefusalData
  'otkaz-v-predostavlenii': RefusalData
  'rekvizity-dostupa': CredentialsData
  vypiska: ExtractData
  'zhurnal-registracii': RegistrationLogData
  pamyatka: HandoutData
  'rekvizity-klassa': ClassCredentialsData
  proverka: CheckReportData
  'otchet-aktivnosti': ActivityReportData
  'uchet-zanyatiy': CurriculumReportData
  poseshchaemost: AttendanceReportData
  'svodnaya-vedomost': ResultsReportData
}

/** File of each template under templates/. */
export const TEMPLATE_FILES: Record<TemplateName, string> = {
  zayavlenie: 'zayavlenie.docx',
  'otkaz-v-prieme': 'otkaz-v-prieme.docx',
  'otkaz-v-predostavlenii': 'otkaz-v-predostavlenii.docx',
  'rekvizity-dostupa': 'rekvizity-dostupa.docx',
  vypiska: 'vypiska.docx',
  'zhurnal-registracii': 'zhurnal-registracii.docx',
  pamyatka: 'pamyatka.docx',
  'rekvizity-klassa': 'rekvizity-klassa.docx',
  proverka: 'proverka.docx',
  'otchet-aktivnosti': 'otchet-aktivnosti.docx',
  'uchet-zanyatiy': 'uchet-zanyatiy.docx',
  poseshchaemost: 'poseshchaemost.docx',
  'svodnaya-vedomost': 'svodnaya-vedomost.docx',
}

export const TEMPLATE_TITLES: Record<TemplateName, string> = {
  zayavlenie: 'Заявление о предоставлении информации о текущей успеваемости',
  'otkaz-v-prieme': 'Уведомление об отказе в приёме документов',
  'otkaz-v-predostavlenii': 'Уведомление об отказе в предоставлении информации',
  'rekvizity-dostupa': 'Реквизиты доступа к электронному дневнику',
  vypiska: 'Выписка из электронного журнала успеваемости',
  'zhurnal-registracii': 'Журнал регистрации заявлений',
  pamyatka: 'Памятка для родителей',
  'rekvizity-klassa': 'Реквизиты доступа для класса и ведомость выдачи',
  proverka: 'Справка о результатах проверки',
  'otchet-aktivnosti': 'Отчёт об активности пользователей ЭЖ',
  'uchet-zanyatiy': 'Статистика проведённых занятий',
  poseshchaemost: 'Посещаемость класса за месяц',
  'svodnaya-vedomost': 'Сводная ведомость успеваемости класса',
}
