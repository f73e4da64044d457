// ADR 036: a stored Word document gets its PDF copy on first need — when a letter carrying it is queued, or when the
// applicant downloads the PDF — made by real LibreOffice, stored once (sourceKey + ':pdf'); with PDF_CONVERSION=off
// none is made and the page says so.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { db, dbProvider } from '#app/utils/db.server'
import { DEMO_DATA } from '#app/documents/demo-data'
import { isPdfAvailable, pdfPoolState, stopWarmPdf } from '#app/documents/pdf.server'
import { runOutbox } from '#app/jobs/outbox.server'
import { forwardToDirector, registerApplication, startDelivery, startReview } from '#app/operations/steps.server'
import { transitionApplication } from '#app/operations/transition.server'
import { renderTemplate } from '#app/documents/render.server'
import { DOCX_MIME, storeDocument } from '#app/documents/store.server'
import { queueDocumentEmail } from '#app/mail/index.server'
import type { StatusView } from '#app/models/application-status.server'
import { loader as statusLoader } from '#app/routes/s.$token'
import { loader as documentLoader } from '#app/routes/s.$token.documents.$documentId'
import { receive, staffActor } from '#tests/helpers/applications'
import { getRequest, settle } from '#tests/helpers/http'

const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} })
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pdf-copies-'))
afterAll(() => {
  process.env.PDF_CONVERSION = 'off'
  delete process.env.PDF_WORKERS
  stopWarmPdf()
  fs.rmSync(dir, { recursive: true, force: true })
})

function pdfText(bytes: Uint8Array): string {
  const file = path.join(dir, `${Math.random().toString(36).slice(2)}.pdf`)
  fs.writeFileSync(file, bytes)
  return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ')
}

async function storedNotice() {
  const app = await receive('online')
  const docx = renderTemplate('otkaz-v-prieme', DEMO_DATA['otkaz-v-prieme'] as never)
  const sourceKey = `test:${app.id}:notice`
  const [id] = await storeDocument({
    schoolId: app.schoolId,
    applicationId: app.id,
    kind: 'acceptance-refusal-notice',
    fileName: 'Уведомление.docx',
    docx,
    templateVersion: '1',
    sourceKey,
    createdBy: 'Система',
  })
  return { app, id, sourceKey }
}

const viewOf = async (token: string) => (await (await statusLoader(args(getRequest(`/s/${token}`), { token }))).json()).view as StatusView
const download = (token: string, documentId: string, query = '') =>
  settle(() => documentLoader(args(getRequest(`/s/${token}/documents/${documentId}${query}`), { token, documentId })))

describe.skipIf(!isPdfAvailable())('PDF copies on first need (real LibreOffice)', () => {
  it('stores only the Word file, then makes the PDF once when the applicant downloads it', async () => {
    process.env.PDF_CONVERSION = 'on'
    const { app, id, sourceKey } = await storedNotice()
    expect(await db.storedDocument.count({ where: { applicationId: app.id } })).toBe(1)
    const before = await viewOf(app.statusToken)
    expect(before.documents[0].files.map((f) => [f.format, f.id, !!f.make])).toEqual([
      ['Word', id, false],
      ['PDF', id, true],
    ])

    const first = await download(app.statusToken, id, '?as=pdf')
    expect(first.status).toBe(200)
    expect(first.headers.get('Content-Type')).toBe('application/pdf')
    const bytes = Buffer.from(await first.arrayBuffer())
    expect(pdfText(bytes)).toContain('01-12/118')
    const row = await db.storedDocument.findUniqueOrThrow({ where: { sourceKey: `${sourceKey}:pdf` } })
    expect(row).toMatchObject({ mime: 'application/pdf', fileName: 'Уведомление.pdf', kind: 'acceptance-refusal-notice' })

    // The second download and the status page use the stored copy.
    const again = await download(app.statusToken, id, '?as=pdf')
    expect(Buffer.from(await again.arrayBuffer()).equals(bytes)).toBe(true)
    expect(await db.storedDocument.count({ where: { applicationId: app.id } })).toBe(2)
    const after = await viewOf(app.statusToken)
    expect(after.documents).toHaveLength(1)
    expect(after.documents[0].files.map((f) => [f.format, f.id])).toEqual([
      ['Word', id],
      ['PDF', row.id],
    ])
  }, 180_000)

  it('attaches a PDF made when the letter is queued', async () => {
    process.env.PDF_CONVERSION = 'on'
    const { app, id, sourceKey } = await storedNotice()
    const job = await queueDocumentEmail(db, {
      applicationId: app.id,
      kind: 'otkaz-v-prieme',
      storedDocumentIds: [id],
      idempotencyKey: `${sourceKey}:email`,
    })
    const pdf = await db.storedDocument.findUniqueOrThrow({ where: { sourceKey: `${sourceKey}:pdf` } })
    const payload = JSON.parse(
      (await db.outboxJob.findFirstOrThrow({ where: { idempotencyKey: `email:${sourceKey}:email` } })).payload,
    ) as { attachments: Array<{ storedDocumentId?: string }> }
    expect(job).toBeTruthy()
    expect(payload.attachments.map((a) => a.storedDocumentId)).toEqual([id, pdf.id])
    expect(pdfText(pdf.content).length).toBeGreaterThan(100)
  }, 180_000)

  it('the outbox runs two extract jobs side by side on PostgreSQL (in turn on SQLite), PDF copies before the letters', async () => {
    process.env.PDF_CONVERSION = 'on'
    process.env.PDF_WORKERS = '2'
    const responsible = await staffActor('responsible')
    const director = await staffActor('director')
    const apps = [
      await receive('online', '7А', { kinds: ['marks'], delivery: 'email' }),
      await receive('online', '8Б', { kinds: ['marks'], delivery: 'email' }),
    ]
    for (const app of apps) {
      const t = { applicationId: app.id, schoolId: app.schoolId }
      await registerApplication({ ...t, actor: responsible })
      await startReview({ ...t, actor: responsible })
      await forwardToDirector({ ...t, actor: responsible, comment: 'Проверено', proposal: 'grant' })
      await transitionApplication({ ...t, actor: director, event: { type: 'GRANT' } })
      await startDelivery({ ...t, actor: responsible })
    }
    // Both workers start afresh (seconds each), so the second job cannot wait for the first one's soffice.
    stopWarmPdf()
    const before = pdfPoolState().map((w) => w.warm)
    await runOutbox()
    const used = pdfPoolState().map((w, i) => w.warm - (before[i] ?? 0))
    // PostgreSQL: two lanes, one conversion on each worker. SQLite: one lane (ADR 074), both on the warm worker.
    expect(used).toEqual(dbProvider() === 'postgresql' ? [1, 1] : [2, 0])
    for (const app of apps) {
      const docs = await db.storedDocument.findMany({ where: { applicationId: app.id, kind: 'extract' }, orderBy: { createdAt: 'asc' } })
      expect(docs.map((d) => d.mime)).toEqual([DOCX_MIME, 'application/pdf'])
      expect(pdfText(docs[1].content)).toContain(app.pupilName)
      const mail = await db.outboxJob.findFirstOrThrow({ where: { kind: 'send-email', payload: { contains: docs[1].id } } })
      const payload = JSON.parse(mail.payload) as { attachments: Array<{ storedDocumentId?: string }> }
      expect(payload.attachments.map((a) => a.storedDocumentId)).toEqual([docs[0].id, docs[1].id])
    }
  }, 240_000)

  it('with PDF_CONVERSION=off makes none, says so, and the letter goes with the Word file alone', async () => {
    process.env.PDF_CONVERSION = 'off'
    const { app, id, sourceKey } = await storedNotice()
    const view = await viewOf(app.statusToken)
    expect(view.documents[0].files.map((f) => [f.format, f.off ?? null])).toEqual([
      ['Word', null],
      ['PDF', 'PDF-копии отключены настройкой PDF_CONVERSION=off'],
    ])
    const refused = await download(app.statusToken, id, '?as=pdf')
    expect(refused.status).toBe(503)
    expect(await refused.text()).toContain('PDF_CONVERSION=off')
    await queueDocumentEmail(db, {
      applicationId: app.id,
      kind: 'otkaz-v-prieme',
      storedDocumentIds: [id],
      idempotencyKey: `${sourceKey}:email`,
    })
    const payload = JSON.parse(
      (await db.outboxJob.findFirstOrThrow({ where: { idempotencyKey: `email:${sourceKey}:email` } })).payload,
    ) as { attachments: Array<{ storedDocumentId?: string }> }
    expect(payload.attachments.map((a) => a.storedDocumentId)).toEqual([id])
    expect(await db.storedDocument.count({ where: { applicationId: app.id, mime: { not: DOCX_MIME } } })).toBe(0)
  })
})
