// ADR 119 (on ADR 114): a credentials letter's job killed with SIGKILL after it changed the parent's password and before
// it queued the letter carrying it. Issuing and queuing are one transaction, so the kill leaves the old password and no
// letter; the job, back in the queue once its lease ran out, issues once — the letter that arrives (a real SMTP server)
// carries the password the account has, and no second password is ever set. On SQLite and PostgreSQL.
import path from 'node:path'
import { spawn } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import PizZip from 'pizzip'
import { runOutbox } from '#app/jobs/outbox.server'
import { auditRow } from '#app/models/audit.server'
import { overrideMailSettings } from '#app/mail/config.server'
import { sendDueEmails } from '#app/mail/send-email.server'
import { forwardToDirector, registerApplication, startDelivery, startReview } from '#app/operations/steps.server'
import { transitionApplication } from '#app/operations/transition.server'
import { db } from '#app/utils/db.server'
import { hashPassword, verifyPassword } from '#app/utils/password.server'
import { applicantOf, receive, staffActor } from '#tests/helpers/applications'
import { startSmtpSink, type SmtpSink } from '#tests/setup/mail-servers'

const root = path.resolve(__dirname, '..', '..')
const later = (ms: number) => new Date(Date.now() + ms)
let sink: SmtpSink

beforeAll(async () => {
  sink = await startSmtpSink()
  overrideMailSettings({ smtp: { host: '127.0.0.1', port: sink.port, secure: false }, messageIdDomain: 'school8.example.org' })
})
afterAll(async () => {
  overrideMailSettings({ smtp: null })
  await sink.close()
})

function runChild(): Promise<{ signal: NodeJS.Signals | null; out: string }> {
  // Node itself with tsx's loader: the tsx command runs the script in a grandchild, which a SIGKILL leaves alive.
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'tests/helpers/credentials-kill-child.ts')], {
    cwd: root,
    env: process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  child.stdout.on('data', (c: Buffer) => (out += c.toString()))
  child.stderr.on('data', (c: Buffer) => (out += c.toString()))
  return new Promise((resolve) => child.once('exit', (_code, signal) => resolve({ signal, out })))
}

/** The password the Word file of a letter carries, if one of its words opens the account. */
async function passwordIn(docx: Buffer, passwordHash: string): Promise<string | null> {
  const text = new PizZip(docx)
    .file('word/document.xml')!
    .asText()
    .replace(/<[^>]+>/g, ' ')
  for (const word of text.match(/[A-Za-z0-9-]{8,}/g) ?? []) if (await verifyPassword(passwordHash, word)) return word
  return null
}

describe('a crash between issuing the password and queuing its letter', () => {
  it('leaves the old password and no letter; the retry issues once and the letter carries the password set', async () => {
    const pupil = await db.pupil.findFirstOrThrow({
      where: { class: { name: '6А' }, leftOn: null },
      orderBy: { lastName: 'asc' },
      include: { guardians: { include: { guardian: true } } },
    })
    const link = pupil.guardians[0]
    await db.guardianLink.update({ where: { id: link.id }, data: { statusConfirmed: true, confirmedBy: 'свидетельство' } })
    let userId = link.guardian.userId
    if (!userId)
      userId = (
        await db.user.create({
          data: {
            schoolId: pupil.schoolId,
            login: 'roditel.kill',
            passwordHash: await hashPassword('Parol-roditelya-1'),
            mustChangePassword: false,
            roles: { create: { role: 'parent' } },
          },
        })
      ).id
    const guardian = await db.guardian.update({ where: { id: link.guardian.id }, data: { email: 'roditel.6a@example.org', userId } })
    await db.auditEvent.create({
      data: {
        ...auditRow({ schoolId: pupil.schoolId, userId, action: 'sign-in', entity: 'user', entityId: userId }),
        at: new Date(Date.now() - 86_400_000),
      },
    })
    // This guardian applies (the order of a pupil's guardians is the database's own: named, not taken first).
    const app = await receive('online', '6А', { kinds: ['access'], delivery: 'email', applicant: applicantOf(guardian) })
    const responsible = await staffActor('responsible')
    const t = { applicationId: app.id, schoolId: app.schoolId }
    await registerApplication({ ...t, actor: responsible })
    await startReview({ ...t, actor: responsible })
    await forwardToDirector({ ...t, actor: responsible, comment: 'Проверено', proposal: 'grant' })
    await transitionApplication({ ...t, actor: await staffActor('director'), event: { type: 'GRANT' } })
    await startDelivery({ ...t, actor: responsible })
    const job = await db.outboxJob.findFirstOrThrow({ where: { kind: 'credentials', applicationId: app.id } })
    const before = (await db.user.findUniqueOrThrow({ where: { id: userId } })).passwordHash

    const killed = await runChild()
    expect(killed.out).toContain('KILL:')
    expect(killed.signal).toBe('SIGKILL')
    // Nothing of that transaction stayed: the old password, no audit of an issue, no letter, no delivery claimed.
    expect((await db.user.findUniqueOrThrow({ where: { id: userId } })).passwordHash).toBe(before)
    expect(await db.auditEvent.count({ where: { action: 'issue:credentials', entityId: app.id } })).toBe(0)
    expect(await db.outboxJob.count({ where: { kind: 'send-email', applicationId: app.id, payload: { contains: '"secret":true' } } })).toBe(
      0,
    )
    expect(await db.delivery.count({ where: { applicationId: app.id, kind: 'credentials' } })).toBe(0)
    expect(await db.outboxJob.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({ status: 'running' })

    // The restart: the job's lease runs out, it runs again; the letter goes.
    for (let i = 1; i <= 3; i++) await runOutbox(later(i * 2 * 60_000))
    expect(await db.outboxJob.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({ status: 'done' })
    await sendDueEmails(later(10 * 60_000))
    await runOutbox(later(20 * 60_000))
    await sendDueEmails(later(30 * 60_000))

    const user = await db.user.findUniqueOrThrow({ where: { id: userId } })
    expect(user.passwordHash).not.toBe(before)
    expect(await db.auditEvent.count({ where: { action: 'issue:credentials', entityId: app.id } })).toBe(1)
    const letters = sink.messages.filter((m) => m.envelopeTo.includes('roditel.6a@example.org') && m.parsed.attachments.length)
    expect(letters).toHaveLength(1)
    const docx = letters[0].parsed.attachments.find((a) => /\.docx$/.test(a.filename ?? ''))!
    expect(await passwordIn(docx.content, user.passwordHash)).not.toBeNull()
    expect(await db.delivery.findFirstOrThrow({ where: { applicationId: app.id, kind: 'credentials' } })).toMatchObject({
      status: 'emailed',
    })
  }, 120_000)
})
