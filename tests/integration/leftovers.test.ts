// Issue 18 items 6 and 7: nothing left behind by a crash (uploads adopted in the application's transaction,
// orphans swept after a day, letters re-sent after a one-minute lease with the same Message-ID) and receipt
// numbers that collide are retried instead of ending in a 500.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'

const dataDir = vi.hoisted(() => {
  const dir = `${process.cwd()}/tests/.tmp/data-leftovers-${process.pid}`
  process.env.DATA_DIR = dir
  return dir
})

import { db } from '#app/utils/db.server'
import { getEnv } from '#app/utils/env.server'
import { APPLICANT_ACTOR } from '#app/operations/actor'
import { keepLease, LEASE_MS } from '#app/jobs/outbox-claims.server'
import { LEFTOVER_AGE_MS, LOGIN_ATTEMPTS_KEPT_DAYS, sweepLeftovers } from '#app/jobs/leftovers.server'
import { TASKS } from '#app/jobs/index.server'
import { overrideMailSettings } from '#app/mail/config.server'
import { uploadEml } from '#app/mail/eml-upload.server'
import { queueEmail } from '#app/mail/index.server'
import { sendDueEmails } from '#app/mail/send-email.server'
import { receiptNumbers, receiveApplication } from '#app/operations/receive-application.server'
import { adoptUploads, stageUpload } from '#app/utils/uploads.server'
import { applicationFor } from '#tests/helpers/applications'
import { startSmtpSink, type SmtpSink } from '#tests/setup/mail-servers'

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n')
const actor = APPLICANT_ACTOR
const exists = (p: string) => fs.existsSync(path.resolve(dataDir, p))
const age = (p: string, ms: number) => {
  const t = new Date(Date.now() - ms)
  fs.utimesSync(path.resolve(dataDir, p), t, t)
}

let sink: SmtpSink
const mailDir = fs.mkdtempSync(path.join(os.tmpdir(), 'leftovers-mail-'))
beforeAll(async () => {
  sink = await startSmtpSink()
  overrideMailSettings({
    smtp: { host: '127.0.0.1', port: sink.port, secure: false },
    dataDir: mailDir,
    messageIdDomain: 'school8.example.org',
  })
})
afterAll(async () => {
  overrideMailSettings({ smtp: null })
  await sink.close()
  fs.rmSync(dataDir, { recursive: true, force: true })
  fs.rmSync(mailDir, { recursive: true, force: true })
})

describe('nothing left behind by a crash', () => {
  it(
    'a crash inside the application’s transaction leaves neither ' + 'the application nor upload rows; the file is swept after a day',
    async () => {
      const school = await db.school.findFirstOrThrow()
      const before = { applications: await db.application.count(), uploads: await db.upload.count() }
      const staged = await stageUpload(PDF, 'паспорт.pdf', 'identity')
      await expect(
        receiveApplication({
          schoolId: school.id,
          channel: 'online',
          data: await applicationFor(),
          actor,
          inTransaction: async (tx, applicationId) => {
            await adoptUploads(tx, [staged], { schoolId: school.id, applicationId })
            throw new Error('kill -9')
          },
        }),
      ).rejects.toThrow('kill -9')
      expect({ applications: await db.application.count(), uploads: await db.upload.count() }).toEqual(before)
      expect(exists(staged.storagePath)).toBe(true)

      // Adopted in the transaction: the application has its scan from the first moment it exists.
      const kept = await stageUpload(PDF, 'статус.pdf', 'status-proof')
      const { application } = await receiveApplication({
        schoolId: school.id,
        channel: 'online',
        data: await applicationFor(),
        actor,
        inTransaction: (tx, applicationId) => adoptUploads(tx, [kept], { schoolId: school.id, applicationId }),
      })
      expect((await db.upload.findMany({ where: { applicationId: application.id } })).map((u) => u.id)).toEqual([kept.id])

      // A row of an older version that never got its application, a day and a half old.
      const oldRow = await stageUpload(PDF, 'старый.pdf', 'identity')
      await db.upload.create({
        data: { ...oldRow, schoolId: school.id, applicationId: null, createdAt: new Date(Date.now() - 1.5 * LEFTOVER_AGE_MS) },
      })
      const young = await stageUpload(PDF, 'сейчас.pdf', 'identity')

      // Younger than a day: a submission may still be in progress.
      expect(await sweepLeftovers()).toMatchObject({ rows: 1, files: 0 })
      expect(exists(oldRow.storagePath)).toBe(false)
      expect(exists(staged.storagePath)).toBe(true)
      age(staged.storagePath, 1.5 * LEFTOVER_AGE_MS)
      age(kept.storagePath, 1.5 * LEFTOVER_AGE_MS)
      expect(await sweepLeftovers()).toMatchObject({ rows: 0, files: 1 })
      expect(exists(staged.storagePath)).toBe(false)
      expect(exists(kept.storagePath)).toBe(true)
      expect(exists(young.storagePath)).toBe(true)
    },
  )

  it('sweeps upload rows without an application older than a day, and is one of the worker’s listed tasks', async () => {
    const school = await db.school.findFirstOrThrow()
    const orphan = await stageUpload(PDF, 'сирота.pdf', 'identity')
    await db.upload.create({
      data: { ...orphan, schoolId: school.id, applicationId: null, createdAt: new Date(Date.now() - 2 * LEFTOVER_AGE_MS) },
    })
    const result = await sweepLeftovers()
    expect(result.rows).toBeGreaterThanOrEqual(1)
    expect(await db.upload.findUnique({ where: { id: orphan.id } })).toBeNull()
    expect(exists(orphan.storagePath)).toBe(false)
    expect(TASKS.map((t) => t.name)).toContain('leftovers-sweep')
  })

  it('keeps an incoming letter’s attachments until it is dealt with; sweeps a folder with no letter and old .tmp files', async () => {
    const inMail = (p: string) => path.join(mailDir, p)
    const raw = Buffer.from(
      [
        'From: Мария <maria@example.ru>',
        'To: school@example.org',
        'Subject: Заявление',
        'Message-ID: <leftovers-1@example.ru>',
        'MIME-Version: 1.0',
        'Content-Type: multipart/mixed; boundary="b"',
        '',
        '--b',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'Прошу предоставить сведения об успеваемости.',
        '--b',
        'Content-Type: application/pdf; name="passport.pdf"',
        'Content-Disposition: attachment; filename="passport.pdf"',
        'Content-Transfer-Encoding: base64',
        '',
        PDF.toString('base64'),
        '--b--',
        '',
      ].join('\r\n'),
    )
    const { message } = await uploadEml({ raw, receivedAt: new Date(Date.now() - 3 * LEFTOVER_AGE_MS) })
    const [upload] = await db.upload.findMany({ where: { storagePath: { startsWith: `uploads/mail/${message.id}/` } } })
    expect(upload.applicationId).toBeNull()
    await db.upload.update({ where: { id: upload.id }, data: { createdAt: new Date(Date.now() - 3 * LEFTOVER_AGE_MS) } })
    const letterDir = inMail(`uploads/mail/${message.id}`)
    fs.utimesSync(inMail(upload.storagePath), new Date(Date.now() - 3 * LEFTOVER_AGE_MS), new Date(Date.now() - 3 * LEFTOVER_AGE_MS))

    // A crash after the files, before the row: the letter is fetched again under another id; this folder is nobody's.
    const old = new Date(Date.now() - 2 * LEFTOVER_AGE_MS)
    const place = (relative: string, when: Date) => {
      fs.mkdirSync(path.dirname(inMail(relative)), { recursive: true })
      fs.writeFileSync(inMail(relative), PDF)
      fs.utimesSync(inMail(relative), when, when)
    }
    place('uploads/mail/inb_crashed0000/1-0123456789ab.pdf', old)
    fs.utimesSync(inMail('uploads/mail/inb_crashed0000'), old, old)
    place('uploads/mail/inb_fetching000/1-0123456789ab.pdf', new Date()) // a letter being stored now
    place(`uploads/mail/${message.id}/2-0123456789ab.pdf.4242.1700000000000.tmp`, old)
    place('mail/2026/05/abc.eml.4242.1700000000000.tmp', old)
    place('mail/2026/05/def.eml.4242.1700000000000.tmp', new Date())

    const result = await sweepLeftovers()
    expect(result.mail).toBe(3)
    expect(await db.upload.findUnique({ where: { id: upload.id } })).not.toBeNull()
    expect(fs.existsSync(inMail(upload.storagePath))).toBe(true)
    expect(fs.readdirSync(letterDir)).toEqual([path.basename(upload.storagePath)])
    expect(fs.existsSync(inMail('uploads/mail/inb_crashed0000'))).toBe(false)
    expect(fs.existsSync(inMail('uploads/mail/inb_fetching000/1-0123456789ab.pdf'))).toBe(true)
    expect(fs.readdirSync(inMail('mail/2026/05')).sort()).toEqual(['def.eml.4242.1700000000000.tmp'])
    expect(fs.existsSync(inMail((await db.inboundMessage.findUniqueOrThrow({ where: { id: message.id } })).rawPath))).toBe(true)
  })

  it('sweeps the dashboard’s moves and stored open days that lie more than 10 000 moves behind their school’s stamp', async () => {
    const school = await db.school.findFirstOrThrow()
    const { version } = await db.applicationStamp.upsert({
      where: { schoolId: school.id },
      create: { schoolId: school.id, version: 30_000 },
      update: { version: { increment: 30_000 } },
    })
    const receivedAt = new Date()
    const day = { schoolId: school.id, timeZone: 'Europe/Saratov', token: 1, closings: 0, data: new Uint8Array(8) }
    await db.applicationChange.createMany({
      data: [version - 10_001, version - 9_999].map((v) => ({ schoolId: school.id, version: v, token: 1, receivedAt })),
    })
    await db.openDay.createMany({
      data: [
        { ...day, day: '2026-09-01', version: version - 10_001 },
        { ...day, day: '2026-09-02', version: version - 9_999 },
      ],
    })
    expect((await sweepLeftovers()).moves).toBeGreaterThanOrEqual(2)
    expect(
      (await db.applicationChange.findMany({ where: { schoolId: school.id, version: { gte: version - 10_001 } } })).map((r) => r.version),
    ).toEqual([version - 9_999])
    expect((await db.openDay.findMany({ where: { schoolId: school.id } })).map((r) => r.day)).toEqual(['2026-09-02'])
  })

  it('deletes the sign-in records older than a year and a month (152-ФЗ: kept for their purpose only), keeps the younger', async () => {
    const now = new Date('2027-12-01T09:00:00Z')
    const day = 86_400_000
    const at = (daysAgo: number) => new Date(now.getTime() - daysAgo * day)
    expect(LOGIN_ATTEMPTS_KEPT_DAYS).toBeGreaterThanOrEqual(366) // a month of last year's activity report can be made again
    await db.loginAttempt.createMany({
      data: [
        { login: 'old.one', ip: '10.0.0.1', success: false, at: at(LOGIN_ATTEMPTS_KEPT_DAYS + 1) },
        { login: 'old.two', ip: '10.0.0.2', success: true, at: at(LOGIN_ATTEMPTS_KEPT_DAYS + 300) },
        { login: 'young', ip: '10.0.0.3', success: false, at: at(LOGIN_ATTEMPTS_KEPT_DAYS - 1) },
      ],
    })
    expect((await sweepLeftovers(now)).signIns).toBe(2)
    const left = await db.loginAttempt.findMany({ where: { login: { in: ['old.one', 'old.two', 'young'] } }, select: { login: true } })
    expect(left.map((r) => r.login)).toEqual(['young'])
  })

  it('deletes the sessions ended more than a day ago (their address and browser), keeps the live and the just ended', async () => {
    // ADR 120: a session whose holder never came back stayed for ever with the address and browser it was opened from.
    const now = new Date('2027-12-02T09:00:00Z')
    const userId = (await db.user.findFirstOrThrow({ orderBy: { id: 'asc' } })).id
    const h = 3_600_000
    const idle = getEnv().SESSION_IDLE_MINUTES * 60_000
    await db.session.createMany({
      data: [
        {
          id: 'ses_old',
          userId,
          ip: '10.0.0.9',
          userAgent: 'Firefox',
          expiresAt: new Date(now.getTime() - 25 * h),
          lastSeenAt: new Date(now.getTime() - 26 * h),
        },
        {
          id: 'ses_ended',
          userId,
          ip: '10.0.0.9',
          userAgent: 'Firefox',
          expiresAt: new Date(now.getTime() - h),
          lastSeenAt: new Date(now.getTime() - 2 * h),
        },
        { id: 'ses_live', userId, ip: '10.0.0.9', userAgent: 'Firefox', expiresAt: new Date(now.getTime() + h), lastSeenAt: now },
        // Idle longer than SESSION_IDLE_MINUTES (refused at sign-in just the same): gone a day after its idle end.
        {
          id: 'ses_idle',
          userId,
          ip: '10.0.0.9',
          userAgent: 'Firefox',
          expiresAt: new Date(now.getTime() + 500 * h),
          lastSeenAt: new Date(now.getTime() - idle - 25 * h),
        },
        {
          id: 'ses_idle_recent',
          userId,
          ip: '10.0.0.9',
          userAgent: 'Firefox',
          expiresAt: new Date(now.getTime() + 500 * h),
          lastSeenAt: new Date(now.getTime() - idle - h),
        },
      ],
    })
    expect((await sweepLeftovers(now)).sessions).toBeGreaterThanOrEqual(2)
    const left = await db.session.findMany({ where: { id: { startsWith: 'ses_' } }, select: { id: true }, orderBy: { id: 'asc' } })
    expect(left.map((s) => s.id)).toEqual(['ses_ended', 'ses_idle_recent', 'ses_live'])
  })

  it('a letter caught mid-send goes out again after a one-minute lease, with the same Message-ID', async () => {
    await db.outboxJob.updateMany({ where: { status: 'pending' }, data: { status: 'cancelled' } })
    const { jobId, messageId } = await queueEmail(db, {
      schoolId: (await db.school.findFirstOrThrow({ orderBy: { id: 'asc' } })).id,
      to: 'parent@example.ru',
      subject: 'Проверка аренды',
      text: 'Текст',
      idempotencyKey: 'lease-1',
    })
    // Claimed 30 s ago by a worker that is still alive: not taken.
    await db.outboxJob.update({ where: { id: jobId }, data: { status: 'running', claimedAt: new Date(Date.now() - 30_000) } })
    expect((await sendDueEmails(new Date(Date.now() + 1000))).sent).toBe(0)
    // The lease ran out (the worker died after the server said 250): sent again, the same Message-ID.
    await db.outboxJob.update({ where: { id: jobId }, data: { claimedAt: new Date(Date.now() - LEASE_MS - 1000) } })
    expect((await sendDueEmails(new Date(Date.now() + 1000))).sent).toBe(1)
    expect(sink.messages.filter((m) => m.parsed.subject === 'Проверка аренды').map((m) => m.parsed.messageId)).toEqual([messageId])
    expect(LEASE_MS).toBe(60_000)

    // A live worker renews its lease while the job runs.
    await db.outboxJob.update({ where: { id: jobId }, data: { status: 'running', claimedAt: new Date(Date.now() - 50_000) } })
    await keepLease(jobId, () => new Promise((resolve) => setTimeout(resolve, 200)), 50)
    const row = await db.outboxJob.findUniqueOrThrow({ where: { id: jobId } })
    expect(Date.now() - row.claimedAt!.getTime()).toBeLessThan(1_000)
  })
})

describe('receipt numbers', () => {
  it('a receipt number already taken is drawn again instead of a 500; five collisions in a row fail loudly', async () => {
    const school = await db.school.findFirstOrThrow()
    const original = receiptNumbers.suffix
    try {
      receiptNumbers.suffix = () => 'ABC123'
      const first = await receiveApplication({ schoolId: school.id, channel: 'online', data: await applicationFor(), actor })
      expect(first.application.receiptNumber).toMatch(/^\d{8}-ABC123$/)
      const draws = ['ABC123', 'ABC123', 'DEF456']
      receiptNumbers.suffix = () => draws.shift() ?? 'ZZZ999'
      const second = await receiveApplication({
        schoolId: school.id,
        channel: 'online',
        data: await applicationFor(),
        actor,
        idempotencyKey: 'receipt-retry',
      })
      expect(second).toMatchObject({ created: true })
      expect(second.application.receiptNumber).toMatch(/^\d{8}-DEF456$/)
      expect(draws).toEqual([])
      receiptNumbers.suffix = () => 'ABC123'
      await expect(
        receiveApplication({ schoolId: school.id, channel: 'online', data: await applicationFor(), actor }),
      ).rejects.toMatchObject({ code: 'P2002' })
    } finally {
      receiptNumbers.suffix = original
    }
  })
})
