// Kill -9 at the worst moments of the work that takes in or sends out what a family is owed: a parent's online form,
// a letter fetched from the school's mailbox and filed as an application, an import of the journal, the staff or the
// classes, and the weekly extracts. Each time a real process (tests/helpers/kill-child.ts) is SIGKILLed at a chosen
// point — inside a transaction, or just after it committed — then the work runs again as after a restart, and the
// database and what a real SMTP server on 127.0.0.1 received are checked: no accepted application lost, nothing
// half-written, no letter twice. On SQLite and PostgreSQL.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { simpleParser } from 'mailparser'

// The uploads and the stored letters of this file go to its own folder (set before any module reads the environment).
const dataDir = vi.hoisted(() => {
  const dir = `${process.cwd()}/tests/.tmp/data-crash-kill-${process.pid}`
  process.env.DATA_DIR = dir
  return dir
})

import { db } from '#app/utils/db.server'
import { runOutbox } from '#app/jobs/outbox.server'
import { runPeriodicDeliveries } from '#app/jobs/periodic-deliveries.server'
import { activePeriodic } from '#tests/helpers/periodic'
import { addDays, parseLocalDateTime, weekdayOf } from '#workflows/time'
import { overrideMailSettings } from '#app/mail/config.server'
import { sendDueEmails } from '#app/mail/send-email.server'
import { action as applyAction } from '#app/routes/apply'
import { STORED_KEYWORD } from '#app/mail/mailbox.server'
import { createApplicationFromInbound, refuseInbound } from '#app/mail/inbound-actions.server'
import { uploadEml } from '#app/mail/eml-upload.server'
import { applicationFor, receive, staffActor } from '#tests/helpers/applications'
import { forwardToDirector, registerApplication, startReview } from '#app/operations/steps.server'
import {
  SCAN_PDF,
  composeRaw,
  deliver,
  dovecotAvailable,
  flagsOf,
  imapSettings,
  startDovecot,
  startSmtpSink,
  type Dovecot,
  type SmtpSink,
} from '#tests/setup/mail-servers'

const root = path.resolve(__dirname, '..', '..')
const later = (ms: number) => new Date(Date.now() + ms)
const ORIGIN = 'http://localhost:3000'
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n')
let sink: SmtpSink
let mail: Parameters<typeof overrideMailSettings>[0]

beforeAll(async () => {
  sink = await startSmtpSink()
  mail = { smtp: { host: '127.0.0.1', port: sink.port, secure: false }, messageIdDomain: 'school8.example.org', dataDir }
  overrideMailSettings(mail)
})
afterAll(async () => {
  overrideMailSettings({ smtp: null, imap: null })
  await sink.close()
  fs.rmSync(dataDir, { recursive: true, force: true })
})

type Outcome = { signal: NodeJS.Signals | null; out: string; result: unknown }

/** The work in its own process, killed at `killAt` (kill-child.ts); its printed result when it was not killed. */
function runChild(work: string, args: object, killAt = ''): Promise<Outcome> {
  // Node itself with tsx's loader: the tsx command runs the script in a grandchild, which a SIGKILL leaves alive.
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'tests/helpers/kill-child.ts')], {
    cwd: root,
    env: { ...process.env, KILL_WORK: work, KILL_ARGS: JSON.stringify(args), KILL_AT: killAt, KILL_MAIL: JSON.stringify(mail) },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  child.stdout.on('data', (c: Buffer) => (out += c.toString()))
  child.stderr.on('data', (c: Buffer) => (out += c.toString()))
  return new Promise((resolve) =>
    child.once('exit', (_code, signal) => {
      const line = out.split('\n').find((l) => l.startsWith('{"result"'))
      resolve({ signal, out, result: line ? (JSON.parse(line) as { result: unknown }).result : null })
    }),
  )
}

async function killed(work: string, args: object, killAt: string) {
  const outcome = await runChild(work, args, killAt)
  expect(outcome.out).toContain('KILL:')
  expect(outcome.signal).toBe('SIGKILL')
  return outcome
}

/** Every letter waiting in the outbox made and sent, as the restarted worker's passes would. */
async function deliverAll() {
  await runOutbox(later(10 * 60_000))
  await sendDueEmails(later(20 * 60_000))
  await runOutbox(later(30 * 60_000))
  await sendDueEmails(later(40 * 60_000))
}

const lettersTo = (address: string, subject: RegExp) =>
  sink.messages.filter((m) => m.envelopeTo.includes(address) && subject.test(m.parsed.subject ?? ''))

describe('a parent’s online form, the server killed while it is being accepted', () => {
  async function formOf(email: string) {
    const pupil = await db.pupil.findFirstOrThrow({ where: { class: { name: '5А' }, leftOn: null }, orderBy: { lastName: 'asc' } })
    return {
      fields: {
        'applicant.lastName': 'Сидорова',
        'applicant.firstName': 'Анна',
        'applicant.middleName': 'Петровна',
        'identity.kind': 'passport',
        'identity.number': '6310 123456',
        'identity.issuedBy': 'ГУ МВД России по Саратовской области',
        'identity.issuedOn': '2015-02-01',
        'applicant.postalAddress': 'г. Саратов, ул. Московская, д. 1, кв. 2',
        'applicant.email': email,
        'applicant.phone': '+7 845 212-34-56',
        'pupil.lastName': pupil.lastName,
        'pupil.firstName': pupil.firstName,
        'pupil.middleName': pupil.middleName,
        'pupil.className': '5А',
        'applicant.role': 'guardian',
        periodicity: 'once',
        delivery: 'email',
        idempotencyKey: crypto.randomUUID(),
      } as Record<string, string>,
      kinds: ['marks', 'attendance'],
      files: { 'documents.identity': PDF.toString('base64'), 'documents.statusProof': PDF.toString('base64') },
    }
  }

  /** The same form sent again by the parent's browser (the same idempotency key), in this process: the restarted server. */
  function sendAgain(form: Awaited<ReturnType<typeof formOf>>) {
    const body = new FormData()
    for (const [k, v] of Object.entries(form.fields)) body.append(k, v)
    for (const k of form.kinds) body.append('kinds', k)
    for (const [k, b64] of Object.entries(form.files)) body.append(k, new File([new Uint8Array(Buffer.from(b64, 'base64'))], `${k}.pdf`))
    const request = new Request(`${ORIGIN}/apply`, { method: 'POST', body, headers: { Origin: ORIGIN, 'x-client-ip': '10.0.0.9' } })
    return applyAction({ request, params: {}, context: {} })
  }

  const stateOf = async (key: string) => {
    const apps = await db.application.findMany({ where: { idempotencyKey: `online:${key}` } })
    const ids = apps.map((a) => a.id)
    return {
      apps,
      uploads: await db.upload.count({ where: { applicationId: { in: ids } } }),
      audits: await db.auditEvent.count({ where: { action: 'apply:online', entityId: { in: ids } } }),
      events: await db.applicationEvent.count({ where: { applicationId: { in: ids } } }),
      acks: await db.outboxJob.count({ where: { applicationId: { in: ids }, kind: 'notify-applicant' } }),
    }
  }

  it('killed inside the transaction: nothing of it stays; the form sent again makes one application and one acknowledgement', async () => {
    const form = await formOf('crash.inside@example.org')
    await killed('apply', form, 'tx:outboxJob.create:1')
    expect(await stateOf(form.fields.idempotencyKey)).toEqual({ apps: [], uploads: 0, audits: 0, events: 0, acks: 0 })

    const response = await sendAgain(form)
    expect(response.status).toBe(302)
    const after = await stateOf(form.fields.idempotencyKey)
    expect(after).toMatchObject({ uploads: 2, audits: 1, events: 1, acks: 1 })
    expect(after.apps).toHaveLength(1)
    expect(response.headers.get('Location')).toBe(`/apply/received/${after.apps[0].statusToken}`)
    await deliverAll()
    expect(lettersTo('crash.inside@example.org', /получено/)).toHaveLength(1)
  }, 90_000)

  it('killed after the commit, before the answer: kept whole; the form sent again finds it; one acknowledgement', async () => {
    const form = await formOf('crash.after@example.org')
    await killed('apply', form, 'commit:application.create:1')
    const kept = await stateOf(form.fields.idempotencyKey)
    expect(kept).toMatchObject({ uploads: 2, audits: 1, events: 1, acks: 1 })
    expect(kept.apps).toHaveLength(1)

    // The parent saw no answer and sends the form again.
    const response = await sendAgain(form)
    expect(response.status).toBe(302)
    expect(response.headers.get('Location')).toBe(`/apply/received/${kept.apps[0].statusToken}`)
    expect(await stateOf(form.fields.idempotencyKey)).toEqual(kept)
    await deliverAll()
    await deliverAll()
    const acks = lettersTo('crash.after@example.org', /получено/)
    expect(acks).toHaveLength(1)
    expect(acks[0].parsed.subject).toContain(kept.apps[0].receiptNumber)
  }, 90_000)
})

describe.runIf(dovecotAvailable())('a parent’s letter in the school’s mailbox, the server killed while it is fetched and filed', () => {
  let dovecot: Dovecot
  let schoolId = ''
  beforeAll(async () => {
    dovecot = await startDovecot()
    schoolId = (await db.school.findFirstOrThrow({ orderBy: { id: 'asc' } })).id
  })
  afterAll(() => dovecot?.close())

  async function letterFrom(address: string) {
    const data = await applicationFor('6А', { applicant: { ...(await applicationFor('6А')).applicant, email: address } })
    const raw = await composeRaw({
      from: address,
      to: 'school8@example.org',
      subject: 'Заявление о предоставлении информации об успеваемости',
      text: `Прошу предоставить информацию об оценках. Обучающийся: ${data.pupil.lastName} ${data.pupil.firstName}, 6А класс.`,
      attachments: [{ filename: 'Заявление.pdf', content: SCAN_PDF, contentType: 'application/pdf' }],
    })
    const uid = await deliver(dovecot, raw, new Date(Math.floor((Date.now() - 3_600_000) / 1000) * 1000))
    return { data, uid, messageId: (await simpleParser(raw)).messageId! }
  }

  it('killed after the letter was stored, before it was flagged on the server: fetched again, it stays one item', async () => {
    const { uid, messageId } = await letterFrom('imap.flag@example.org')
    await killed('poll', { imap: imapSettings(dovecot), schoolId }, 'commit:inboundMessage.create:1')
    expect(await db.inboundMessage.count({ where: { messageId } })).toBe(1)
    expect(await flagsOf(dovecot, uid)).not.toContain(STORED_KEYWORD)
    // The restart's poll.
    expect((await runChild('poll', { imap: imapSettings(dovecot), schoolId })).result).toMatchObject({ created: 0, duplicates: 1 })
    expect(await flagsOf(dovecot, uid)).toEqual(expect.arrayContaining(['\\Seen', STORED_KEYWORD]))
    const item = await db.inboundMessage.findFirstOrThrow({ where: { messageId } })
    expect(await db.upload.count({ where: { storagePath: { startsWith: `uploads/mail/${item.id}/` } } })).toBe(1)
    expect((await runChild('poll', { imap: imapSettings(dovecot), schoolId })).result).toMatchObject({ fetched: 0 })
  }, 90_000)

  it('killed while storing it: nothing is kept, and the next poll stores it once', async () => {
    const { uid, messageId } = await letterFrom('imap.store@example.org')
    await killed('poll', { imap: imapSettings(dovecot), schoolId }, 'tx:inboundMessage.create:1')
    expect(await db.inboundMessage.count({ where: { messageId } })).toBe(0)
    expect((await runChild('poll', { imap: imapSettings(dovecot), schoolId })).result).toMatchObject({ created: 1 })
    expect(await db.inboundMessage.count({ where: { messageId } })).toBe(1)
    expect(await flagsOf(dovecot, uid)).toContain(STORED_KEYWORD)
  }, 90_000)

  it('killed while the employee files it: filed whole or not at all; filed again, one application and one acknowledgement', async () => {
    const { data, messageId } = await letterFrom('imap.file@example.org')
    await runChild('poll', { imap: imapSettings(dovecot), schoolId })
    const item = await db.inboundMessage.findFirstOrThrow({ where: { messageId } })
    const actor = await staffActor('responsible')
    const args = { schoolId, inboundId: item.id, data, actor }
    await killed('file', args, 'commit:application.create:1')
    // Never an application the letter does not lead to: the inbox would offer it as new, to be refused or set aside.
    const apps = await db.application.findMany({ where: { idempotencyKey: `inbound:${item.id}` } })
    const after = await db.inboundMessage.findUniqueOrThrow({ where: { id: item.id } })
    if (apps.length) expect(after).toMatchObject({ status: 'application', applicationId: apps[0].id })
    else expect(after.status).toBe('new')
    // The restarted server: the employee files it again (or it was filed).
    const app = await createApplicationFromInbound(args)
    expect(await db.application.count({ where: { idempotencyKey: `inbound:${item.id}` } })).toBe(1)
    expect(await db.inboundMessage.findUniqueOrThrow({ where: { id: item.id } })).toMatchObject({
      status: 'application',
      applicationId: app.id,
    })
    expect(await db.upload.count({ where: { applicationId: app.id } })).toBe(1)
    await deliverAll()
    expect(lettersTo('imap.file@example.org', /получено/)).toHaveLength(1)
  }, 90_000)
})

describe('an import of the journal, the staff or the classes, the server killed while it is written', () => {
  const csv = (rows: string[][]) => rows.map((r) => r.join(';')).join('\n')
  /** Row counts of every table these imports write: equal means nothing was added or removed. */
  const snapshot = async () => ({
    pupils: await db.pupil.count(),
    guardians: await db.guardian.count(),
    movements: await db.pupilMovement.count(),
    users: await db.user.count(),
    roles: await db.userRole.count(),
    staff: await db.staff.count(),
    classes: await db.schoolClass.count(),
    grants: await db.accessGrant.count(),
    letters: await db.outboxJob.count(),
    audit: await db.auditEvent.count(),
  })
  const files = {
    pupils: csv([
      ['Фамилия', 'Имя', 'Отчество', 'Дата рождения', 'Класс'],
      ['Крашева', 'Валерия', 'Игоревна', '03.03.2015', '5А'],
      ['Рестартов', 'Илья', 'Олегович', '11.07.2015', '5А'],
    ]),
    staff: csv([
      ['Фамилия', 'Имя', 'Отчество', 'Должность', 'Логин', 'Роли'],
      ['Обрывова', 'Нина', 'Сергеевна', 'Учитель географии', 'obryvova.ns', 'teacher'],
    ]),
    classes: csv([
      ['Класс', 'Классный руководитель'],
      ['5Ю', ''],
    ]),
  }

  it.each(Object.keys(files) as Array<keyof typeof files>)(
    '%s: killed before the commit, nothing of the file is in the journal; run again it goes in once',
    async (kind) => {
      const admin = await db.user.findUniqueOrThrow({ where: { login: 'admin' } })
      const file = path.join(os.tmpdir(), `crash-import-${process.pid}-${kind}.csv`)
      fs.writeFileSync(file, files[kind])
      const input = { schoolId: admin.schoolId, userId: admin.id, kind, fileName: `${kind}.csv`, path: file }
      const before = await snapshot()
      // The import's last write (its audit row) is reached only after every row of the file was written.
      await killed('import', input, 'tx:auditEvent.create:1')
      expect(await snapshot()).toEqual(before)
      expect(await db.auditEvent.count({ where: { action: 'import', entityId: kind } })).toBe(0)

      const again = await runChild('import', input)
      expect(again.result).toMatchObject({ applied: true, errors: [] })
      const applied = await snapshot()
      expect(applied).not.toEqual(before)
      expect((again.result as { counts: { created: number } }).counts.created).toBeGreaterThan(0)
      // The same file once more changes nothing.
      const third = await runChild('import', input)
      expect(third.result).toMatchObject({ applied: true, counts: { created: 0, updated: 0 } })
      expect({ ...(await snapshot()), audit: 0 }).toEqual({ ...applied, audit: 0 })
      fs.rmSync(file, { force: true })
    },
    90_000,
  )
})

describe('the weekly extracts, the worker killed in the middle of a pass', () => {
  const TZ = 'Europe/Saratov'
  const at = (day: string, time = '10:00') => parseLocalDateTime(`${day}T${time}`, TZ)

  it('each family gets its week’s extract exactly once, recorded once in its application', async () => {
    const year = await db.academicYear.findFirstOrThrow({ where: { current: true } })
    const firstDay = addDays(year.startsOn, 8)
    const apps = []
    for (const className of ['6Б', '7Б', '8Б']) apps.push(await activePeriodic('weekly', firstDay, className, 'email'))
    await deliverAll() // the letters of the steps so far
    const seen = sink.messages.length
    let saturday = addDays(firstDay, 1)
    while (weekdayOf(saturday) !== 6) saturday = addDays(saturday, 1)
    const now = at(saturday)

    // Killed just after the second family's extract and its letter were committed, before its row was finished.
    await killed('periodic', { now: now.toISOString() }, 'commit:delivery.upsert:2')
    // The restarted worker's passes: the extracts, the letters, and the extracts recorded as delivered.
    await runPeriodicDeliveries(new Date(now.getTime() + 60_000))
    await deliverAll()
    await runPeriodicDeliveries(new Date(now.getTime() + 2 * 60_000))
    await runPeriodicDeliveries(new Date(now.getTime() + 3 * 60_000))

    for (const app of apps) {
      const extracts = sink.messages
        .slice(seen)
        .filter((m) => m.envelopeTo.includes(app.applicantEmail!) && m.parsed.attachments.some((a) => /^Выписка/.test(a.filename ?? '')))
      expect(extracts, app.className).toHaveLength(1)
      const rows = await db.delivery.findMany({ where: { applicationId: app.id, idempotencyKey: { contains: ':periodic:' } } })
      expect(rows.map((r) => ({ kind: r.kind, status: r.status, recorded: r.recordedBy !== '', document: !!r.documentId }))).toEqual([
        { kind: 'periodic-extract', status: 'emailed', recorded: true, document: true },
      ])
      expect(await db.storedDocument.count({ where: { applicationId: app.id, sourceKey: { contains: ':periodic:' } } })).toBe(1)
      expect(await db.applicationEvent.count({ where: { applicationId: app.id, event: 'DELIVER_PERIODIC' } })).toBe(1)
    }
  }, 180_000)
})

describe('a refusal to accept an incoming letter, the server killed as it is written', () => {
  async function newLetter(address: string) {
    const raw = await composeRaw({ from: address, to: 'school8@example.org', subject: 'Справка', text: 'Прошу выдать справку.' })
    const { message } = await uploadEml({ raw, receivedAt: new Date(Date.now() - 3_600_000) })
    const actor = await staffActor('responsible')
    return { schoolId: message.schoolId, inboundId: message.id, grounds: ['Не указаны сведения о заявителе'], actor }
  }
  const stateOf = async (inboundId: string) => ({
    status: (await db.inboundMessage.findUniqueOrThrow({ where: { id: inboundId } })).status,
    audit: await db.auditEvent.count({ where: { entityId: inboundId, action: 'refuse:inbound-mail' } }),
    letters: await db.outboxJob.count({ where: { idempotencyKey: { endsWith: `inbound:${inboundId}:refusal` } } }),
  })

  it('killed inside its transaction: the letter is still new, no letter, no audit; refused again, all of it once', async () => {
    const args = await newLetter('refuse.inside@example.org')
    await killed('refuse', args, 'tx:outboxJob.create:1')
    expect(await stateOf(args.inboundId)).toEqual({ status: 'new', audit: 0, letters: 0 })
    await refuseInbound(args)
    expect(await stateOf(args.inboundId)).toEqual({ status: 'refused', audit: 1, letters: 1 })
    await expect(refuseInbound(args)).rejects.toThrow(/уже разобрано/)
    await deliverAll()
    expect(lettersTo('refuse.inside@example.org', /.*/)).toHaveLength(1)
  }, 90_000)

  it('killed just after its commit: never a refusal without its audit row', async () => {
    const args = await newLetter('refuse.after@example.org')
    await killed('refuse', args, 'commit:outboxJob.create:1')
    expect(await stateOf(args.inboundId)).toEqual({ status: 'refused', audit: 1, letters: 1 })
  }, 90_000)
})

describe('the director’s decision, the server killed while it is written', () => {
  async function awaitingDecision(email: string) {
    const app = await receive('online', '9А', { applicant: { ...(await applicationFor('9А')).applicant, email } })
    const responsible = await staffActor('responsible')
    const t = { applicationId: app.id, schoolId: app.schoolId, actor: responsible }
    await registerApplication(t)
    await startReview(t)
    await forwardToDirector({ ...t, comment: 'Проверено', proposal: 'grant' })
    await deliverAll() // the letters of the steps so far
    return { applicationId: app.id, schoolId: app.schoolId, actor: await staffActor('director'), event: { type: 'GRANT' } }
  }
  const decisions = async (applicationId: string) => ({
    status: (await db.application.findUniqueOrThrow({ where: { id: applicationId } })).status,
    events: await db.applicationEvent.count({ where: { applicationId, event: 'GRANT' } }),
    jobs: await db.outboxJob.count({
      where: { applicationId, kind: { in: ['document', 'notify-applicant'] }, payload: { contains: 'GRANT' } },
    }),
  })

  it('killed inside: not decided, nothing queued; decided again after the restart, once', async () => {
    const args = await awaitingDecision('decide.inside@example.org')
    const before = await decisions(args.applicationId)
    await killed('decide', args, 'tx:applicationEvent.create:1')
    expect(await decisions(args.applicationId)).toEqual(before)
    expect((await runChild('decide', args)).result).toMatchObject({ status: 'granted' })
    const after = await decisions(args.applicationId)
    expect(after.events).toBe(1)
    await deliverAll()
    expect(await decisions(args.applicationId)).toMatchObject({ events: 1, jobs: after.jobs })
  }, 90_000)

  it('killed after the commit: decided once; the same decision sent again is refused as already made, nothing twice', async () => {
    const args = await awaitingDecision('decide.after@example.org')
    await killed('decide', args, 'commit:applicationEvent.create:1')
    const decided = await decisions(args.applicationId)
    expect(decided).toMatchObject({ status: 'granted', events: 1 })
    const again = await runChild('decide', args)
    expect(again.result).toBeNull()
    expect(again.out).toContain('Действие «Предоставить информацию» недоступно: решение по заявлению уже принято')
    expect(await decisions(args.applicationId)).toEqual(decided)
    await deliverAll()
    const sent = sink.messages.filter((m) => m.envelopeTo.includes('decide.after@example.org'))
    expect(new Set(sent.map((m) => m.parsed.subject)).size).toBe(sent.length)
  }, 90_000)
})
