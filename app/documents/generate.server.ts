// The document generator: turns 'document' and 'credentials' outbox jobs into stored Word (and PDF) documents,
// then queues the letter that carries them (e-mail delivery) or a delivery record to hand over / post.
import { db } from '#app/utils/db.server'
import type { Application, OutboxJob } from '#app/generated/prisma/client'
import { registerOutboxHandler } from '#app/jobs/outbox.server'
import { queueDocumentEmail } from '#app/mail/index.server'
import { issueCredentials } from '#app/operations/issue-credentials.server'
import type { RangeInput } from '#app/models/journal/index.server'
import { buildExtractData } from './extract-data.server'
import { ONE_TIME_PASSWORD_DAYS } from '#app/utils/auth.server'
import { formatDate } from './format'
import { acceptanceRefusalData, addressee, applicantBlock, outgoing, pupilBlock, refusalData } from './letters-data.server'
import { renderPool } from './render-pool.server'
import { loadSchoolContext, type SchoolDocContext } from './school-block.server'
import { storeDocument } from './store.server'
import { loadActiveTemplate } from './template-store.server'
import type { TemplateDataMap, TemplateName } from './types'

const KIND_BY_TEMPLATE: Partial<Record<TemplateName, string>> = {
  'otkaz-v-prieme': 'acceptance-refusal-notice',
  'otkaz-v-predostavlenii': 'refusal-notice',
  vypiska: 'extract',
  'rekvizity-dostupa': 'credentials',
  zayavlenie: 'application',
}

const FILE_PREFIX: Partial<Record<TemplateName, string>> = {
  'otkaz-v-prieme': 'Уведомление об отказе в приёме документов',
  'otkaz-v-predostavlenii': 'Уведомление об отказе в предоставлении информации',
  vypiska: 'Выписка',
  'rekvizity-dostupa': 'Реквизиты доступа',
  zayavlenie: 'Заявление',
}

/** Renders with the school's active version of a template, on a render thread. */
export async function renderWithActive<N extends TemplateName>(name: N, data: TemplateDataMap[N]) {
  const { buffer, version } = await loadActiveTemplate(name)
  return { docx: await renderPool().render(buffer, data, version), version }
}

function fileName(template: TemplateName, app: Application): string {
  return `${FILE_PREFIX[template] ?? template} № ${app.registrationNumber ?? app.receiptNumber}.docx`
}

async function dataFor(template: TemplateName, app: Application, ctx: SchoolDocContext, now: Date, range: RangeInput): Promise<object> {
  if (template === 'otkaz-v-prieme') return acceptanceRefusalData(app, ctx, now)
  if (template === 'otkaz-v-predostavlenii') return refusalData(app, ctx, now)
  if (template === 'vypiska') return buildExtractData(app, ctx, range, now)
  throw new Error(`Шаблон «${template}» не формируется по заданию`)
}

/** After the document is stored: a letter for e-mail delivery, otherwise a delivery record to hand over or post. */
async function arrangeDelivery(app: Application, template: TemplateName, documentIds: string[], key: string, period?: { from: string; to: string }) {
  await db.$transaction(async (tx) => {
    const delivery = await tx.delivery.upsert({
      where: { idempotencyKey: key },
      create: { applicationId: app.id, kind: KIND_BY_TEMPLATE[template] ?? template, channel: app.delivery, documentId: documentIds[0], periodFrom: period?.from, periodTo: period?.to, idempotencyKey: key },
      update: {},
    })
    if (app.delivery === 'email' && app.applicantEmail) {
      await queueDocumentEmail(tx, { applicationId: app.id, kind: template, storedDocumentIds: documentIds, idempotencyKey: `${key}:email`, deliveryId: delivery.id, period })
    }
  })
}

/** Renders and stores one document of an application; idempotent by `key`. */
export async function generateApplicationDocument(args: { applicationId: string; template: TemplateName; key: string; now?: Date; range?: RangeInput; createdBy?: string; deliver?: boolean }) {
  const now = args.now ?? new Date()
  const app = await db.application.findUniqueOrThrow({ where: { id: args.applicationId } })
  const ctx = await loadSchoolContext(app.schoolId)
  const data = await dataFor(args.template, app, ctx, now, args.range ?? 'current')
  const { docx, version } = await renderWithActive(args.template, data as never)
  const ids = await storeDocument({ schoolId: app.schoolId, applicationId: app.id, kind: KIND_BY_TEMPLATE[args.template] ?? args.template, fileName: fileName(args.template, app), docx, templateVersion: version, sourceKey: args.key, createdBy: args.createdBy ?? 'Система' })
  if (args.deliver !== false) {
    const range = args.range && typeof args.range === 'object' && 'from' in args.range ? args.range : undefined
    await arrangeDelivery(app, args.template, ids, args.key, range)
  }
  return ids
}

/** Порядок 3.3: the account and the credentials letter, in one transaction with the stored letter. */
export async function generateCredentialsLetter(args: { applicationId: string; key: string; now?: Date }) {
  const now = args.now ?? new Date()
  const existing = await db.storedDocument.findUnique({ where: { sourceKey: args.key } })
  if (existing) return [existing.id]
  const app = await db.application.findUniqueOrThrow({ where: { id: args.applicationId } })
  const ctx = await loadSchoolContext(app.schoolId)
  const issued = await db.$transaction(async (tx) => issueCredentials(tx, app))
  const data: TemplateDataMap['rekvizity-dostupa'] = {
    school: ctx.school, outgoing: outgoing(app, now, ctx), addressee: addressee(app), applicant: applicantBlock(app), pupil: pupilBlock(app),
    application: { number: String(app.registrationNumber ?? app.receiptNumber), date: formatDate(app.receivedAt, ctx.timeZone) },
    credentials: { siteUrl: ctx.siteUrl, login: issued.login, temporaryPassword: issued.password, validUntil: formatDate(new Date(now.getTime() + ONE_TIME_PASSWORD_DAYS * 86_400_000), ctx.timeZone) },
    issuer: ctx.director, issuedAt: formatDate(now, ctx.timeZone), executor: ctx.executor,
  }
  const { docx, version } = await renderWithActive('rekvizity-dostupa', data)
  const ids = await storeDocument({ schoolId: app.schoolId, applicationId: app.id, kind: 'credentials', fileName: fileName('rekvizity-dostupa', app), docx, templateVersion: version, sourceKey: args.key, createdBy: 'Система' })
  await arrangeDelivery(app, 'rekvizity-dostupa', ids, args.key)
  return ids
}

async function runDocumentJob(job: OutboxJob, payload: Record<string, unknown>) {
  const ids = await generateApplicationDocument({ applicationId: String(payload.applicationId), template: payload.template as TemplateName, key: job.idempotencyKey })
  return `сохранено документов: ${ids.length}`
}

async function runCredentialsJob(job: OutboxJob, payload: Record<string, unknown>) {
  const ids = await generateCredentialsLetter({ applicationId: String(payload.applicationId), key: job.idempotencyKey })
  return `сохранено документов: ${ids.length}`
}

registerOutboxHandler('document', runDocumentJob)
registerOutboxHandler('credentials', runCredentialsJob)
