// The document generator: turns 'document' and 'credentials' outbox jobs into stored Word (and PDF) documents,
// then queues the letter that carries them (e-mail delivery) or a delivery record to hand over / post. Its two
// handlers are listed in OUTBOX_HANDLERS (outbox.server.ts); nothing registers itself on import (ADR 018, 062).
import { db, withBusyRetry } from '#app/utils/db.server'
import type { Application, OutboxJob, Prisma } from '#app/generated/prisma/client'
import type { JobPayload } from './payloads'
import { queueDocumentEmail } from '#app/mail/index.server'
import { issueCredentials, newOneTimeSecret, plannedGuardianLogin } from '#app/operations/issue-credentials.server'
import { auditRow } from '#app/models/audit.server'
import { applicantCredentialsCheck } from '#app/models/guardian-status.server'
import { credentialsCopyData, credentialsFileName, credentialsLetterData } from '#app/documents/credentials-letter.server'
import { ensurePdfCopies } from '#app/documents/pdf-copy.server'
import { convertToPdfResult, isPdfEnabled } from '#app/documents/pdf.server'
import type { RangeInput } from '#app/models/journal/index.server'
import { buildExtractData } from '#app/documents/extract-data.server'
import { acceptanceRefusalData, refusalData } from '#app/documents/letters-data.server'
import { renderPool } from '#app/documents/render-pool.server'
import { loadSchoolContext, type SchoolDocContext } from '#app/documents/school-block.server'
import { DOCX_MIME, storeDocument } from '#app/documents/store.server'
import { loadActiveTemplate, renderWithActive } from '#app/documents/template-store.server'
import type { TemplateName } from '#app/documents/types'

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

function fileName(template: TemplateName, app: Application): string {
  return `${FILE_PREFIX[template] ?? template} № ${app.registrationNumber ?? app.receiptNumber}.docx`
}

async function dataFor(template: TemplateName, app: Application, ctx: SchoolDocContext, now: Date, range: RangeInput): Promise<object> {
  if (template === 'otkaz-v-prieme') return acceptanceRefusalData(app, ctx, now)
  if (template === 'otkaz-v-predostavlenii') return refusalData(app, ctx, now)
  if (template === 'vypiska') return buildExtractData(app, ctx, range, now)
  throw new Error(`Шаблон «${template}» не формируется по заданию`)
}

/**
 * What a periodic extract's Delivery row says of its slot (ADR 124): written with the row, in the transaction that
 * queues its letter. Written after it (before), a kill between left the slot's extract mailed under the row of a
 * one-off extract, never recorded in the procedure nor counted at the year's end.
 */
export type SlotRow = { kind: string; dueAt: Date; periodFrom: string; periodTo: string }

/** After the document is stored: a letter for e-mail delivery, otherwise a delivery record to hand over or post. */
async function arrangeDelivery(
  app: Application,
  template: TemplateName,
  documentIds: string[],
  key: string,
  period?: { from: string; to: string },
  slot?: SlotRow,
) {
  // A busy database (another instance writing) rolls the transaction back whole: try it again (ADR 042).
  await withBusyRetry(() =>
    db.$transaction(async (tx) => {
      // ADR 119: a document made while its application was being withdrawn is kept, but neither mailed nor handed over.
      // Writing the application's row (not reading it) serialises with the withdrawal, which writes it too (PostgreSQL).
      const withdrawn = !(await stillOpen(tx, app.id))
      // A slot's row held or failed before is made ready here, with its document (a row in any other state stays).
      if (slot) {
        await tx.delivery.updateMany({
          where: { idempotencyKey: key, status: 'failed' },
          data: { ...slot, status: withdrawn ? 'cancelled' : 'prepared', documentId: documentIds[0], lastError: '' },
        })
      }
      const delivery = await tx.delivery.upsert({
        where: { idempotencyKey: key },
        create: {
          ...(withdrawn ? { status: 'cancelled' } : {}),
          applicationId: app.id,
          kind: KIND_BY_TEMPLATE[template] ?? template,
          channel: app.delivery,
          documentId: documentIds[0],
          periodFrom: period?.from,
          periodTo: period?.to,
          idempotencyKey: key,
          ...slot,
        },
        update: {},
      })
      if (app.delivery === 'email' && app.applicantEmail && !withdrawn) {
        await queueDocumentEmail(tx, {
          applicationId: app.id,
          kind: template,
          storedDocumentIds: documentIds,
          idempotencyKey: `${key}:email`,
          deliveryId: delivery.id,
          period,
        })
      }
    }),
  )
}

/** Renders and stores one document of an application; idempotent by `key`. */
export async function generateApplicationDocument(args: {
  applicationId: string
  template: TemplateName
  key: string
  now?: Date
  range?: RangeInput
  createdBy?: string
  deliver?: boolean
  /** A periodic extract: its slot, written on its Delivery row (ADR 124). */
  slot?: SlotRow
}) {
  const now = args.now ?? new Date()
  const app = await db.application.findUniqueOrThrow({ where: { id: args.applicationId } })
  const ctx = await loadSchoolContext(app.schoolId)
  const data = await dataFor(args.template, app, ctx, now, args.range ?? 'current')
  const { docx, version } = await renderWithActive(app.schoolId, args.template, data as never)
  const ids = await storeDocument({
    schoolId: app.schoolId,
    applicationId: app.id,
    kind: KIND_BY_TEMPLATE[args.template] ?? args.template,
    fileName: fileName(args.template, app),
    docx,
    templateVersion: version,
    sourceKey: args.key,
    createdBy: args.createdBy ?? 'Система',
  })
  if (args.deliver !== false) {
    // The PDF copies the letter will carry, made before its transaction (ADR 074): no transaction waits on LibreOffice,
    // and jobs the outbox runs side by side spread their conversions over the pool of warm soffice processes.
    if (app.delivery === 'email' && app.applicantEmail && isPdfEnabled()) await ensurePdfCopies(ids)
    const range = args.range && typeof args.range === 'object' && 'from' in args.range ? args.range : undefined
    await arrangeDelivery(app, args.template, ids, args.key, range, args.slot)
  }
  return ids
}

const WITHDRAWN_MEANWHILE = new Error('заявление отозвано')

/**
 * ADR 119: whether the application is not withdrawn — by writing its row, not reading it, so that a withdrawal
 * committing meanwhile (it writes the row too) is waited for on PostgreSQL, never read past.
 */
async function stillOpen(tx: Pick<Prisma.TransactionClient, 'application'>, applicationId: string): Promise<boolean> {
  const { count } = await tx.application.updateMany({
    where: { id: applicationId, status: { not: 'withdrawn' } },
    data: { updatedAt: new Date() },
  })
  return count === 1
}

/**
 * Порядок 3.3 and ADR 019: the credentials letter of an application is never stored with its password.
 * - By e-mail: the account gets a one-time password now, the letter goes into the outbox row only (wiped when the
 *   server accepts it), and the school keeps the copy without the password.
 * - In person or by post: nothing is issued yet. A delivery record waits until the class teacher or the ЭЖ
 *   administrator produces the letter at the moment it is printed (operations/produce-credentials-letter.server.ts).
 * Either way only a guardian confirmed by a document gets access (workflows/guardian-status.ts); otherwise the job
 * fails with the reason, which the pre-check had already shown before the decision.
 */
async function generateCredentialsLetter(args: { applicationId: string; key: string; now?: Date }): Promise<string[] | null> {
  const now = args.now ?? new Date()
  const done = await db.delivery.findUnique({ where: { idempotencyKey: args.key } })
  if (done) return done.documentId ? [done.documentId] : []
  const app = await db.application.findUniqueOrThrow({ where: { id: args.applicationId } })
  const { link, eligibility } = await applicantCredentialsCheck(app, db, now)
  if (!eligibility.ok || !link) throw new Error(eligibility.ok ? 'Заявитель не найден среди законных представителей' : eligibility.message)
  if (app.delivery !== 'email') {
    await db.delivery.upsert({
      where: { idempotencyKey: args.key },
      create: { applicationId: app.id, kind: 'credentials', channel: app.delivery, idempotencyKey: args.key },
      update: {},
    })
    return []
  }
  const ctx = await loadSchoolContext(app.schoolId)
  const template = await loadActiveTemplate('rekvizity-dostupa', app.schoolId)
  const secret = await newOneTimeSecret()
  // ADR 114: the letter and the school's copy are rendered (and the PDF converted) before the account changes. The
  // template is the school's to edit and may fail to render: the retried job must not reset the password again and
  // again, nor tell the parent of each reset. Only then, in one transaction, the password, the audit row, the copy and
  // the letter in the outbox — all or nothing.
  const login = await plannedGuardianLogin(db, link.guardian)
  const letter = credentialsLetterData(app, ctx, now, { login, password: secret.password })
  const [docx, copy] = await Promise.all([
    renderPool().render(template.buffer, letter, template.version),
    renderPool().render(template.buffer, credentialsCopyData(letter), template.version),
  ])
  // The letter's own PDF (with the password) is attached, never stored (ADR 019); none when PDF_CONVERSION=off.
  const pdf = isPdfEnabled() ? await convertToPdfResult(docx) : null
  const secretFile = (fileName: string, content: Buffer, contentType: string) => ({
    fileName,
    contentBase64: content.toString('base64'),
    contentType,
    secret: true as const,
  })
  // ADR 114: the job's Delivery row is claimed first, inside the transaction. Two runs of one job (a lease taken over,
  // two workers) both get past the check above; the unique key makes the second wait for the first and fail, rolling
  // back its reset — else it would set a second password after the first letter (now carrying a dead one) was queued.
  const issue = () =>
    db.$transaction(async (tx) => {
      const claimed = await tx.delivery.create({
        data: { applicationId: app.id, kind: 'credentials', channel: 'email', idempotencyKey: args.key },
      })
      // ADR 119: an application withdrawn while the letter was being made gets no password (the claim rolls back).
      // The row written, not read: a withdrawal committing meanwhile is waited for (PostgreSQL), never missed.
      if (!(await stillOpen(tx, app.id))) throw WITHDRAWN_MEANWHILE
      const issued = await issueCredentials(tx, app, secret, now, login)
      await tx.auditEvent.create({
        data: auditRow({
          schoolId: app.schoolId,
          action: 'issue:credentials',
          entity: 'application',
          entityId: app.id,
          data: {
            channel: 'email',
            login: issued.login,
            accountCreated: issued.created,
            endedSessions: issued.endedSessions,
            guardianId: issued.guardianId,
          },
        }),
      })
      const ids = await storeDocument(
        {
          schoolId: app.schoolId,
          applicationId: app.id,
          kind: 'credentials',
          fileName: credentialsFileName(app, true),
          docx: copy,
          templateVersion: template.version,
          sourceKey: args.key,
          createdBy: 'Система',
        },
        tx,
      )
      const delivery = await tx.delivery.update({ where: { id: claimed.id }, data: { documentId: ids[0] } })
      await queueDocumentEmail(tx, {
        applicationId: app.id,
        kind: 'rekvizity-dostupa',
        storedDocumentIds: [],
        idempotencyKey: `${args.key}:email`,
        deliveryId: delivery.id,
        attachments: [
          secretFile(credentialsFileName(app, false), docx, DOCX_MIME),
          ...(pdf?.ok ? [secretFile(credentialsFileName(app, false).replace(/\.docx$/, '.pdf'), pdf.pdf, 'application/pdf')] : []),
        ],
      })
      return ids
    })
  try {
    return await issue()
  } catch (error) {
    if (error === WITHDRAWN_MEANWHILE) return null
    if (!(error && typeof error === 'object' && 'code' in error && (error as { code: string }).code === 'P2002')) throw error
    const done = await db.delivery.findUnique({ where: { idempotencyKey: args.key } })
    if (!done) throw error
    return done.documentId ? [done.documentId] : []
  }
}

export async function runDocumentJob(job: OutboxJob, payload: JobPayload<'document'>) {
  const ids = await generateApplicationDocument({
    applicationId: payload.applicationId,
    template: payload.template,
    key: job.idempotencyKey,
  })
  return `сохранено документов: ${ids.length}`
}

export async function runCredentialsJob(job: OutboxJob, payload: JobPayload<'credentials'>) {
  const ids = await generateCredentialsLetter({ applicationId: payload.applicationId, key: job.idempotencyKey })
  if (!ids) return 'заявление отозвано — реквизиты не выданы'
  return ids.length
    ? 'письмо с реквизитами поставлено в очередь, копия без пароля сохранена'
    : 'письмо с реквизитами ждёт выдачи лично или почтой'
}
