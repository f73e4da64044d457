// One schema for every way an application arrives (online form, desk, post, e-mail, portal API);
// the browser (react-hook-form) and the server both check it. No server imports here.
import { z } from '#workflows/zod'
import { KINDS } from '#workflows/journal-rules'
import { NAME_MAX, NAME_PATTERN, cleanName, cyrillicLookalikes, line, mixedScriptsMessage, mixesScripts, spacedLine } from '#app/utils/text'
import { parseClassName } from '#workflows/class-name'
import { optionalEmail } from '#workflows/email'
import { splitPostcode } from '#app/utils/format'
import { phoneProblem } from '#app/import/fields'

// The six kinds and their wording come from the application form itself (workflows/journal-rules.ts), so the
// online form, the Word form and the journal's answers use the same words.
export { KINDS, type Kind } from '#workflows/journal-rules'
export { KIND_LABELS as KIND_FORM_LABELS } from '#workflows/journal-rules'
export const PERIODICITIES = ['once', 'weekly', 'monthly', 'period'] as const
export const PERIODICITY_LABELS: Record<(typeof PERIODICITIES)[number], string> = {
  once: 'однократно',
  weekly: 'еженедельно',
  monthly: 'ежемесячно',
  period: 'по окончании каждого учебного периода',
}
export const DELIVERIES = ['in_person', 'post', 'email'] as const
export const DELIVERY_LABELS: Record<(typeof DELIVERIES)[number], string> = {
  in_person: 'при личном обращении',
  post: 'почтой на указанный адрес проживания',
  email: 'по электронной почте',
}
export const CHANNEL_LABELS: Record<string, string> = {
  in_person: 'лично',
  post: 'почтой',
  email: 'электронной почтой',
  online: 'через сайт',
  portal: 'через портал госуслуг',
}

/**
 * `missing` is the whole message of an empty required field, worded as a person would ask: «Укажите фамилию».
 * The letters are the import's (cleanName, NAME_PATTERN): a parent types the name the school holds — «Гүзәл», «Müller».
 */
const name = (label: string, missing?: string) => {
  const base = z.string().max(NAME_MAX, `${label}: не длиннее ${NAME_MAX} символов`)
  const letters = `${label}: только буквы, дефис и пробел`
  const checked = missing
    ? base.min(1, missing).regex(NAME_PATTERN, letters)
    : base.refine((v) => v === '' || NAME_PATTERN.test(v), letters)
  return z
    .string()
    .transform(cleanName)
    .pipe(checked.refine((v) => !mixesScripts(v), { error: (issue) => `${label}: ${mixedScriptsMessage(String(issue.input))}` }))
}

const CLASS_MESSAGE = 'Класс — номер и буква, например 5А'

/**
 * Who the applicant is to the pupil (asked by the online form). Порядок 2.7 asks the status document «при личном
 * обращении законных представителей»; the памятка asks it only of representatives who are not parents: a parent
 * is checked against the journal's guardian records instead (ADR 045). '' = not asked (desk, post, e-mail, API).
 */
export const APPLICANT_ROLES = ['parent', 'guardian', 'representative'] as const
export type ApplicantRole = (typeof APPLICANT_ROLES)[number]
export const APPLICANT_ROLE_LABELS: Record<ApplicantRole, string> = {
  parent: 'я родитель (мать, отец)',
  guardian: 'я опекун (попечитель)',
  representative: 'я иной законный представитель',
}
export const needsStatusDocument = (role: string): boolean => role === 'guardian' || role === 'representative'

const PHONE_MESSAGE = 'Неверный номер телефона'
const PHONES_MESSAGE = 'Укажите один номер телефона'

const POSTCODE_RE = /^(\d{6})?$/
/** Six digits as people type them: «410 056», «410-056», «410.056» (spaces and dashes between digits only). */
const compactPostcode = (v: string) => (/^\d[\d\s.\-‐‑–—]*\d$/.test(v) && v.replace(/\D/g, '').length === 6 ? v.replace(/\D/g, '') : v)
const POSTCODE_MESSAGE = 'Почтовый индекс — 6 цифр, например 410056'

export const ApplicantSchema = z.object({
  lastName: name('Фамилия', 'Укажите фамилию'),
  firstName: name('Имя', 'Укажите имя'),
  middleName: name('Отчество').default(''),
  // ADR 027: every free-text field is cleaned of control characters before its own checks (line()).
  identityDocument: line(z.string().trim().max(300, 'Слишком длинно')).default(''),
  // «ул. Лeнина» with a Latin «e» is the street the post knows (cyrillicLookalikes, ADR 097).
  postalAddress: line(z.string().trim().max(300, 'Адрес не длиннее 300 символов').transform(cyrillicLookalikes)).default(''),
  // Issue 19, item 6: the post label prints the postcode in its own field; six digits or nothing.
  postcode: spacedLine(z.string().trim().transform(compactPostcode).pipe(z.string().regex(POSTCODE_RE, POSTCODE_MESSAGE))).default(''),
  // One reading of an address for the form, the intake and the import (workflows/email.ts): «mailto:», «почта.рф».
  email: optionalEmail().default(''),
  // A phone as the import reads it (phoneProblem, one reading): what the school holds for a parent, the parent can
  // type — «(8452) 20-08-08», «8.912.345.67.89», «тел. 8 912 …», «… (мама)», «… доб. 12»; digits, not brackets alone.
  phone: spacedLine(
    z
      .string()
      .trim()
      .transform((v) => v.replace(/[\s,;.]+$/, ''))
      .superRefine((v, ctx) => {
        if (v === '') return
        const problem = phoneProblem(v)
        if (problem && /несколько/.test(problem)) ctx.addIssue({ code: 'custom', message: PHONES_MESSAGE })
        else if (problem || v.length > 50) ctx.addIssue({ code: 'custom', message: PHONE_MESSAGE })
      }),
  ).default(''),
  role: z.enum(['', ...APPLICANT_ROLES], 'Укажите, кем вы приходитесь обучающемуся').default(''),
})

const PupilSchema = z.object({
  lastName: name('Фамилия обучающегося', 'Укажите фамилию обучающегося'),
  firstName: name('Имя обучающегося', 'Укажите имя обучающегося'),
  middleName: name('Отчество обучающегося').default(''),
  // The import's reading of a class (workflows/class-name.ts): «5 а», «05А», «5«А»», a Latin «5A» are stored as «5А».
  className: line(
    z
      .string()
      .trim()
      .min(1, 'Укажите класс, например 5А')
      .transform((v, ctx) => {
        const parsed = parseClassName(v)
        if (parsed) return parsed.name
        ctx.addIssue({ code: 'custom', message: CLASS_MESSAGE })
        return z.NEVER
      }),
  ),
})

export const ApplicationSchema = z
  .object({
    applicant: ApplicantSchema,
    pupil: PupilSchema,
    kinds: z
      .array(z.enum(KINDS, 'Неизвестный вид информации'))
      .min(1, 'Отметьте хотя бы один вид информации')
      .transform((k) => [...new Set(k)]),
    periodicity: z.enum(PERIODICITIES, 'Выберите периодичность'),
    delivery: z.enum(DELIVERIES, 'Выберите способ получения информации'),
  })
  .superRefine((v, ctx) => {
    // Порядок 3.2: by e-mail the answer needs the address; by post — the postal address.
    if (v.delivery === 'email' && !v.applicant.email)
      ctx.addIssue({ code: 'custom', path: ['applicant', 'email'], message: 'Укажите адрес электронной почты: ответ придёт на него' })
    if (v.delivery === 'post' && !v.applicant.postalAddress)
      ctx.addIssue({ code: 'custom', path: ['applicant', 'postalAddress'], message: 'Укажите почтовый адрес: ответ придёт по почте' })
    const problem = postcodeConflict(v.applicant)
    if (problem) ctx.addIssue({ code: 'custom', path: ['applicant', 'postcode'], message: problem })
  })

/**
 * A postcode typed into the address beside another one in its own field: the letter would print both and the label
 * one of them (fullPostalAddress, postalParts) — the post needs the right one, and only the applicant knows it.
 */
function postcodeConflict(applicant: { postalAddress: string; postcode: string }): string | null {
  const typed = splitPostcode(applicant.postalAddress).postcode
  if (!applicant.postcode || !typed || typed === applicant.postcode) return null
  return `Индекс в адресе (${typed}) и в поле «Почтовый индекс» (${applicant.postcode}) различаются: оставьте верный`
}

export type ApplicationData = z.infer<typeof ApplicationSchema>

/** Field path → first Russian message, for forms and the API's 400 body. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {}
  for (const issue of error.issues) {
    const key = issue.path.join('.') || '_'
    out[key] ??= issue.message
  }
  return out
}
