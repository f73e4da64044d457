// Turns an application into the data of templates/zayavlenie.docx: ☒/☐ boxes and, in a blank form, room to
// write by hand. Fields at the end of a line (names, document, address, e-mail, periodicity) get their line from
// the template (a tab with an underscore leader; an empty name or address adds a second line), so they stay ''.
// Inline fields with text after them (class, date, registration) get underscores here.
import {
  DELIVERY_METHODS,
  INFO_KINDS,
  type ApplicantBlock,
  type ApplicationDocData,
  type Box,
  type DeliveryMethod,
  type InfoKind,
  type PupilBlock,
  type SchoolBlock,
} from './types'
import { genitiveFullName, splitFullName } from '#workflows/declension'

const ON: Box = '☒'
const OFF: Box = '☐'

/** Short Russian names of the kinds, for the registration log and the UI. */
export const INFO_KIND_LABELS: Record<InfoKind, string> = {
  marks: 'отметки, темы и виды работ',
  timetable: 'расписание занятий',
  homework: 'домашние задания',
  topics: 'темы и виды занятий',
  attendance: 'посещаемость',
  access: 'доступ к электронному дневнику',
}

/** Underscores for inline fields, sized to the hand-written value. */
const BLANK = {
  className: '______',
  date: '«___» ____________ 20___ г.',
  regNumber: '______',
  regDate: '__________',
}

/** «Алексеева Варвара Константиновна» → «Алексеевой Варвары Константиновны» (issue 19, item 4). */
const genitiveOf = (fullName: string) => (fullName.trim() ? genitiveFullName(splitFullName(fullName)) : '')

const orBlank = (value: string | undefined, blank: string) => (value && value.trim() ? value : blank)

interface ApplicationFormInput {
  school: SchoolBlock
  applicant: ApplicantBlock
  pupil: PupilBlock
  kinds: readonly InfoKind[]
  /** «еженедельно», «ежемесячно»; '' when the information is wanted once. */
  periodicity: string
  delivery: DeliveryMethod
  date: string
  registration?: { number: string; date: string }
}

function boxes<K extends string>(all: readonly K[], chosen: readonly K[]): Record<K, Box> {
  return Object.fromEntries(all.map((k) => [k, chosen.includes(k) ? ON : OFF])) as Record<K, Box>
}

/** A filled form: the application as received or as typed in by the responsible employee. */
export function applicationDocData(input: ApplicationFormInput): ApplicationDocData {
  const { applicant, pupil } = input
  return {
    school: input.school,
    applicant: { ...applicant, fullNameGenitive: genitiveOf(applicant.fullName) },
    pupil: { fullName: pupil.fullName, fullNameGenitive: genitiveOf(pupil.fullName), className: orBlank(pupil.className, BLANK.className) },
    requestVerb: input.periodicity.trim() ? 'предоставлять' : 'предоставить',
    box: boxes(INFO_KINDS, input.kinds),
    periodicity: orBlank(input.periodicity, 'однократно'),
    delivery: boxes(DELIVERY_METHODS, [input.delivery]),
    date: orBlank(input.date, BLANK.date),
    registration: {
      number: orBlank(input.registration?.number, BLANK.regNumber),
      date: orBlank(input.registration?.date, BLANK.regDate),
    },
  }
}

/** The blank form to print or publish on the site: only the school is filled in. */
export function blankApplicationDocData(school: SchoolBlock): ApplicationDocData {
  return {
    school,
    applicant: {
      fullName: '',
      fullNameGenitive: '',
      fullNameDative: '',
      identityDocument: '',
      postalAddress: '',
      postcode: '',
      email: '',
      phone: '',
    },
    pupil: { fullName: '', fullNameGenitive: '', className: BLANK.className },
    requestVerb: 'предоставить (предоставлять)',
    box: boxes(INFO_KINDS, []),
    periodicity: '',
    delivery: boxes(DELIVERY_METHODS, []),
    date: BLANK.date,
    registration: { number: BLANK.regNumber, date: BLANK.regDate },
  }
}
