// Documents made when staff ask for them: the filled application to sign, the parent-meeting kit, the
// registration log for a period.
import { compareByName } from '#workflows/text'
import { db } from '#app/utils/db.server'
import { CHANNEL_LABELS, KIND_FORM_LABELS, PERIODICITY_LABELS } from '#app/operations/application-schema'
import { fullName } from '#app/models/school.server'
import { applicationDocData } from './application-doc-data'
import { concatDocx } from './concat.server'
import { className } from './extract-data.server'
import { formatDate, formatDateTime, formatReceivedAt } from './format'
import { applicationFormData } from './letters-data.server'
import { renderPool } from './render-pool.server'
import { loadSchoolContext } from './school-block.server'
import { storeDocument } from './store.server'
import { loadActiveTemplate, renderWithActive } from './template-store.server'
import { TERM_TEXT } from '#workflows/deadlines'
import { parseKinds } from '#app/models/json-columns'
import { dativeFullName } from '#workflows/declension'
import { splitPostcode } from '#app/utils/format'

/** The filled application (Приложение к Порядку) to print and sign; stored with the application. */
export async function renderApplicationDocx(applicationId: string, createdBy = 'Система') {
  const app = await db.application.findUniqueOrThrow({ where: { id: applicationId } })
  const ctx = await loadSchoolContext(app.schoolId)
  const { docx, version } = await renderWithActive(app.schoolId, 'zayavlenie', applicationFormData(app, ctx))
  const fileName = `Заявление ${app.receiptNumber}.docx`
  const [id] = await storeDocument({
    schoolId: app.schoolId,
    applicationId,
    kind: 'application',
    fileName,
    docx,
    templateVersion: version,
    sourceKey: `${applicationId}:zayavlenie:v${app.version}`,
    createdBy,
  })
  return { id, docx, fileName }
}

async function renderHandout(schoolId: string, onlineFormUrl: string) {
  // The e-diary, the blank form and the online form: one origin, the one the /apply link was made with.
  const ctx = await loadSchoolContext(schoolId, { appUrl: new URL(onlineFormUrl).origin })
  const year = await db.academicYear.findFirst({ where: { schoolId, current: true } })
  return (
    await renderWithActive(schoolId, 'pamyatka', {
      school: ctx.school,
      academicYear: year?.name ?? '',
      onlineFormUrl,
      responsible: { ...ctx.responsible, hours: 'пн–пт 9:00–16:00' },
      diaryUrl: ctx.siteUrl,
      terms: {
        inPersonMinutes: TERM_TEXT.inPersonMinutes,
        registrationDays: TERM_TEXT.registrationDays,
        deliveryDays: TERM_TEXT.deliveryDays,
      },
    })
  ).docx
}

/**
 * Порядок 2.4: the handout and an application form pre-filled for each pupil of the class (pupil, class, the
 * guardians' names), as one document. `onProgress(done, total)` feeds the progress bar.
 */
export async function renderMeetingKit(classId: string, onlineFormUrl: string, onProgress?: (done: number, total: number) => void) {
  const cls = await db.schoolClass.findUniqueOrThrow({
    where: { id: classId },
    include: {
      pupils: {
        where: { leftOn: null },
        include: { guardians: { include: { guardian: true } } },
      },
    },
  })
  const ctx = await loadSchoolContext(cls.schoolId, { appUrl: new URL(onlineFormUrl).origin })
  const handout = await renderHandout(cls.schoolId, onlineFormUrl)
  const forms = cls.pupils.sort(compareByName).map((p) => {
    const g = p.guardians[0]?.guardian
    const data = applicationDocData({
      school: ctx.school,
      applicant: {
        fullName: g ? fullName(g) : '',
        fullNameDative: g ? dativeFullName(g) : '',
        identityDocument: '',
        postalAddress: g?.postalAddress ?? '',
        postcode: splitPostcode(g?.postalAddress ?? '').postcode,
        email: g?.email ?? '',
        phone: g?.phone ?? '',
      },
      pupil: { fullName: fullName(p), className: className(cls.name) },
      kinds: [],
      periodicity: '',
      delivery: 'inPerson',
      date: '',
    })
    data.delivery = { inPerson: '☐', post: '☐', email: '☐' }
    return data
  })
  // The forms of a whole class at once, spread over the render threads.
  const { buffer, version } = await loadActiveTemplate('zayavlenie', cls.schoolId)
  const docs = [handout, ...(await renderPool().renderMany(buffer, forms, version, onProgress))]
  return { docx: concatDocx(docs), fileName: `Комплект для собрания ${cls.name}.docx` }
}

/** Журнал регистрации заявлений for a period (landscape table). */
export async function renderRegistrationLog(schoolId: string, from: Date, to: Date) {
  const ctx = await loadSchoolContext(schoolId)
  const rows = await db.registrationLogEntry.findMany({
    where: { schoolId, registeredAt: { gte: from, lte: to } },
    orderBy: { sequence: 'asc' },
  })
  const results = new Map<string, { result: string; at: Date | null }>()
  for (const r of rows) if (r.correctsSequence !== null && r.result) results.set(r.applicationId, { result: r.result, at: r.resultAt })
  const apps = await db.application.findMany({
    where: { id: { in: rows.map((r) => r.applicationId) } },
    select: { id: true, applicantEmail: true, applicantPostalAddress: true, delivery: true, periodicity: true },
  })
  const appById = new Map(apps.map((a) => [a.id, a]))
  const registrations = rows.filter((r) => r.correctsSequence === null)
  const { docx } = await renderWithActive(schoolId, 'zhurnal-registracii', {
    school: ctx.school,
    period: { from: formatDate(from, ctx.timeZone), to: formatDate(to, ctx.timeZone) },
    rows: registrations.map((r) => {
      const a = appById.get(r.applicationId)
      const res = results.get(r.applicationId)
      return {
        number: String(r.number),
        receivedAt: formatReceivedAt(r.receivedAt, r.channel, ctx.timeZone),
        registeredAt: formatDateTime(r.registeredAt, ctx.timeZone),
        channel: CHANNEL_LABELS[r.channel] ?? r.channel,
        applicantName: r.applicantName,
        applicantContact: a ? (a.delivery === 'email' ? a.applicantEmail : a.applicantPostalAddress) : '',
        pupilName: r.pupilName,
        className: r.className,
        requested: `${parseKinds(r.kinds)
          .map((k) => KIND_FORM_LABELS[k] ?? k)
          .join('; ')}${a ? ` (${PERIODICITY_LABELS[a.periodicity as keyof typeof PERIODICITY_LABELS] ?? ''})` : ''}`,
        result: res?.result ?? 'на рассмотрении',
        resultDate: res?.at ? formatDate(res.at, ctx.timeZone) : '',
      }
    }),
    total: String(registrations.length),
    responsible: { position: ctx.responsible.position, name: ctx.responsible.name },
    generatedAt: formatDateTime(new Date(), ctx.timeZone),
  })
  return { docx, fileName: `Журнал регистрации ${formatDate(from, ctx.timeZone)}–${formatDate(to, ctx.timeZone)}.docx` }
}
