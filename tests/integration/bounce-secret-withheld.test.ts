// ADR 114: a delivery report that returns one of our letters whole — the one-time password's file among its parts
// (ADR 019, 102) — is stored without it: the .eml staff download and the text they read keep the report's facts (who,
// status, diagnostic) and never the returned letter. A report on an ordinary letter is stored as it came.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { overrideMailSettings } from '#app/mail/config.server'
import { dataPath } from '#app/mail/inbound-files.server'
import { storeInbound } from '#app/mail/inbound.server'
import { queueEmail, wipeSecretAttachments } from '#app/mail/queue-email.server'
import { db } from '#app/utils/db.server'

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bounce-secret-'))
const PASSWORD = 'Vremennyi-Parol-7Q4'
const TO = 'roditel.bounce@example.org'

beforeAll(() => overrideMailSettings({ smtp: null, dataDir, messageIdDomain: 'school8.example.org' }))
afterAll(() => {
  overrideMailSettings({ smtp: null })
  fs.rmSync(dataDir, { recursive: true, force: true })
})

/** A Postfix-style report with the whole original letter (message/rfc822) returned. */
function report(messageId: string, attachment: string, n: number): Buffer {
  return Buffer.from(
    [
      'From: Mail Delivery System <MAILER-DAEMON@mx.example.ru>',
      'To: school@school8.example.org',
      'Return-Path: <>',
      'Subject: Undelivered Mail Returned to Sender',
      `Message-ID: <bounce-secret-${n}@mx.example.ru>`,
      'MIME-Version: 1.0',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="r1"',
      '',
      '--r1',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Письмо не доставлено: такого ящика нет.',
      '',
      '--r1',
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; mx.example.ru',
      '',
      `Final-Recipient: rfc822; ${TO}`,
      'Action: failed',
      'Status: 5.1.1',
      'Diagnostic-Code: smtp; 550 5.1.1 User unknown',
      '',
      '--r1',
      'Content-Type: message/rfc822',
      '',
      `Message-ID: ${messageId}`,
      `To: ${TO}`,
      'Subject: Сброшен пароль',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="o1"',
      '',
      '--o1',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Временный пароль — во вложенном файле.',
      '--o1',
      'Content-Type: text/plain; charset=utf-8; name="rekvizity.txt"',
      'Content-Disposition: attachment; filename="rekvizity.txt"',
      'Content-Transfer-Encoding: base64',
      '',
      attachment,
      '--o1--',
      '',
      '--r1--',
      '',
    ].join('\r\n'),
  )
}

describe('a bounce of a letter with a password (ADR 114)', () => {
  it('is stored without the returned letter; its facts stay, and our letter is failed', async () => {
    const school = await db.school.findFirstOrThrow()
    const file = Buffer.from(`Логин: roditel.b\r\nВременный пароль: ${PASSWORD}\r\n`, 'utf8').toString('base64')
    const letter = await queueEmail(db, {
      schoolId: school.id,
      to: TO,
      subject: 'Сброшен пароль',
      text: 'Временный пароль — во вложенном файле.',
      attachments: [{ fileName: 'Реквизиты доступа.txt', contentBase64: file, contentType: 'text/plain; charset=utf-8', secret: true }],
      idempotencyKey: 'bounce-secret-letter',
    })
    // as send-email.server.ts does once the server accepted the letter (a bounce always comes after that)
    const row = await db.outboxJob.findUniqueOrThrow({ where: { id: letter.jobId } })
    await db.outboxJob.update({ where: { id: letter.jobId }, data: { status: 'done', payload: wipeSecretAttachments(row.payload)! } })
    const { message } = await storeInbound({
      raw: report(letter.messageId, file, 1),
      internalDate: new Date(),
      source: 'upload',
      schoolId: school.id,
    })
    expect(message.kind).toBe('bounce')
    const stored = fs.readFileSync(dataPath(message.rawPath))
    for (const text of [stored.toString('latin1'), stored.toString('utf8'), message.text]) {
      expect(text).not.toContain(PASSWORD)
      expect(text).not.toContain(file)
    }
    const decoded = Buffer.from(
      stored
        .toString('latin1')
        .split('\r\n\r\n')
        .slice(2)
        .join('\n')
        .replace(/[^A-Za-z0-9+/=]/g, ''),
      'base64',
    )
    expect(decoded.toString('utf8')).not.toContain(PASSWORD)
    expect(stored.toString('utf8')).toContain('Status: 5.1.1')
    expect(stored.toString('utf8')).toContain('Subject: Undelivered Mail Returned to Sender')
    expect(message.text).toContain('Письмо не доставлено: такого ящика нет.')
    expect(message.text).toContain('Возвращённое исходное письмо не сохранено')
    expect((await db.outboxJob.findUniqueOrThrow({ where: { id: letter.jobId } })).status).toBe('failed')
  })

  it('a report on an ordinary letter is kept as it came', async () => {
    const school = await db.school.findFirstOrThrow()
    const body = Buffer.from('Выписка об успеваемости', 'utf8').toString('base64')
    const letter = await queueEmail(db, {
      schoolId: school.id,
      to: TO,
      subject: 'Выписка',
      text: 'Выписка во вложении.',
      attachments: [{ fileName: 'vypiska.txt', contentBase64: body, contentType: 'text/plain; charset=utf-8' }],
      idempotencyKey: 'bounce-plain-letter',
    })
    const raw = report(letter.messageId, body, 2)
    const { message } = await storeInbound({ raw, internalDate: new Date(), source: 'upload', schoolId: school.id })
    expect(message.kind).toBe('bounce')
    expect(fs.readFileSync(dataPath(message.rawPath)).equals(raw)).toBe(true)
  })
})
