// Returned letters matched per school (ADR 069), with a real SMTP sink and two real Dovecot servers: school A polls
// the environment's mailbox, school B its own (set on the authority's screen). Every letter goes out under the one
// MAIL_FROM, so the Message-IDs share one domain; a bounce (or a reply) is matched only among the letters of the
// school whose mailbox received it — a bounce of A's answer arriving in B's mailbox neither fails the letter nor
// reopens A's application, and B's letters go out with B's mailbox address as their envelope sender, so their
// bounces reach B's mailbox and fail B's letter there.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '#app/utils/db.server'
import { runOutbox } from '#app/jobs/outbox.server'
import { recordEmailedAnswers } from '#app/jobs/emailed-answers.server'
import { mailSettings, overrideMailSettings } from '#app/mail/config.server'
import { uploadEml } from '#app/mail/eml-upload.server'
import { pollAllMailboxes, pollMailbox } from '#app/mail/mailbox.server'
import { queueEmail } from '#app/mail/queue-email.server'
import { sendDueEmails } from '#app/mail/send-email.server'
import { changeSchool, changeSchoolSchema } from '#app/operations/change-school.server'
import { createSchool } from '#app/operations/create-school.server'
import { reopenReturnedAnswers } from '#app/operations/letter-returned.server'
import { forwardToDirector, registerApplication, startDelivery, startReview } from '#app/operations/steps.server'
import { transitionApplication } from '#app/operations/transition.server'
import { receive, staffActor } from '#tests/helpers/applications'
import { composeRaw, deliver, dovecotAvailable, startDovecot, startSmtpSink, type Dovecot, type SmtpSink } from '#tests/setup/mail-servers'
import { OUR_LETTER_ID } from '../fixtures/real-world/mail/generate'

const available = dovecotAvailable()
if (!available) console.warn('ПРОПУСК bounce-per-school: нет программы dovecot (apt-get install -y dovecot-imapd); в CI она установлена.')

const EXIM_BOUNCE = fs.readFileSync(path.resolve('tests/fixtures/real-world/mail/bounce-exim-plain.eml'))
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bounce-per-school-'))
const later = (ms: number) => new Date(Date.now() + ms)
const B_MAILBOX = 'sosh56@school56.example.org'

let sink: SmtpSink
let a: Dovecot
let b: Dovecot
let schoolA = ''
let schoolB = ''

/** The corpus's Exim bounce, quoting `messageId` and carrying a Message-ID of its own. */
function bounceOf(messageId: string, tag: string): Buffer {
  const text = EXIM_BOUNCE.toString('latin1').split(OUR_LETTER_ID).join(messageId)
  return Buffer.from(text.replace('<E1tExim-000AbC-9z@mx.parents-isp.ru>', `<E1tExim-${tag}@mx.parents-isp.ru>`), 'latin1')
}

async function sendNow(at: Date) {
  overrideMailSettings({ smtp: { host: '127.0.0.1', port: sink.port, secure: false } })
  try {
    await sendDueEmails(at)
  } finally {
    overrideMailSettings({ smtp: null })
  }
}

/** Delivers into a Dovecot and polls every school's mailbox: one item stored. */
async function arrives(dovecot: Dovecot, raw: Buffer) {
  await deliver(dovecot, raw, new Date(Math.floor(Date.now() / 1000) * 1000))
  expect(await pollAllMailboxes(new Date())).toMatchObject({ created: 1, failed: 0 })
}

/** School A's e-mail application granted, its answer sent through the sink and recorded as given. */
async function answeredInA() {
  const app = await receive('online', '7А', { kinds: ['marks'], delivery: 'email' })
  expect(app.schoolId).toBe(schoolA)
  const responsible = await staffActor('responsible')
  const t = { applicationId: app.id, schoolId: app.schoolId }
  await registerApplication({ ...t, actor: responsible })
  await startReview({ ...t, actor: responsible })
  await forwardToDirector({ ...t, actor: responsible, comment: 'Проверено', proposal: 'grant' })
  await transitionApplication({ ...t, actor: await staffActor('director'), event: { type: 'GRANT' } })
  await startDelivery({ ...t, actor: responsible })
  await runOutbox(later(1000))
  await sendNow(later(2000))
  expect(await recordEmailedAnswers(new Date())).toEqual([app.id])
  const delivery = await db.delivery.findFirstOrThrow({ where: { applicationId: app.id, kind: 'extract' } })
  const letters = await db.outboxJob.findMany({ where: { kind: 'send-email', status: 'done', schoolId: schoolA } })
  const letter = letters.find((l) => JSON.parse(l.payload).deliveryId === delivery.id)!
  return { app, delivery, letter, messageId: JSON.parse(letter.payload).messageId as string }
}

/** A letter of school B (no application), sent through the sink. */
async function letterOfB(tag: string) {
  const { jobId, messageId } = await db.$transaction((tx) =>
    queueEmail(tx, {
      schoolId: schoolB,
      to: `parent-${tag}@parents-isp.ru`,
      subject: `Письмо школы Б ${tag}`,
      text: 'Текст письма школы Б',
      idempotencyKey: `bounce-per-school-${tag}`,
    }),
  )
  await sendNow(later(2000))
  expect((await db.outboxJob.findUniqueOrThrow({ where: { id: jobId } })).status).toBe('done')
  return { jobId, messageId }
}

describe.skipIf(!available)('bounces are matched within the school whose mailbox received them (ADR 069)', () => {
  beforeAll(async () => {
    sink = await startSmtpSink()
    ;[a, b] = await Promise.all([startDovecot(), startDovecot()])
    overrideMailSettings({
      smtp: null,
      imap: { host: '127.0.0.1', port: a.port, secure: false, user: a.user, password: a.password, mailbox: 'INBOX', pollSeconds: 10 },
      dataDir,
      messageIdDomain: 'school8.example.org',
    })
    schoolA = (await db.school.findFirstOrThrow({ orderBy: { id: 'asc' }, select: { id: true } })).id
    // The installation's one school polls the environment's mailbox first: that makes it A's for good (ADR 056).
    expect(await pollMailbox(new Date())).toMatchObject({ fetched: 0 })
    const created = await createSchool(
      db,
      {
        fullName: 'МОУ «СОШ № 56»',
        shortName: 'СОШ № 56',
        directorName: 'Сергеев Сергей Сергеевич',
        address: 'г. Саратов, ул. Пятьдесят шестая, 56',
        phone: '+7 8452 56-56-56',
        email: 'sosh56@example.org',
        responsibleName: 'Тимофеева Таисия Тимофеевна',
        adminName: 'Устинов Устин Устинович',
        adminLogin: 'admin56',
        directorLogin: 'director56',
        responsibleLogin: 'responsible56',
      },
      { userId: null, name: 'тест' },
    )
    schoolB = created.schoolId
    // B's own mailbox, as the authority's screen sets it.
    const form = changeSchoolSchema.parse({
      mailbox: B_MAILBOX,
      imapHost: '127.0.0.1',
      imapPort: String(b.port),
      imapUser: b.user,
      imapPassword: b.password,
      imapFolder: 'INBOX',
    })
    const authority = await db.user.findFirstOrThrow({ select: { id: true } })
    expect(await changeSchool(db, schoolB, form, { userId: authority.id, name: 'тест' })).toEqual(['mailbox', 'imap:set'])
  })
  afterAll(async () => {
    overrideMailSettings({ smtp: null, imap: null })
    await sink?.close()
    await Promise.all([a?.close(), b?.close()])
    fs.rmSync(dataDir, { recursive: true, force: true })
  })

  it("sends B's letters with B's mailbox as the envelope sender, A's with MAIL_FROM's", async () => {
    const { messageId: ofB } = await letterOfB('envelope')
    const { messageId: ofA } = await answeredInA()
    const sent = (id: string) => sink.messages.find((m) => m.parsed.messageId === id)!
    expect(sent(ofB).envelopeFrom).toBe(B_MAILBOX)
    const installation = /<?([^<>\s]+@[^<>\s]+?)>?\s*$/.exec(mailSettings().from)![1]
    expect(sent(ofA).envelopeFrom).toBe(installation)
    // The From the parent sees is the installation's for both.
    expect(sent(ofB).parsed.from?.value[0]?.address).toBe(installation)
  })

  it("a bounce of A's answer arriving in B's mailbox marks nothing of A and reopens nothing; in A's mailbox it does", async () => {
    const { app, delivery, letter, messageId } = await answeredInA()
    await arrives(b, bounceOf(messageId, `${app.id}-b`))
    const inB = await db.inboundMessage.findFirstOrThrow({
      where: { schoolId: schoolB, messageId: `<E1tExim-${app.id}-b@mx.parents-isp.ru>` },
    })
    expect(inB).toMatchObject({ kind: 'bounce', status: 'ignored', applicationId: null })
    expect((await db.outboxJob.findUniqueOrThrow({ where: { id: letter.id } })).status).toBe('done')
    expect((await db.delivery.findUniqueOrThrow({ where: { id: delivery.id } })).status).toBe('emailed')
    expect((await db.application.findUniqueOrThrow({ where: { id: app.id } })).status).toBe('delivered')
    expect(await reopenReturnedAnswers({ now: later(4000) })).not.toContain(app.id)
    const notices = await db.outboxJob.findMany({ where: { kind: 'notify-staff', payload: { contains: app.id } } })
    expect(notices.filter((n) => JSON.parse(n.payload).reason === 'LETTER_BOUNCED')).toHaveLength(0)

    // The same report in A's own mailbox is A's: the letter fails, the application is reopened, A's staff are told.
    await arrives(a, bounceOf(messageId, `${app.id}-a`))
    expect((await db.outboxJob.findUniqueOrThrow({ where: { id: letter.id } })).status).toBe('failed')
    expect((await db.application.findUniqueOrThrow({ where: { id: app.id } })).status).toBe('delivering')
    const told = await db.outboxJob.findMany({ where: { kind: 'notify-staff', payload: { contains: app.id } } })
    expect(told.filter((n) => JSON.parse(n.payload).reason === 'LETTER_BOUNCED').map((n) => n.schoolId)).toEqual([schoolA])
  })

  it("a bounce of B's letter in A's mailbox or uploaded by A's employee leaves it; in B's own mailbox it fails it", async () => {
    const { jobId, messageId } = await letterOfB('returned')
    await arrives(a, bounceOf(messageId, 'b-letter-in-a'))
    await uploadEml({ raw: bounceOf(messageId, 'b-letter-upload-a'), receivedAt: new Date(), schoolId: schoolA })
    expect((await db.outboxJob.findUniqueOrThrow({ where: { id: jobId } })).status).toBe('done')
    await arrives(b, bounceOf(messageId, 'b-letter-in-b'))
    expect(await db.outboxJob.findUniqueOrThrow({ where: { id: jobId } })).toMatchObject({
      status: 'failed',
      lastError: expect.stringMatching(/^Возврат: письмо не доставлено/),
    })
  })

  it("a parent's reply to A's answer that reaches B's mailbox is a new letter of B, not attached to A's application", async () => {
    const { app, messageId } = await answeredInA()
    const reply = await composeRaw({
      from: 'ivanova@parents-isp.ru',
      to: B_MAILBOX,
      subject: 'Re: ответ на заявление',
      text: 'Спасибо, получила.',
      inReplyTo: messageId,
      references: [messageId],
      messageId: `<reply-${app.id}@parents-isp.ru>`,
    })
    await arrives(b, reply)
    expect(await db.inboundMessage.findFirstOrThrow({ where: { messageId: `<reply-${app.id}@parents-isp.ru>` } })).toMatchObject({
      schoolId: schoolB,
      kind: 'message',
      applicationId: null,
    })
  })
})
