// ADR 064, issue 17 item 2: a bounce that arrives AFTER the e-mailed answer was recorded as given (the school's
// SMTP server accepted it, a real sink here) reopens the application: the answer did not reach the applicant, the
// 30-day deadline still runs, staff are told, and the answer can be given again — by the letter sent anew or handed
// over another way. The bounce is the corpus's Exim one quoting the real letter's Message-ID, stored through the
// .eml upload and through the school's mailbox on a real Dovecot (IMAP).
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '#app/utils/db.server'
import { runOutbox } from '#app/jobs/outbox.server'
import { recordEmailedAnswers, returnedAnswersTask } from '#app/jobs/emailed-answers.server'
import { overrideMailSettings } from '#app/mail/config.server'
import { uploadEml } from '#app/mail/eml-upload.server'
import { markLettersBounced } from '#app/mail/letters.server'
import { pollMailbox } from '#app/mail/mailbox.server'
import { retryLetter } from '#app/mail/outbox-admin.server'
import { sendDueEmails } from '#app/mail/send-email.server'
import { getStatusView } from '#app/models/application-status.server'
import { deliverOtherwise } from '#app/operations/deliver-otherwise.server'
import { reopenReturnedAnswers } from '#app/operations/letter-returned.server'
import { forwardToDirector, registerApplication, startDelivery, startReview } from '#app/operations/steps.server'
import { transitionApplication } from '#app/operations/transition.server'
import { receive, staffActor } from '#tests/helpers/applications'
import {
  deliver,
  dovecotAvailable,
  imapSettings,
  startDovecot,
  startSmtpSink,
  type Dovecot,
  type SmtpSink,
} from '#tests/setup/mail-servers'
import { OUR_LETTER_ID } from '../fixtures/real-world/mail/generate'

const EXIM_BOUNCE = fs.readFileSync(path.resolve('tests/fixtures/real-world/mail/bounce-exim-plain.eml'))
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'returned-answer-'))
const later = (ms: number) => new Date(Date.now() + ms)
const available = dovecotAvailable()
if (!available)
  console.warn('ПРОПУСК части returned-answer: нет программы dovecot (apt-get install -y dovecot-imapd); в CI она установлена.')

let sink: SmtpSink
let dovecot: Dovecot | undefined

beforeAll(async () => {
  sink = await startSmtpSink()
  overrideMailSettings({ smtp: null, dataDir, messageIdDomain: 'school8.example.org' })
  if (available) {
    dovecot = await startDovecot()
    overrideMailSettings({ imap: imapSettings(dovecot) })
  }
})
afterAll(async () => {
  overrideMailSettings({ smtp: null, imap: null })
  await sink.close()
  await dovecot?.close()
  fs.rmSync(dataDir, { recursive: true, force: true })
})

async function sendNow(at: Date) {
  overrideMailSettings({ smtp: { host: '127.0.0.1', port: sink.port, secure: false } })
  try {
    await sendDueEmails(at)
  } finally {
    overrideMailSettings({ smtp: null })
  }
}

/** An e-mail application decided, its answer sent through the real SMTP sink and recorded by the system. */
async function answered(outcome: 'GRANT' | 'REFUSE') {
  const app = await receive('online', '7А', { kinds: ['marks'], delivery: 'email' })
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
  await sendNow(later(2000))
  // Recorded at the real moment: the bounce arrives after it, and the history is ordered by time.
  expect(await recordEmailedAnswers(new Date())).toEqual([app.id])
  const done = await db.application.findUniqueOrThrow({ where: { id: app.id } })
  expect(done.status).toBe(outcome === 'GRANT' ? 'delivered' : 'closed')
  expect(done.closedAt).not.toBeNull()
  expect(done.answeredAt).not.toBeNull()
  const kind = outcome === 'GRANT' ? 'extract' : 'refusal-notice'
  const delivery = await db.delivery.findFirstOrThrow({ where: { applicationId: app.id, kind } })
  expect(delivery).toMatchObject({ status: 'emailed', recordedBy: 'Система' })
  const letters = await db.outboxJob.findMany({ where: { kind: 'send-email', status: 'done' } })
  const letter = letters.find((l) => JSON.parse(l.payload).deliveryId === delivery.id)!
  return { app: done, delivery, letter, messageId: JSON.parse(letter.payload).messageId as string }
}

/** The corpus's Exim bounce, quoting `messageId` and carrying a Message-ID of its own. */
function bounceOf(messageId: string, tag: string): Buffer {
  const text = EXIM_BOUNCE.toString('latin1').split(OUR_LETTER_ID).join(messageId)
  return Buffer.from(text.replace('<E1tExim-000AbC-9z@mx.parents-isp.ru>', `<E1tExim-${tag}@mx.parents-isp.ru>`), 'latin1')
}

type Via = { name: string; store: (raw: Buffer) => Promise<void> }
const paths: Via[] = [
  { name: 'the .eml upload', store: async (raw) => void (await uploadEml({ raw, receivedAt: new Date() })) },
  {
    name: 'the IMAP mailbox (Dovecot)',
    store: async (raw) => {
      await deliver(dovecot!, raw, new Date(Math.floor(Date.now() / 1000) * 1000))
      expect(await pollMailbox(new Date())).toMatchObject({ created: 1, failed: 0 })
    },
  },
]

for (const via of paths) {
  describe.skipIf(via.name.includes('IMAP') && !available)(`a bounce of the given answer, over ${via.name}`, () => {
    it('puts the application back to delivering, tells staff, and the letter sent anew gives the answer again', async () => {
      const { app, delivery, letter, messageId } = await answered('GRANT')
      await via.store(bounceOf(messageId, `${app.id}-1`))

      const back = await db.application.findUniqueOrThrow({ where: { id: app.id } })
      expect(back.status).toBe('delivering')
      // Open again and not answered: the queue and the dashboard count it; the 30-day deadline is the same.
      expect(back).toMatchObject({ closedAt: null, answeredAt: null, deliverySpan: null, totalSpan: null, deliveryDue: app.deliveryDue })
      expect(back.queueDueAt).toEqual(app.deliveryDue)
      const event = await db.applicationEvent.findFirstOrThrow({ where: { applicationId: app.id, event: 'LETTER_RETURNED' } })
      expect(event).toMatchObject({ fromStatus: 'delivered', toStatus: 'delivering', actorName: 'Система', actorUserId: null })
      expect(JSON.parse(event.data).reason).toMatch(/User unknown/)
      expect(await db.delivery.findUniqueOrThrow({ where: { id: delivery.id } })).toMatchObject({ status: 'failed', recordedBy: '' })
      expect((await db.outboxJob.findUniqueOrThrow({ where: { id: letter.id } })).status).toBe('failed')
      const notices = await db.outboxJob.findMany({ where: { kind: 'notify-staff', payload: { contains: app.id } } })
      expect(notices.filter((n) => JSON.parse(n.payload).reason === 'LETTER_BOUNCED')).toHaveLength(1)
      // The parent reads that the answer is on its way again, not that it was given.
      const view = await getStatusView(back)
      expect(view.statusText).toBe('Информация направляется заявителю')
      expect(view.history.at(-1)).toMatchObject({ status: 'delivering', text: 'Письмо с ответом не дошло: почтовый сервер вернул его' })
      expect(view.deadlines.find((d) => d.key === 'delivery')?.state).not.toBe('—')

      // Nothing more to do for the worker, and the failed letter is not counted as given.
      expect(await reopenReturnedAnswers({ now: later(4000) })).not.toContain(app.id)
      expect(await recordEmailedAnswers(later(4000))).not.toContain(app.id)

      // The administrator sends it again (say, the parent's address corrected at the server): the answer is given.
      await retryLetter(app.schoolId, letter.id)
      await sendNow(later(5000))
      expect(await recordEmailedAnswers(later(6000))).toEqual([app.id])
      const again = await db.application.findUniqueOrThrow({ where: { id: app.id } })
      expect(again.status).toBe('delivered')
      expect(again.closedAt).not.toBeNull()
      expect(again.answeredAt).not.toBeNull()
      expect(JSON.parse(again.snapshot).context.deliveries).toBe(1)
    })
  })
}

describe('a returned answer, other ways', () => {
  it('a refusal notice that came back reopens the refusal until the notice is handed over another way', async () => {
    const { app, messageId } = await answered('REFUSE')
    await uploadEml({ raw: bounceOf(messageId, `${app.id}-r`), receivedAt: new Date() })
    expect((await db.application.findUniqueOrThrow({ where: { id: app.id } })).status).toBe('refused')

    await deliverOtherwise({
      applicationId: app.id,
      schoolId: app.schoolId,
      actor: await staffActor('responsible'),
      channel: 'post',
      deliveredAt: new Date(),
      trackingNumber: '41003112345678',
      reason: 'письмо вернулось: адрес не существует',
    })
    expect((await db.application.findUniqueOrThrow({ where: { id: app.id } })).status).toBe('closed')
    // Handed over on paper: a late second copy of the bounce changes nothing now.
    expect(await reopenReturnedAnswers({ applicationIds: [app.id] })).toEqual([])
  })

  it('the worker reopens it when the intake stored the bounce but did not get to reopen (a crash in between)', async () => {
    const { app, messageId } = await answered('GRANT')
    // What the intake's transaction commits for a bounce, without the call that follows it.
    await db.$transaction((tx) =>
      markLettersBounced(tx, [messageId], '550 5.1.1 User unknown', { inboundId: `inb_crash_${app.id}`, schoolId: app.schoolId }),
    )
    expect((await db.application.findUniqueOrThrow({ where: { id: app.id } })).status).toBe('delivered')
    await returnedAnswersTask.run(later(4000))
    expect((await db.application.findUniqueOrThrow({ where: { id: app.id } })).status).toBe('delivering')
  })

  it('a bounce of a letter that was not the answer leaves the answered application closed', async () => {
    const { app } = await answered('GRANT')
    // The «decision made» notice to the applicant (no Delivery row) comes back: the answer itself went through.
    const notice = (await db.outboxJob.findMany({ where: { kind: 'send-email', status: 'done', payload: { contains: app.id } } })).find(
      (l) => !JSON.parse(l.payload).deliveryId,
    )
    expect(notice).toBeDefined()
    await uploadEml({ raw: bounceOf(JSON.parse(notice!.payload).messageId, `${app.id}-n`), receivedAt: new Date() })
    expect((await db.outboxJob.findUniqueOrThrow({ where: { id: notice!.id } })).status).toBe('failed')
    expect((await db.application.findUniqueOrThrow({ where: { id: app.id } })).status).toBe('delivered')
  })
})
