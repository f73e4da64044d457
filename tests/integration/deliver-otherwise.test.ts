// An e-mail case finished without SMTP (issue 18.4, ADR 029): the answer waits in the queue because SMTP is not
// configured (or its letter bounced); staff hand it over another way and record it with a reason. The step, the
// Delivery rows and the cancellation of the queued letter commit together, so the letter never goes out later.
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
import { getApplicationPage } from '#app/models/application-page.server'
import { action as pageAction } from '#app/routes/staff.applications.$id'
import { localDateOf } from '#workflows/time'
import { receive, staffActor } from '#tests/helpers/applications'
import { signIn } from '#tests/helpers/auth'
import { formRequest, settle } from '#tests/helpers/http'
import { startSmtpSink, type SmtpSink } from '#tests/setup/mail-servers'

let sink: SmtpSink
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mail-otherwise-'))
const later = (ms: number) => new Date(Date.now() + ms)

beforeAll(async () => {
  sink = await startSmtpSink()
  overrideMailSettings({ smtp: null, dataDir, messageIdDomain: 'school8.example.org' })
})
afterAll(async () => {
  overrideMailSettings({ smtp: null })
  await sink.close()
  fs.rmSync(dataDir, { recursive: true, force: true })
})

async function decide(outcome: 'GRANT' | 'REFUSE') {
  const app = await receive('online', '6А', { kinds: ['marks'], delivery: 'email' })
  const responsible = await staffActor('responsible')
  const t = { applicationId: app.id, schoolId: app.schoolId }
  await registerApplication({ ...t, actor: responsible })
  await startReview({ ...t, actor: responsible })
  await forwardToDirector({ ...t, actor: responsible, comment: 'Проверено', proposal: 'grant' })
  await transitionApplication({
    ...t,
    actor: await staffActor('director'),
    event:
      outcome === 'GRANT' ? { type: 'GRANT' } : { type: 'REFUSE', grounds: ['Запрошенная информация отсутствует в электронном журнале'] },
  })
  if (outcome === 'GRANT') await startDelivery({ ...t, actor: responsible })
  await runOutbox(later(1000))
  return db.application.findUniqueOrThrow({ where: { id: app.id } })
}

const answerLetters = (applicationId: string) =>
  db.outboxJob.findMany({ where: { kind: 'send-email', payload: { contains: `"applicationId":"${applicationId}"` } } })
const post = (app: { id: string; version: number }, cookie: string, fields: Record<string, string>) =>
  settle(() =>
    pageAction({
      request: formRequest(
        `/staff/applications/${app.id}`,
        { intent: 'DELIVER_OTHERWISE', version: String(app.version), ...fields },
        cookie,
      ),
      params: { id: app.id },
      context: {},
    }),
  )

describe('an e-mail answer handed over another way', { timeout: 120_000 }, () => {
  it('is recorded with its reason; the queued letter is cancelled and never sent, even once SMTP works', async () => {
    const app = await decide('GRANT')
    expect((await sendDueEmails(later(1000))).held).toBeGreaterThan(0) // SMTP not configured: the letter waits
    const cookie = await signIn('responsible')
    const today = localDateOf(new Date(), 'Europe/Saratov')

    // Without a reason: a Russian message, nothing changes.
    const bad = await post(app, cookie, { channel: 'in_person', deliveredOn: today, recipient: 'Иванова Мария Петровна', reason: '' })
    expect(bad.status).toBe(400)
    expect((await bad.json()).fieldErrors).toEqual({ reason: 'Укажите, почему ответ передан не по электронной почте автоматически' })
    expect((await db.application.findUniqueOrThrow({ where: { id: app.id } })).status).toBe('delivering')
    expect((await answerLetters(app.id)).every((l) => l.status === 'pending')).toBe(true)

    const res = await post(app, cookie, {
      channel: 'in_person',
      deliveredOn: today,
      recipient: 'Иванова Мария Петровна',
      reason: 'почтовый сервер школы не настроен',
    })
    expect(res.status).toBe(200)
    expect((await res.json()).message).toBe('Предоставление информации отмечено: вручено лично; письмо из очереди отменено')
    const done = await db.application.findUniqueOrThrow({ where: { id: app.id } })
    expect(done.status).toBe('delivered')
    expect(done.closedAt).not.toBeNull()
    const letters = await answerLetters(app.id)
    const answer = letters.filter((l) => l.payload.includes('"deliveryId"'))
    expect(answer.length).toBeGreaterThan(0)
    expect(
      answer.every((l) => l.status === 'cancelled' && l.lastError === 'Отменено: ответ передан иначе (почтовый сервер школы не настроен)'),
    ).toBe(true)
    const rows = await db.delivery.findMany({ where: { applicationId: app.id } })
    expect(rows.map((r) => [r.channel, r.status, r.recipient])).toEqual([['in_person', 'handed', 'Иванова Мария Петровна']])
    expect(rows[0].recordedBy).not.toBe('')
    const event = await db.applicationEvent.findFirstOrThrow({ where: { applicationId: app.id, event: 'DELIVER' } })
    expect(JSON.parse(event.data)).toMatchObject({
      channel: 'in_person',
      instead: 'email',
      reason: 'почтовый сервер школы не настроен',
      recipient: 'Иванова Мария Петровна',
    })
    const page = await getApplicationPage(app.schoolId, app.id, ['responsible'], new Date())
    expect(JSON.stringify(page!.timeline)).toContain(
      'передано иначе, не письмом системы: почтовый сервер школы не настроен; письмо из очереди отменено',
    )

    // SMTP configured later: the cancelled letter never goes out, and the worker records nothing more.
    overrideMailSettings({ smtp: { host: '127.0.0.1', port: sink.port, secure: false } })
    try {
      await sendDueEmails(later(60_000))
    } finally {
      overrideMailSettings({ smtp: null })
    }
    // (the other letters held meanwhile, e.g. «заявление зарегистрировано», do go out: they were not cancelled)
    const cancelledIds = answer.map((l) => (JSON.parse(l.payload) as { messageId: string }).messageId)
    expect(sink.messages.filter((m) => m.envelopeTo.includes(app.applicantEmail)).length).toBeGreaterThan(0)
    expect(sink.messages.filter((m) => cancelledIds.includes(m.parsed.messageId ?? ''))).toEqual([])
    expect(sink.messages.some((m) => m.parsed.attachments.length > 0 && m.envelopeTo.includes(app.applicantEmail))).toBe(false)
    expect(await recordEmailedAnswers(later(60_000))).toEqual([])
    expect(await db.applicationEvent.count({ where: { applicationId: app.id, event: 'DELIVER' } })).toBe(1)
  })

  it('closes a refusal whose notice was sent by hand from the school mailbox', async () => {
    const app = await decide('REFUSE')
    expect(app.status).toBe('refused')
    const cookie = await signIn('responsible')
    const res = await post(app, cookie, {
      channel: 'email',
      deliveredOn: localDateOf(new Date(), 'Europe/Saratov'),
      reason: 'письмо вернулось, отправлено на новый адрес заявителя',
    })
    expect(res.status).toBe(200)
    expect((await db.application.findUniqueOrThrow({ where: { id: app.id } })).status).toBe('closed')
    expect((await answerLetters(app.id)).filter((l) => l.payload.includes('"deliveryId"')).every((l) => l.status === 'cancelled')).toBe(
      true,
    )
    const event = await db.applicationEvent.findFirstOrThrow({ where: { applicationId: app.id, event: 'NOTICE_DELIVERED' } })
    expect(JSON.parse(event.data)).toMatchObject({
      channel: 'email',
      instead: 'email',
      reason: 'письмо вернулось, отправлено на новый адрес заявителя',
    })
  })

  it('is refused while its letter is being sent, and changes nothing', async () => {
    const app = await decide('GRANT')
    const letter = (await answerLetters(app.id)).find((l) => l.payload.includes('"deliveryId"'))!
    await db.outboxJob.update({ where: { id: letter.id }, data: { status: 'running' } })
    const cookie = await signIn('responsible')
    const res = await post(app, cookie, {
      channel: 'in_person',
      deliveredOn: localDateOf(new Date(), 'Europe/Saratov'),
      recipient: 'Иванова М. П.',
      reason: 'SMTP не работает',
    })
    expect(res.status).toBe(409)
    expect((await res.json()).formError).toMatch(/^Письмо с ответом прямо сейчас отправляется/)
    expect((await db.application.findUniqueOrThrow({ where: { id: app.id } })).status).toBe('delivering')
    expect(await db.applicationEvent.count({ where: { applicationId: app.id, event: 'DELIVER' } })).toBe(0)
    expect((await db.delivery.findMany({ where: { applicationId: app.id } })).every((d) => d.status === 'prepared')).toBe(true)
  })
})
