// A kill -9 of the sender while the SMTP server has the letter (ADR 113). Before, the row stayed 'running', its lease ran
// out and the next pass sent the letter again: a probe of 133 letters with 8 kills at acceptance gave 22 letters twice.
// Here a real process sends through a real SMTP server on 127.0.0.1, which kills it (SIGKILL) the moment a letter's
// data has arrived, before its «250»; the next run must not send that letter again, and must not lose it either.
import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { db } from '#app/utils/db.server'
import { overrideMailSettings } from '#app/mail/config.server'
import { queueEmail } from '#app/mail/index.server'
import { sendDueEmails } from '#app/mail/send-email.server'
import { IMAP_KEY, setSchoolMailbox } from '#app/mail/mailboxes.server'
import { confirmUnsureLetterSent, resendUnsureLetter, UNSURE_NO_MAILBOX, UNSURE_NOT_FOUND } from '#app/mail/unsure-letters.server'
import { closeTransport } from '#app/mail/transport.server'
import { receive } from '#tests/helpers/applications'
import * as adminHome from '#app/routes/admin._index'
import * as adminList from '#app/routes/admin.mail._index'
import * as adminLetter from '#app/routes/admin.mail.$id'
import { signIn } from '#tests/helpers/auth'
import { getApplicationPage } from '#app/models/application-page.server'
import { formRequest, getRequest, settle } from '#tests/helpers/http'
import {
  dovecotAvailable,
  imapSettings,
  startDovecot,
  startSmtpSink,
  withImap,
  type Dovecot,
  type SmtpSink,
} from '#tests/setup/mail-servers'

const root = path.resolve(__dirname, '..', '..')
const later = (ms: number) => new Date(Date.now() + ms)

/** The SMTP server: it keeps every letter whose data it received in full (it would answer 250). */
let sink: SmtpSink
let schoolId = ''

beforeAll(async () => {
  sink = await startSmtpSink()
  overrideMailSettings({ smtp: { host: '127.0.0.1', port: sink.port, secure: false }, messageIdDomain: 'school8.example.org' })
  schoolId = (await db.school.findFirstOrThrow({ orderBy: { id: 'asc' } })).id
})
afterAll(async () => {
  overrideMailSettings({ smtp: null })
  await sink.close()
})
afterEach(async () => {
  sink.messages.length = 0
  sink.beforeAnswer = null
  sink.refuseData = null
  await db.outboxJob.updateMany({ where: { status: { in: ['pending', 'unsure'] } }, data: { status: 'cancelled' } })
  await db.setting.deleteMany({ where: { key: IMAP_KEY } })
})

/** Runs the letters' loop in its own process; `killAt` — the n-th letter arriving at the server kills it first. */
async function runChild(killAt: number | null, aheadMs = 0): Promise<{ killed: boolean; out: string }> {
  // Node itself with tsx's loader: the tsx command runs the script in a grandchild, which a SIGKILL of tsx leaves alive.
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'tests/helpers/mail-send-child.ts')], {
    cwd: root,
    env: { ...process.env, MAIL_CHILD_PORT: String(sink.port), MAIL_CHILD_AHEAD_MS: String(aheadMs) },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()))
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()))
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)))
  let seen = 0
  const earlier = sink.beforeAnswer
  sink.beforeAnswer = async (message) => {
    const answer = await earlier?.(message)
    if (killAt !== null && ++seen === killAt && child.exitCode === null) {
      child.kill('SIGKILL')
      await exited
    }
    return answer
  }
  const signal = await exited
  sink.beforeAnswer = earlier
  return { killed: signal === 'SIGKILL', out }
}

async function letter(key: string, extra: Partial<Parameters<typeof queueEmail>[1]> = {}) {
  return queueEmail(db, {
    schoolId,
    to: 'parent@example.ru',
    subject: `Письмо ${key}`,
    text: 'Текст письма',
    idempotencyKey: key,
    ...extra,
  })
}

/** How many times the server received the letter's data in full. */
const count = (id: string) => sink.messages.filter((m) => m.parsed.messageId === id).length

// Each case starts a Node process or two (a few seconds each on a loaded machine).
describe('a sender killed at the moment the SMTP server has the letter', { timeout: 60_000 }, () => {
  it('does not send it again after the restart: the letter waits, «unsure», for the administrator, whose decision is audited', async () => {
    const app = await receive('email', '5А')
    const delivery = await db.delivery.create({
      data: { applicationId: app.id, kind: 'extract', channel: 'email', idempotencyKey: `kill-${app.id}` },
    })
    const { jobId, messageId } = await letter(`kill-1-${app.id}`, { applicationId: app.id, deliveryId: delivery.id })
    expect((await runChild(1)).killed).toBe(true)
    expect(count(messageId)).toBe(1)
    // The restart: this process's passes, the lease long run out.
    expect(await sendDueEmails(later(2 * 60_000))).toMatchObject({ sent: 0, retry: 0 })
    await sendDueEmails(later(3_600_000))
    expect(count(messageId)).toBe(1)
    const row = await db.outboxJob.findUniqueOrThrow({ where: { id: jobId } })
    expect(row.status).toBe('unsure')
    expect(row.sendStartedAt).not.toBeNull()
    expect(row.lastError).toMatch(/^Неизвестно, ушло ли письмо: программа остановилась/)
    expect(row.lastError).toContain(UNSURE_NO_MAILBOX)
    expect(await db.delivery.findUniqueOrThrow({ where: { id: delivery.id } })).toMatchObject({ status: 'prepared' })
    // The staff's application page names the state in Russian, not with the row's value.
    const page = await getApplicationPage(app.schoolId, app.id, ['responsible'], new Date())
    expect(page!.jobs.find((j) => j.id === jobId)?.statusLabel).toBe('неизвестно, ушло ли письмо (решает администратор ЭЖ)')
    // «Письмо ушло»: done, the delivery e-mailed, and the decision in the audit trail; never sent by the program.
    const admin = await db.user.findUniqueOrThrow({ where: { login: 'admin' } })
    await confirmUnsureLetterSent({ schoolId, userId: admin.id, ip: '127.0.0.1' }, jobId)
    expect(await db.outboxJob.findUniqueOrThrow({ where: { id: jobId } })).toMatchObject({ status: 'done', lastError: '' })
    expect(await db.delivery.findUniqueOrThrow({ where: { id: delivery.id } })).toMatchObject({ status: 'emailed' })
    expect(await db.auditEvent.findMany({ where: { entityId: jobId }, select: { action: true, userId: true } })).toEqual([
      { action: 'confirm-sent:outgoing-mail', userId: admin.id },
    ])
    await expect(confirmUnsureLetterSent({ schoolId, userId: admin.id }, jobId)).rejects.toThrow(/уже не ждёт решения/)
    await sendDueEmails(later(3_600_000))
    expect(count(messageId)).toBe(1)
  })

  it('the administrator sees it on the home page and the outbox, and decides on the letter’s page (audited with the address)', async () => {
    const { jobId } = await letter(`kill-ui-${Date.now()}`)
    expect((await runChild(1)).killed).toBe(true)
    await sendDueEmails(later(2 * 60_000))
    const cookie = await signIn('admin')
    const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} })
    const home = await (await settle(() => adminHome.loader(args(getRequest('/admin', cookie))))).json()
    expect(home.unsureWarning).toMatch(/неизвестно, ушли ли они: 1\./)
    const list = await (await settle(() => adminList.loader(args(getRequest('/admin/mail?status=unsure', cookie))))).json()
    expect(list.counts.unsure).toBe(1)
    expect(list.letters.map((l: { id: string; status: string }) => [l.id, l.status])).toEqual([[jobId, 'unsure']])
    const bad = await settle(() =>
      adminLetter.action(args(formRequest(`/admin/mail/${jobId}`, { intent: 'retry' }, cookie), { id: jobId })),
    )
    expect(bad.status).toBe(409)
    const ok = await settle(() =>
      adminLetter.action(args(formRequest(`/admin/mail/${jobId}`, { intent: 'confirm-sent' }, cookie), { id: jobId })),
    )
    expect(ok.status).toBe(302)
    expect(await db.outboxJob.findUniqueOrThrow({ where: { id: jobId } })).toMatchObject({ status: 'done' })
    const audit = await db.auditEvent.findMany({ where: { entityId: jobId, action: { not: 'view:outgoing-mail' } } })
    expect(audit.map((a) => a.action)).toEqual(['confirm-sent:outgoing-mail'])
    expect(audit[0].ip).not.toBe('')
    expect((await (await settle(() => adminHome.loader(args(getRequest('/admin', cookie))))).json()).unsureWarning).toBeNull()
  })

  it('«Отправить ещё раз» sends it once more, on the administrator’s word only', async () => {
    const { jobId, messageId } = await letter(`kill-2-${Date.now()}`)
    expect((await runChild(1)).killed).toBe(true)
    await sendDueEmails(later(2 * 60_000))
    expect(await db.outboxJob.findUniqueOrThrow({ where: { id: jobId } })).toMatchObject({ status: 'unsure' })
    const admin = await db.user.findUniqueOrThrow({ where: { login: 'admin' } })
    // Another school's administrator cannot decide on it.
    await expect(resendUnsureLetter({ schoolId: 'another-school', userId: admin.id }, jobId)).rejects.toThrow(/уже не ждёт/)
    await resendUnsureLetter({ schoolId, userId: admin.id }, jobId)
    expect(await sendDueEmails(later(2 * 60_000))).toMatchObject({ sent: 1 })
    expect(count(messageId)).toBe(2)
    expect(await db.outboxJob.findUniqueOrThrow({ where: { id: jobId } })).toMatchObject({ status: 'done' })
    expect((await db.auditEvent.findMany({ where: { entityId: jobId } })).map((a) => a.action)).toEqual(['resend-unsure:outgoing-mail'])
  })

  it('a letter not yet handed to the server when the sender died goes out after the restart as before', async () => {
    const first = await letter(`kill-3a-${Date.now()}`)
    const rest = await Promise.all([1, 2, 3, 4, 5].map((i) => letter(`kill-3-${i}-${Date.now()}`)))
    expect((await runChild(1)).killed).toBe(true)
    await sendDueEmails(later(2 * 60_000))
    await sendDueEmails(later(4 * 60_000))
    const rows = await db.outboxJob.findMany({ where: { id: { in: [first, ...rest].map((l) => l.jobId) } } })
    for (const row of rows) {
      const n = count(row.messageId!)
      // Never twice; 'done' — arrived exactly once; 'unsure' — at most once (in flight when the process died).
      expect(n).toBeLessThanOrEqual(1)
      if (row.status === 'done') expect(n).toBe(1)
      else expect(row.status).toBe('unsure')
    }
    // At most the letters in flight on the pool's connections were cut off.
    expect(rows.filter((r) => r.status === 'unsure').length).toBeLessThanOrEqual(3)
    expect(rows.filter((r) => r.status === 'done').length).toBeGreaterThanOrEqual(3)
  })

  it('over many kills no letter arrives twice and none is lost: every one arrived, or waits «unsure» for a decision', async () => {
    const keys = Array.from({ length: 8 }, (_, i) => `kill-4-${i}-${Date.now()}`)
    const letters = await Promise.all(keys.map((k) => letter(k)))
    let kills = 0
    // Each run is killed at its 2nd letter (the server has it, its «250» not yet sent); runs go on until one finishes.
    // Each starts 2 min ahead of the last. Eight letters give two kills or more: a run takes three at once.
    for (let run = 1; run < 9; run++) {
      const { killed, out } = await runChild(2, run * 2 * 60_000)
      if (!killed) {
        expect(out).toMatch(/"sent"/)
        break
      }
      kills++
    }
    expect(kills).toBeGreaterThanOrEqual(2)
    await sendDueEmails(later(60 * 60_000))
    const rows = await db.outboxJob.findMany({ where: { id: { in: letters.map((l) => l.jobId) } } })
    expect(rows.map((r) => count(r.messageId!)).filter((n) => n > 1)).toEqual([])
    expect(rows.filter((r) => r.status === 'done').every((r) => count(r.messageId!) === 1)).toBe(true)
    const unsure = rows.filter((r) => r.status === 'unsure')
    expect(rows.every((r) => r.status === 'done' || r.status === 'unsure')).toBe(true)
    expect(unsure.length).toBeGreaterThanOrEqual(kills)
    // The administrator settles each: arrived — «Письмо ушло»; not — «Отправить ещё раз». Then every letter once.
    const admin = await db.user.findUniqueOrThrow({ where: { login: 'admin' } })
    for (const row of unsure) {
      if (count(row.messageId!) === 1) await confirmUnsureLetterSent({ schoolId, userId: admin.id }, row.id)
      else await resendUnsureLetter({ schoolId, userId: admin.id }, row.id)
    }
    await sendDueEmails(later(2 * 60 * 60_000))
    expect(letters.map((l) => count(l.messageId))).toEqual(letters.map(() => 1))
  }, 120_000)

  it('a connection dropped after the whole letter went out makes it «unsure»; a refusal after the data is a clean retry', async () => {
    closeTransport()
    sink.refuseData = { code: 451, message: 'Попробуйте позже' }
    const refused = await letter(`kill-5-${Date.now()}`)
    expect(await sendDueEmails(later(1000))).toMatchObject({ retry: 1, unsure: 0 })
    expect(await db.outboxJob.findUniqueOrThrow({ where: { id: refused.jobId } })).toMatchObject({ status: 'pending', sendStartedAt: null })
    await db.outboxJob.update({ where: { id: refused.jobId }, data: { status: 'cancelled' } })
    sink.refuseData = null
    // The server takes the data and then the line goes dead: no answer at all.
    sink.beforeAnswer = async () => 'drop'
    const dropped = await letter(`kill-6-${Date.now()}`)
    expect(await sendDueEmails(later(1000))).toMatchObject({ unsure: 1, retry: 0 })
    const row = await db.outboxJob.findUniqueOrThrow({ where: { id: dropped.jobId } })
    expect(row.status).toBe('unsure')
    expect(row.lastError).toMatch(/^Неизвестно, ушло ли письмо: связь с почтовым сервером оборвалась/)
    sink.beforeAnswer = null
    await sendDueEmails(later(3_600_000))
    expect(count(dropped.messageId)).toBe(1)
  })
})

describe.runIf(dovecotAvailable())('with the school’s mailbox, which keeps copies of sent mail', () => {
  let dovecot: Dovecot
  beforeAll(async () => {
    dovecot = await startDovecot()
    await withImap(dovecot, (client) => client.mailboxCreate('Sent'))
  })
  afterAll(() => dovecot?.close())

  it('the copy found by its Message-ID settles the letter as sent; a letter with no copy is left to the administrator', async () => {
    await setSchoolMailbox(schoolId, imapSettings(dovecot))
    // The server keeps a copy of what it accepted in the sender's «Sent» (as Yandex, Mail.ru and Gmail do).
    sink.beforeAnswer = async (message) => {
      await withImap(dovecot, (client) => client.append('Sent', message.raw, ['\\Seen']))
    }
    const kept = await letter(`kill-7-${Date.now()}`)
    expect((await runChild(1)).killed).toBe(true)
    sink.beforeAnswer = null
    expect(await sendDueEmails(later(2 * 60_000))).toMatchObject({ sent: 0 })
    // Not searched in the pass that found it cut off: its holder, alive after all, could still record its «250».
    expect(await db.outboxJob.findUniqueOrThrow({ where: { id: kept.jobId } })).toMatchObject({ status: 'unsure' })
    await sendDueEmails(later(4 * 60_000))
    const row = await db.outboxJob.findUniqueOrThrow({ where: { id: kept.jobId } })
    expect(row.status).toBe('done')
    expect(JSON.parse(row.result).response).toMatch(/найдена в папке «Sent»/)
    expect(count(kept.messageId)).toBe(1)
    // No copy kept this time: searched, searched again ten minutes later (ADR 119), then the administrator's.
    const lost = await letter(`kill-8-${Date.now()}`)
    expect((await runChild(1)).killed).toBe(true)
    await sendDueEmails(later(2 * 60_000))
    await sendDueEmails(later(4 * 60_000))
    expect((await db.outboxJob.findUniqueOrThrow({ where: { id: lost.jobId } })).lastError).not.toContain(UNSURE_NOT_FOUND)
    await sendDueEmails(later(20 * 60_000))
    const left = await db.outboxJob.findUniqueOrThrow({ where: { id: lost.jobId } })
    expect(left.status).toBe('unsure')
    expect(left.lastError).toContain(UNSURE_NOT_FOUND)
    await sendDueEmails(later(3_600_000))
    expect(count(lost.messageId)).toBe(1)
  }, 90_000)
})
