// An answer by e-mail is recorded in the procedure by the system when the mail server (a real SMTP sink on
// 127.0.0.1) accepts the letter — not before, and not by hand while the letter still waits.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '#app/utils/db.server'
import { runOutbox } from '#app/jobs/outbox.server'
import { recordEmailedAnswers } from '#app/jobs/emailed-answers.server'
import { overrideMailSettings } from '#app/mail/config.server'
import { sendDueEmails } from '#app/mail/send-email.server'
import { forwardToDirector, registerApplication, startDelivery, startReview } from '#app/operations/steps.server'
import { transitionApplication } from '#app/operations/transition.server'
import { action as pageAction } from '#app/routes/staff.applications.$id'
import { localDateOf } from '#workflows/time'
import { receive, staffActor } from '#tests/helpers/applications'
import { signIn } from '#tests/helpers/auth'
import { formRequest, settle } from '#tests/helpers/http'
import { startSmtpSink, type SmtpSink } from '#tests/setup/mail-servers'

let sink: SmtpSink
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mail-answers-'))
const later = (ms: number) => new Date(Date.now() + ms)
const smtp = () => ({ host: '127.0.0.1', port: sink.port, secure: false })

beforeAll(async () => {
  sink = await startSmtpSink()
  overrideMailSettings({ smtp: null, dataDir, messageIdDomain: 'school8.example.org' })
})
afterAll(async () => {
  overrideMailSettings({ smtp: null })
  await sink.close()
  fs.rmSync(dataDir, { recursive: true, force: true })
})

async function decide(kinds: string[], outcome: 'GRANT' | 'REFUSE') {
  const app = await receive('online', '7А', { kinds, delivery: 'email' })
  const responsible = await staffActor('responsible')
  const t = { applicationId: app.id, schoolId: app.schoolId }
  await registerApplication({ ...t, actor: responsible })
  await startReview({ ...t, actor: responsible })
  await forwardToDirector({ ...t, actor: responsible, comment: 'Проверено', proposal: 'grant' })
  const director = await staffActor('director')
  await transitionApplication({
    ...t,
    actor: director,
    event:
      outcome === 'GRANT' ? { type: 'GRANT' } : { type: 'REFUSE', grounds: ['Запрошенная информация отсутствует в электронном журнале'] },
  })
  if (outcome === 'GRANT') await startDelivery({ ...t, actor: responsible })
  await runOutbox(later(1000)) // the documents, their Delivery rows and the letters
  return db.application.findUniqueOrThrow({ where: { id: app.id } })
}

const answerLetters = (applicationId: string) =>
  db.outboxJob.findMany({ where: { kind: 'send-email', payload: { contains: applicationId } } })

describe('an answer by e-mail', () => {
  it('staff cannot record it while the letter waits; the system records it when the server accepts it, once', async () => {
    const app = await decide(['marks', 'attendance'], 'GRANT')
    expect(app.status).toBe('delivering')
    // SMTP is not configured: the letter is held.
    expect((await sendDueEmails(later(1000))).held).toBeGreaterThan(0)
    expect(await recordEmailedAnswers(later(1000))).toEqual([])

    const cookie = await signIn('responsible')
    const today = localDateOf(new Date(), 'Europe/Saratov')
    const res = await settle(() =>
      pageAction({
        request: formRequest(
          `/staff/applications/${app.id}`,
          { intent: 'DELIVER', version: String(app.version), deliveredOn: today },
          cookie,
        ),
        params: { id: app.id },
        context: {},
      }),
    )
    expect(res.status).toBe(409)
    expect((await res.json()).formError).toMatch(/^Письмо с ответом ещё не отправлено/)
    expect((await db.application.findUniqueOrThrow({ where: { id: app.id } })).status).toBe('delivering')

    overrideMailSettings({ smtp: smtp() })
    try {
      await sendDueEmails(later(2000))
    } finally {
      overrideMailSettings({ smtp: null })
    }
    expect(sink.messages.some((m) => m.envelopeTo.includes(app.applicantEmail))).toBe(true)
    const sent = await db.delivery.findFirstOrThrow({ where: { applicationId: app.id, kind: 'extract', channel: 'email' } })
    expect(sent.status).toBe('emailed')

    expect(await recordEmailedAnswers(later(3000))).toEqual([app.id])
    const done = await db.application.findUniqueOrThrow({ where: { id: app.id } })
    expect(done.status).toBe('delivered')
    const event = await db.applicationEvent.findFirstOrThrow({ where: { applicationId: app.id, event: 'DELIVER' } })
    expect(event.actorName).toBe('Система')
    expect(JSON.parse(event.data)).toMatchObject({ channel: 'email', deliveredAt: sent.deliveredAt!.toISOString() })
    expect((await db.delivery.findUniqueOrThrow({ where: { id: sent.id } })).recordedBy).toBe('Система')
    // A second pass (or a second worker) adds nothing.
    expect(await recordEmailedAnswers(later(4000))).toEqual([])
    expect(await db.applicationEvent.count({ where: { applicationId: app.id, event: 'DELIVER' } })).toBe(1)
  })

  it('waits for the last letter of an answer that has two (an extract and the credentials)', async () => {
    const app = await decide(['marks', 'access'], 'GRANT')
    const rows = await db.delivery.findMany({ where: { applicationId: app.id }, orderBy: { kind: 'asc' } })
    expect(rows.map((r) => r.kind)).toEqual(['credentials', 'extract'])
    const letters = await answerLetters(app.id)
    const credentialsLetter = letters.find((l) => l.payload.includes(rows[0].id))!
    // The credentials letter is due only later: the extract goes first.
    await db.outboxJob.update({ where: { id: credentialsLetter.id }, data: { runAt: later(3_600_000) } })
    overrideMailSettings({ smtp: smtp() })
    try {
      await sendDueEmails(later(1000))
      expect(await recordEmailedAnswers(later(1000))).toEqual([])
      expect((await db.application.findUniqueOrThrow({ where: { id: app.id } })).status).toBe('delivering')
      await sendDueEmails(later(7_200_000))
    } finally {
      overrideMailSettings({ smtp: null })
    }
    expect(await recordEmailedAnswers(later(7_200_000))).toEqual([app.id])
    expect((await db.application.findUniqueOrThrow({ where: { id: app.id } })).status).toBe('delivered')
  })

  it('records a refusal notice sent by e-mail as handed to the applicant', async () => {
    const app = await decide(['marks'], 'REFUSE')
    expect(app.status).toBe('refused')
    overrideMailSettings({ smtp: smtp() })
    try {
      await sendDueEmails(later(1000))
    } finally {
      overrideMailSettings({ smtp: null })
    }
    expect(await recordEmailedAnswers(later(1000))).toEqual([app.id])
    expect((await db.application.findUniqueOrThrow({ where: { id: app.id } })).status).toBe('closed')
  })
})
