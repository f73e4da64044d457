// The online form (/apply) = the shared ApplicationSchema + what only the form asks: the identity document in
// parts, who the applicant is to the pupil, and the copies of the documents (Порядок 2.7): the status document only
// from a guardian or another legal representative, never from a parent (ADR 045). No consent checkbox: processing
// for a municipal service needs no consent (152-ФЗ ст. 6 ч. 1 п. 4); the form shows a notice instead (ADR 046).
// The browser (zodResolver) and the action both parse with ApplyFormSchema; receiveApplication then checks the
// composed ApplicationData with ApplicationSchema once more. No server imports: this runs in the browser too.
import { z } from '#workflows/zod'
import { emptyFileMessage, formValues, list } from '#app/utils/form-schema'
import {
  APPLICANT_ROLES,
  ApplicantSchema,
  ApplicationSchema,
  needsStatusDocument,
  type ApplicationData,
} from '#app/operations/application-schema'
import { clip, line, spacedLine } from '#app/utils/text'
import { readTypedDay } from '#workflows/typed-day'
import { splitPostcode } from '#app/utils/format'

const MAX_FILE_BYTES = 10 * 1024 * 1024
const FILE_TYPES = ['application/pdf', 'image/jpeg', 'image/png']

export const ID_KINDS = ['passport', 'foreign_passport', 'residence_permit', 'other'] as const
export const ID_KIND_LABELS: Record<(typeof ID_KINDS)[number], string> = {
  passport: 'паспорт гражданина Российской Федерации',
  foreign_passport: 'паспорт иностранного гражданина',
  residence_permit: 'вид на жительство',
  other: 'иной документ, удостоверяющий личность',
}

const EARLIEST_ISSUE_DAY = '1940-01-01'

/**
 * A document's issue day as people type it → 'YYYY-MM-DD' (readTypedDay, ADR 107): «01.02.2015», «1.2.2015»,
 * «01/02/2015», «01-02-2015», «01 02 2015», «01022015» (a phone's digit keypad has no dot), «2015-02-01», «01.02.2015
 * г.», «1 февраля 2015 года». A two-digit year («01.02.15») is read only when one century gives a day between 1940
 * and today — while that is so for every year (until 2040), always. 'year' when the year cannot be told, 'month-first'
 * for «02/13/2015», null when it is not a date at all.
 */
function toIsoDay(typed: string, today: string): string | 'year' | 'month-first' | null {
  const read = readTypedDay(typed, { from: EARLIEST_ISSUE_DAY, to: today }, { packed: true })
  return 'problem' in read ? (read.problem === 'format' ? null : read.problem) : read.day
}

const ISSUE_DAY_EXAMPLE = 'например 01.02.2015'

function issueDayProblem(value: string, today: string): string | null {
  if (!value) return 'Укажите дату выдачи документа'
  const day = toIsoDay(value, today)
  if (day === 'year') return `Дата выдачи: укажите год четырьмя цифрами, ${ISSUE_DAY_EXAMPLE}`
  if (day === 'month-first') return `Дата выдачи: сначала день, потом месяц, ${ISSUE_DAY_EXAMPLE}`
  if (!day) return `Дата выдачи в виде ДД.ММ.ГГГГ, ${ISSUE_DAY_EXAMPLE}`
  if (day < EARLIEST_ISSUE_DAY || day > today) return 'Дата выдачи не может быть в будущем или раньше 1940 года'
  return null
}

/**
 * The latest calendar day it is anywhere now (UTC+14). The form does not know the school's time zone, and UTC's
 * date is yesterday for hours after local midnight (till 04:00 in Saratov, till noon in Kamchatka): a document issued
 * today was refused as issued «в будущем».
 */
const latestToday = () => new Date(Date.now() + 14 * 3_600_000).toISOString().slice(0, 10)

/**
 * The server's own check of the issue date, by the school's day (the action knows the school's time zone): the
 * form's lenience above let «tomorrow» pass for the last hours of the school's day.
 */
export function issueDayAfterSchoolToday(form: ApplyFormData, schoolToday: string): Record<string, string> | null {
  if (form.identity.issuedOn <= schoolToday) return null
  const [y, m, d] = schoolToday.split('-')
  return { 'identity.issuedOn': `Дата выдачи не может быть позже сегодняшнего дня (${d}.${m}.${y} по времени школы)` }
}

const IdentitySchema = z.object({
  kind: z.enum(ID_KINDS, 'Выберите вид документа'),
  // A series and number pasted from Word keeps its no-break spaces («63 10 123456»): read as spaces (spacedLine).
  number: spacedLine(
    z
      .string()
      .trim()
      .min(1, 'Укажите серию и номер документа')
      .max(30, 'Серия и номер: не длиннее 30 символов')
      .regex(/^[0-9A-Za-zА-Яа-яЁё№ -]+$/, 'Серия и номер: только буквы, цифры, пробел и дефис'),
  ),
  issuedBy: line(z.string().trim().min(3, 'Укажите, кем выдан документ').max(200, 'Кем выдан: не длиннее 200 символов')),
  // A text field, not <input type=date>: a known date is easier to type as ДД.ММ.ГГГГ, in any browser and by voice.
  issuedOn: z
    .string()
    .trim()
    .superRefine((value, ctx) => {
      const problem = issueDayProblem(value, latestToday())
      if (problem) ctx.addIssue({ code: 'custom', message: problem })
    })
    .transform((value) => {
      const day = toIsoDay(value, latestToday())
      return day && day !== 'year' && day !== 'month-first' ? day : value
    }),
})

type FileMeta = { name: string; size: number; type: string }

/** A FileList (browser), an array, or a File (server) → the first non-empty file's name, size and type. */
function fileMeta(value: unknown): FileMeta | undefined {
  const first =
    value && typeof value === 'object' && 'length' in value && typeof (value as ArrayLike<unknown>).length === 'number'
      ? (value as ArrayLike<unknown>)[0]
      : value
  if (!first || typeof first !== 'object' || !('size' in first) || !('name' in first)) return undefined
  const f = first as { name: unknown; size: unknown; type?: unknown }
  // «No file chosen» is an unnamed empty part; a named file of 0 bytes was chosen and is said to be empty below.
  if (typeof f.size !== 'number' || (f.size === 0 && !f.name)) return undefined
  return { name: String(f.name), size: f.size, type: typeof f.type === 'string' ? f.type : '' }
}

const fileField = (missing: string) =>
  z.preprocess(
    fileMeta,
    z
      .object({ name: z.string(), size: z.number(), type: z.string() }, missing)
      .refine((f) => f.size > 0, { error: (issue) => emptyFileMessage((issue.input as FileMeta).name) })
      .refine((f) => f.size <= MAX_FILE_BYTES, 'Файл больше 10 МБ')
      // The browser's type is only a hint for an early message; the server decides by the content.
      .refine(
        (f) => f.type === '' || f.type === 'application/octet-stream' || FILE_TYPES.includes(f.type),
        'Допустимы только файлы PDF, JPEG или PNG',
      ),
  )

const POSTCODE_MISSING = 'Укажите почтовый индекс: без него письмо с ответом может не дойти (6 цифр, например 410056)'
const ROLE_MISSING = 'Укажите, кем вы приходитесь обучающемуся'
const STATUS_PROOF_MISSING = 'Приложите копию документа, подтверждающего статус законного представителя (опекуна, попечителя)'

export const ApplyFormSchema = ApplicationSchema.safeExtend({
  applicant: ApplicantSchema.extend({ role: z.enum(APPLICANT_ROLES, ROLE_MISSING) }),
  identity: IdentitySchema,
  documents: z.object({
    // Порядок 3.2: an application sent electronically gives the document's kind and details (asked above); its copy
    // is asked by post alone (2.7). The copy is the applicant's choice here, and less personal data is kept (ADR 045).
    identity: z.preprocess(fileMeta, fileField('Приложите копию документа, удостоверяющего личность').optional()),
    // Asked only of a guardian or another legal representative (the refinement below); a parent is checked against
    // the journal's guardian records by the review's pre-check.
    statusProof: z.preprocess(fileMeta, fileField(STATUS_PROOF_MISSING).optional()),
  }),
}).superRefine(
  (v, ctx) => {
    // Runs even when other fields failed, so that every message is shown at once (the shared schema's own check
    // of the same rule waits until the rest is valid).
    const a = (v as Partial<typeof v>).applicant
    if (!a) return
    if (!a.postalAddress?.trim())
      ctx.addIssue({ code: 'custom', path: ['applicant', 'postalAddress'], message: 'Укажите адрес проживания' })
    const delivery = (v as Partial<typeof v>).delivery
    if (delivery === 'email' && !a.email?.trim())
      ctx.addIssue({ code: 'custom', path: ['applicant', 'email'], message: 'Укажите адрес электронной почты: ответ придёт на него' })
    // The post delivers by the postcode (the field, or one typed into the address): asked before the letter is sent.
    if (delivery === 'post' && a.postalAddress?.trim() && !a.postcode && !splitPostcode(a.postalAddress).postcode)
      ctx.addIssue({ code: 'custom', path: ['applicant', 'postcode'], message: POSTCODE_MISSING })
    // Two different postcodes (address and field): ApplicationSchema's own refinement, which this schema extends.
    // Порядок 2.7: «документ, подтверждающий статус заявителя (оригинал представляется … законных представителей)».
    const documents = (v as Partial<typeof v>).documents as { statusProof?: unknown } | undefined
    if (needsStatusDocument(String(a.role ?? '')) && !documents?.statusProof)
      ctx.addIssue({ code: 'custom', path: ['documents', 'statusProof'], message: STATUS_PROOF_MISSING })
  },
  { when: () => true },
)

export type ApplyFormInput = z.input<typeof ApplyFormSchema>
export type ApplyFormData = z.output<typeof ApplyFormSchema>

/** «паспорт гражданина Российской Федерации 6310 123456, выдан ГУ МВД России по Саратовской области 01.02.2015» */
function composeIdentityDocument(identity: z.output<typeof IdentitySchema>): string {
  const [y, m, d] = identity.issuedOn.split('-')
  return `${ID_KIND_LABELS[identity.kind]} ${identity.number}, выдан ${identity.issuedBy} ${d}.${m}.${y}`
}

/** What receiveApplication gets: the shared schema's shape with the identity document as one string. */
export function toApplicationData(form: ApplyFormData): z.input<typeof ApplicationSchema> {
  const data: ApplicationData = {
    applicant: { ...form.applicant, identityDocument: composeIdentityDocument(form.identity) },
    pupil: form.pupil,
    kinds: form.kinds,
    periodicity: form.periodicity,
    delivery: form.delivery,
  }
  return data
}

/** Field paths in the order of the form: the error summary lists them in this order and links to their ids. */
export const FIELD_ORDER = [
  'applicant.lastName',
  'applicant.firstName',
  'applicant.middleName',
  'applicant.role',
  'identity.kind',
  'identity.number',
  'identity.issuedBy',
  'identity.issuedOn',
  'applicant.postalAddress',
  'applicant.postcode',
  'applicant.email',
  'applicant.phone',
  'pupil.lastName',
  'pupil.firstName',
  'pupil.middleName',
  'pupil.className',
  'kinds',
  'periodicity',
  'delivery',
  'documents.identity',
  'documents.statusProof',
] as const

export const FIELD_LABELS: Record<(typeof FIELD_ORDER)[number], string> = {
  'applicant.lastName': 'Фамилия заявителя',
  'applicant.firstName': 'Имя заявителя',
  'applicant.middleName': 'Отчество заявителя',
  'identity.kind': 'Вид документа',
  'identity.number': 'Серия и номер',
  'identity.issuedBy': 'Кем выдан',
  'identity.issuedOn': 'Дата выдачи',
  'applicant.postalAddress': 'Адрес проживания',
  'applicant.postcode': 'Почтовый индекс',
  'applicant.email': 'Электронная почта',
  'applicant.phone': 'Телефон',
  'pupil.lastName': 'Фамилия обучающегося',
  'pupil.firstName': 'Имя обучающегося',
  'pupil.middleName': 'Отчество обучающегося',
  'pupil.className': 'Класс',
  'applicant.role': 'Кем вы приходитесь обучающемуся',
  kinds: 'Какую информацию предоставить',
  periodicity: 'Периодичность',
  delivery: 'Способ получения',
  'documents.identity': 'Копия документа, удостоверяющего личность',
  'documents.statusProof': 'Копия документа о статусе законного представителя',
}

/** The element id of a field (radio and checkbox groups: their first option) for the summary's links. */
export function fieldId(path: string): string {
  if (path === 'kinds') return 'kinds-marks'
  if (path === 'periodicity') return 'periodicity-once'
  if (path === 'delivery') return 'delivery-in_person'
  if (path === 'applicant.role') return 'applicant-role-parent'
  return path.replaceAll('.', '-')
}

const SKIP = new Set(['idempotencyKey', 'website', 'intent'])

/** A posted form → the nested values the schema reads: 'applicant.lastName' → { applicant: { lastName } }. */
export function formToValues(form: FormData): Record<string, unknown> {
  const fields = formValues(form)
  const out: Record<string, unknown> = { kinds: list().parse(fields.kinds) }
  for (const [key, posted] of Object.entries(fields)) {
    if (key === 'kinds' || SKIP.has(key) || !/^[a-zA-Z]+(\.[a-zA-Z]+)*$/.test(key)) continue
    const parts = key.split('.')
    let node = out
    for (const part of parts.slice(0, -1))
      node = (node[part] = Object.hasOwn(node, part) && typeof node[part] === 'object' && node[part] !== null ? node[part] : {}) as Record<
        string,
        unknown
      >
    node[parts.at(-1)!] = Array.isArray(posted) ? posted.at(-1) : posted // a field sent twice: the last one
  }
  return out
}

/** What the form starts from: strings only, so that it survives JSON (loader, action, the localStorage draft). */
export type ApplyDefaults = {
  applicant: {
    lastName: string
    firstName: string
    middleName: string
    postalAddress: string
    postcode: string
    email: string
    phone: string
    role: string
  }
  identity: { kind: string; number: string; issuedBy: string; issuedOn: string }
  pupil: { lastName: string; firstName: string; middleName: string; className: string }
  kinds: string[]
  periodicity: string
  delivery: string
}

const str = (v: unknown) => (typeof v === 'string' ? clip(v, 300) : '')
const obj = (v: unknown) => (v && typeof v === 'object' ? (v as Record<string, unknown>) : {})

/** Any object (posted values, a stored draft, a prefill) → ApplyDefaults; unknown keys and files are dropped. */
export function toDefaults(value: unknown): ApplyDefaults {
  const v = obj(value)
  const a = obj(v.applicant)
  const i = obj(v.identity)
  const p = obj(v.pupil)
  return {
    applicant: {
      lastName: str(a.lastName),
      firstName: str(a.firstName),
      middleName: str(a.middleName),
      postalAddress: str(a.postalAddress),
      postcode: str(a.postcode),
      email: str(a.email),
      phone: str(a.phone),
      role: str(a.role),
    },
    identity: { kind: str(i.kind) || 'passport', number: str(i.number), issuedBy: str(i.issuedBy), issuedOn: str(i.issuedOn) },
    pupil: { lastName: str(p.lastName), firstName: str(p.firstName), middleName: str(p.middleName), className: str(p.className) },
    kinds: Array.isArray(v.kinds) ? v.kinds.filter((k): k is string => typeof k === 'string') : [],
    periodicity: str(v.periodicity),
    delivery: str(v.delivery),
  }
}
