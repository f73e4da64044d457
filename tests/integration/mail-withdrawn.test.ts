// ADR 119: a withdrawn application's letters to the applicant do not go out after the withdrawal — the waiting and the
// failed ones are cancelled with it, one queued or retried later is refused, the sender looks once more before SMTP; an
// 'unsure' one waits for the administrator, who may cancel it, never resend it. Every action on a letter from the mail
// page writes its audit row in the transaction that makes it. A real SMTP server on 127.0.0.1, the real database.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { db } from '#app/utils/db.server'
import { runOutbox } from '#app/jobs/outbox.server'
import { overrideMailSettings } from '#app/mail/config.server'
import { queueEmail } from '#app/mail/index.server'
import { sendDueEmails } from '#app/mail/send-email.server'
import { cancelLetter, getLetter, retryLetter } from '#app/mail/outbox-admin.server'
import { resendUnsureLetter, UNSURE_NOT_FOUND } from '#app/mail/unsure-letters.server'
import { WITHDRAWN_LETTER } from '#app/mail/withdrawn-letters.server'
import { decideApplication } from '#app/operations/decide-application.server'
import { forwardToDirector, registerApplication, startReview, withdrawApplication } from '#app/operations/steps.server'
import { reviewPrecheck } from '#app/models/review-precheck.server'
import { staffSession } from '#tests/helpers/auth'
import { receive, refusal, staffActor } from '#tests/helpers/applications'
import { startSmtpSink, type SmtpSink } from '#tests/setup/mail-servers'
import { onPostgres } from '#tests/setup/test-db'

let sink: SmtpSink
const later = (ms: number) => new Date(Date.now() + ms)
const applicant = { userId: null, name: 'Заявитель', roles: ['applicant' as const] }

beforeAll(async () => {
  sink = await startSmtpSink()
  overrideMailSettings({ smtp: { host: '127.0.0.1', port: sink.port, secure: false }, messageIdDomain: 'school8.example.org' })
})
afterAll(async () => {
  overrideMailSettings({ smtp: null })
  await sink.close()
})
beforeEach(async () => {
  sink.messages.length = 0
  await db.outboxJob.updateMany({ where: { status: { in: ['pending', 'unsure', 'failed'] } }, data: { status: 'cancelled' } })
})

const arrivedTo = (address: string) => sink.messages.filter((m) => m.envelopeTo.includes(address.toLowerCase()))

/** A letter to the applicant whose sending was cut after the server may have had it (ADR 113): 'unsure'. */
async function unsureLetter(app: { id: string; schoolId: string; applicantEmail: string }, subject: string, key: string) {
  const letter = await queueEmail(db, {
    schoolId: app.schoolId,
    to: app.applicantEmail,
    subject,
    text: 'Текст',
    applicationId: app.id,
    idempotencyKey: key,
  })
  await db.outboxJob.update({
    where: { id: letter.jobId },
    data: { status: 'unsure', sendStartedAt: new Date(), lastError: `Неизвестно, ушло ли письмо. ${UNSURE_NOT_FOUND}` },
  })
  return letter
}

async function drain(now: Date) {
  for (let i = 0; i < 3; i++) {
    await runOutbox(now)
    await sendDueEmails(now)
  }
}

describe('letters of a withdrawn application', { timeout: 60_000 }, () => {
  it('the waiting and failed letters to the applicant are cancelled with the withdrawal; the staff notice goes', async () => {
    const responsible = await staffActor('responsible')
    const app = await receive('online', '5А')
    await registerApplication({ applicationId: app.id, schoolId: app.schoolId, actor: responsible })
    // The registration notice is written (a 'send-email' row waiting for the sender)…
    await runOutbox(new Date())
    const waiting = await db.outboxJob.findFirstOrThrow({ where: { applicationId: app.id, kind: 'send-email', status: 'pending' } })
    // …an earlier letter failed (the administrator could press «Отправить снова»)…
    const failed = await queueEmail(db, {
      schoolId: app.schoolId,
      to: app.applicantEmail,
      subject: 'Письмо, которое не дошло',
      text: 'Текст',
      applicationId: app.id,
      idempotencyKey: `withdrawn-failed-${app.id}`,
    })
    await db.outboxJob.update({ where: { id: failed.jobId }, data: { status: 'failed', lastError: 'Сервер ответил: 451' } })
    // …and one is in doubt, searched for already and left to the administrator.
    const doubtful = await unsureLetter(app, 'Письмо под вопросом', `withdrawn-unsure-${app.id}`)

    await withdrawApplication({ applicationId: app.id, schoolId: app.schoolId, actor: applicant })
    await drain(later(1000))

    expect(arrivedTo(app.applicantEmail)).toEqual([])
    // The withdrawal's own notice to the responsible employee is the procedure's and goes.
    expect(sink.messages.some((m) => /отозва/i.test(m.parsed.subject ?? '') || /отозва/i.test(m.parsed.text ?? ''))).toBe(true)
    expect(await db.outboxJob.findUniqueOrThrow({ where: { id: waiting.id } })).toMatchObject({
      status: 'cancelled',
      lastError: 'заявление отозвано',
    })
    expect(await db.outboxJob.findUniqueOrThrow({ where: { id: failed.jobId } })).toMatchObject({ status: 'cancelled' })
    // The doubtful one is not resent by itself: still waiting for the administrator's decision.
    expect(await db.outboxJob.findUniqueOrThrow({ where: { id: doubtful.jobId } })).toMatchObject({ status: 'unsure' })

    const admin = await db.user.findUniqueOrThrow({ where: { login: 'admin' } })
    const by = { userId: admin.id, ip: '127.0.0.1' }
    // «Отправить снова» of the cancelled letter and «Отправить ещё раз» of the doubtful one are refused, in Russian.
    expect((await refusal(() => retryLetter(app.schoolId, failed.jobId, by))).message).toMatch(/^Заявление отозвано/)
    expect((await refusal(() => resendUnsureLetter({ schoolId: app.schoolId, ...by }, doubtful.jobId))).message).toMatch(
      /^Заявление отозвано/,
    )
    // The page says so and offers no «again».
    expect(await getLetter(app.schoolId, doubtful.jobId)).toMatchObject({ status: 'unsure', withdrawn: true })
    // «Не отправлять»: the doubtful letter is cancelled, audited in the same step.
    await cancelLetter(app.schoolId, doubtful.jobId, by)
    expect(await db.outboxJob.findUniqueOrThrow({ where: { id: doubtful.jobId } })).toMatchObject({ status: 'cancelled' })
    expect(await db.auditEvent.findMany({ where: { entityId: doubtful.jobId }, select: { action: true, userId: true } })).toEqual([
      { action: 'cancel:outgoing-mail', userId: admin.id },
    ])
    await drain(later(3_600_000))
    expect(arrivedTo(app.applicantEmail)).toEqual([])
  })

  it('an unsure letter cancelled with «Не отправлять» is not sent by «Отправить снова»: it may have reached the recipient', async () => {
    const app = await receive('online', '5А')
    const doubtful = await unsureLetter(app, 'Письмо под вопросом, заявление не отозвано', `unsure-cancelled-${app.id}`)
    const admin = await db.user.findUniqueOrThrow({ where: { login: 'admin' } })
    const by = { userId: admin.id, ip: '127.0.0.1' }
    await cancelLetter(app.schoolId, doubtful.jobId, by)
    expect(await getLetter(app.schoolId, doubtful.jobId)).toMatchObject({ status: 'cancelled', withdrawn: false, mayHaveGone: true })
    expect((await refusal(() => retryLetter(app.schoolId, doubtful.jobId, by))).message).toMatch(/могло уже дойти до получателя/)
    expect(await db.outboxJob.findUniqueOrThrow({ where: { id: doubtful.jobId } })).toMatchObject({ status: 'cancelled' })
    expect(await db.auditEvent.count({ where: { entityId: doubtful.jobId, action: 'retry:outgoing-mail' } })).toBe(0)
    await drain(later(3_600_000))
    expect(sink.messages.filter((m) => m.parsed.subject === 'Письмо под вопросом, заявление не отозвано')).toEqual([])
  })

  it('a letter queued or due after the withdrawal (a job that was running, a race) is cancelled, never sent', async () => {
    const app = await receive('online', '5Б')
    await withdrawApplication({ applicationId: app.id, schoolId: app.schoolId, actor: applicant })
    // A job that had read the application before the withdrawal queues its letter after it.
    const late = await queueEmail(db, {
      schoolId: app.schoolId,
      to: app.applicantEmail,
      subject: 'Поздний ответ',
      text: 'Текст',
      applicationId: app.id,
      idempotencyKey: `withdrawn-late-${app.id}`,
    })
    expect(await db.outboxJob.findUniqueOrThrow({ where: { id: late.jobId } })).toMatchObject({
      status: 'cancelled',
      lastError: WITHDRAWN_LETTER,
    })
    // One that slipped into the queue past that check (two transactions at once on PostgreSQL): the sender's look.
    const slipped = await queueEmail(db, {
      schoolId: app.schoolId,
      to: app.applicantEmail,
      subject: 'Проскочившее письмо',
      text: 'Текст',
      applicationId: app.id,
      idempotencyKey: `withdrawn-slipped-${app.id}`,
    })
    await db.outboxJob.update({ where: { id: slipped.jobId }, data: { status: 'pending', lastError: '' } })
    expect(await sendDueEmails(later(1000))).toMatchObject({ sent: 0, cancelled: 1 })
    expect(await db.outboxJob.findUniqueOrThrow({ where: { id: slipped.jobId } })).toMatchObject({
      status: 'cancelled',
      lastError: WITHDRAWN_LETTER,
    })
    expect(arrivedTo(app.applicantEmail)).toEqual([])
  })

  it('whom a letter is for is marked when queued: an employee with the applicant’s address gets the notice, staff’s stay', async () => {
    const app = await receive('online', '5А')
    const school = await db.school.findUniqueOrThrow({ where: { id: app.schoolId } })
    const responsible = await db.staff.findUniqueOrThrow({ where: { id: school.responsibleEmployeeId! } })
    // A letter to the applicant's old address, waiting; then the applicant's address is changed to the employee's own.
    const old = await queueEmail(db, {
      schoolId: app.schoolId,
      to: app.applicantEmail,
      subject: 'Письмо на прежний адрес',
      text: 'Текст',
      applicationId: app.id,
      audience: 'applicant',
      idempotencyKey: `withdrawn-old-address-${app.id}`,
    })
    await db.application.update({ where: { id: app.id }, data: { applicantEmail: responsible.email } })
    // A staff letter of the application waiting before the withdrawal.
    const staff = await queueEmail(db, {
      schoolId: app.schoolId,
      to: responsible.email,
      subject: 'Сотруднику о заявлении',
      text: 'Текст',
      applicationId: app.id,
      audience: 'staff',
      idempotencyKey: `withdrawn-staff-${app.id}`,
    })
    await withdrawApplication({ applicationId: app.id, schoolId: app.schoolId, actor: applicant })
    expect(await db.outboxJob.findUniqueOrThrow({ where: { id: old.jobId } })).toMatchObject({ status: 'cancelled' })
    expect(await db.outboxJob.findUniqueOrThrow({ where: { id: staff.jobId } })).toMatchObject({ status: 'pending' })
    await drain(later(1000))
    // The withdrawal's own notice to the employee goes, though the address is the applicant's; the applicant's do not.
    const toEmployee = arrivedTo(responsible.email)
    expect(toEmployee.some((m) => /отозва/i.test(m.parsed.subject ?? '') || /отозва/i.test(m.parsed.text ?? ''))).toBe(true)
    expect(toEmployee.some((m) => m.parsed.subject === 'Сотруднику о заявлении')).toBe(true)
    expect(sink.messages.some((m) => m.parsed.subject === 'Письмо на прежний адрес')).toBe(false)
    const letters = await db.outboxJob.findMany({
      where: { applicationId: app.id, kind: 'send-email' },
      select: { payload: true, status: true },
    })
    const applicantNotice = letters.filter((l) => JSON.parse(l.payload).audience === 'applicant' && l.status !== 'cancelled')
    expect(applicantNotice).toEqual([])
  })

  it('a refusal decided and signed before the withdrawal is still made and kept in the file, not sent', async () => {
    const responsible = await staffActor('responsible')
    const app = await receive('online', '1А', { kinds: ['marks', 'homework', 'attendance'], delivery: 'email' })
    const t = { applicationId: app.id, schoolId: app.schoolId, actor: responsible }
    await registerApplication(t)
    await startReview(t)
    const pre = (await reviewPrecheck(app.schoolId, app.id))!
    expect(pre.refusedKinds.length).toBeGreaterThan(0)
    await forwardToDirector({
      ...t,
      comment: pre.summary,
      proposal: 'partial',
      proposedGrounds: pre.grounds,
      proposedRefusedKinds: pre.refusedKinds,
    })
    const director = await staffSession('director')
    await decideApplication({
      user: director,
      applicationId: app.id,
      decision: 'partial',
      refusedKinds: pre.refusedKinds,
      grounds: pre.grounds,
      password: 'demo2026',
    })
    await withdrawApplication({ applicationId: app.id, schoolId: app.schoolId, actor: applicant })
    await drain(later(1000))
    const docs = await db.storedDocument.findMany({
      where: { applicationId: app.id, mime: { not: 'application/pdf' } },
      select: { kind: true },
    })
    expect(docs.map((d) => d.kind)).toContain('refusal-notice')
    const deliveries = await db.delivery.findMany({ where: { applicationId: app.id }, select: { status: true } })
    expect(deliveries.length).toBeGreaterThan(0)
    expect(deliveries.every((d) => d.status === 'cancelled')).toBe(true)
    expect(arrivedTo(app.applicantEmail)).toEqual([])
  })

  it.runIf(onPostgres)('a document job in its transaction when the withdrawal commits leaves no Delivery «prepared»', async () => {
    const responsible = await staffActor('responsible')
    const app = await receive('online', '1А', { kinds: ['marks', 'homework', 'attendance'], delivery: 'post' })
    const t = { applicationId: app.id, schoolId: app.schoolId, actor: responsible }
    await registerApplication(t)
    await startReview(t)
    const pre = (await reviewPrecheck(app.schoolId, app.id))!
    await forwardToDirector({
      ...t,
      comment: pre.summary,
      proposal: 'partial',
      proposedGrounds: pre.grounds,
      proposedRefusedKinds: pre.refusedKinds,
    })
    const director = await staffSession('director')
    const decision = { decision: 'partial' as const, refusedKinds: pre.refusedKinds, grounds: pre.grounds, password: 'demo2026' }
    await decideApplication({ user: director, applicationId: app.id, ...decision })
    const slow = 'BEGIN PERFORM pg_sleep(3); RETURN NEW; END'
    await db.$executeRawUnsafe(`CREATE OR REPLACE FUNCTION slow_delivery() RETURNS trigger AS $$ ${slow} $$ LANGUAGE plpgsql`)
    await db.$executeRawUnsafe('CREATE TRIGGER slow_delivery BEFORE INSERT ON "Delivery" FOR EACH ROW EXECUTE FUNCTION slow_delivery()')
    try {
      const run = runOutbox(later(1000))
      const until = Date.now() + 30_000
      const sleeping = `SELECT count(*) AS n FROM pg_stat_activity WHERE query ILIKE '%"Delivery"%' AND wait_event = 'PgSleep'`
      while (Date.now() < until && Number((await db.$queryRawUnsafe<Array<{ n: bigint }>>(sleeping))[0]!.n) === 0)
        await new Promise((r) => setTimeout(r, 100))
      await withdrawApplication({ applicationId: app.id, schoolId: app.schoolId, actor: applicant })
      await run
    } finally {
      await db.$executeRawUnsafe('DROP TRIGGER slow_delivery ON "Delivery"')
    }
    expect(await db.application.findUniqueOrThrow({ where: { id: app.id } })).toMatchObject({ status: 'withdrawn' })
    expect(await db.delivery.findMany({ where: { applicationId: app.id, status: 'prepared' } })).toEqual([])
  })
})

describe('the mail page’s actions are audited in their own transaction', { timeout: 60_000 }, () => {
  it('retry and cancel write their audit row with the change — an audit row that cannot be written undoes the change', async () => {
    const school = await db.school.findFirstOrThrow({ orderBy: { id: 'asc' } })
    const admin = await db.user.findUniqueOrThrow({ where: { login: 'admin' } })
    const { jobId } = await queueEmail(db, {
      schoolId: school.id,
      to: 'someone@example.ru',
      subject: 'Письмо для повтора',
      text: 'Текст',
      idempotencyKey: `audit-tx-${Date.now()}`,
    })
    await db.outboxJob.update({ where: { id: jobId }, data: { status: 'failed', lastError: 'Сервер ответил: 550' } })
    // The database refuses the audit row (a trigger, as a full disk or a broken connection would): no change is kept.
    if (onPostgres) {
      await db.$executeRawUnsafe(
        `CREATE FUNCTION no_mail_audit() RETURNS trigger AS $$ BEGIN IF NEW."entityId" = '${jobId}' ` +
          `THEN RAISE EXCEPTION 'журнал недоступен'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`,
      )
      await db.$executeRawUnsafe('CREATE TRIGGER no_mail_audit BEFORE INSERT ON "AuditEvent" FOR EACH ROW EXECUTE FUNCTION no_mail_audit()')
    } else {
      await db.$executeRawUnsafe(
        `CREATE TRIGGER no_mail_audit BEFORE INSERT ON "AuditEvent" WHEN NEW."entityId" = '${jobId}' ` +
          `BEGIN SELECT RAISE(ABORT, 'журнал недоступен'); END`,
      )
    }
    try {
      await expect(retryLetter(school.id, jobId, { userId: admin.id })).rejects.toThrow()
      expect(await db.outboxJob.findUniqueOrThrow({ where: { id: jobId } })).toMatchObject({ status: 'failed' })
      await expect(cancelLetter(school.id, jobId, { userId: admin.id })).rejects.toThrow()
      expect(await db.outboxJob.findUniqueOrThrow({ where: { id: jobId } })).toMatchObject({ status: 'failed' })
    } finally {
      await db.$executeRawUnsafe(onPostgres ? 'DROP TRIGGER no_mail_audit ON "AuditEvent"' : 'DROP TRIGGER no_mail_audit')
    }

    await retryLetter(school.id, jobId, { userId: admin.id, ip: '10.0.0.5' })
    await cancelLetter(school.id, jobId, { userId: admin.id, ip: '10.0.0.5' })
    const audit = await db.auditEvent.findMany({ where: { entityId: jobId }, orderBy: { action: 'asc' } })
    expect(audit.map((a) => [a.action, a.userId, a.ip])).toEqual([
      ['cancel:outgoing-mail', admin.id, '10.0.0.5'],
      ['retry:outgoing-mail', admin.id, '10.0.0.5'],
    ])
  })
})
