// Issue 13 items 1 and 8, ADR 019: a credentials letter's one-time password is never stored — not in a stored
// document, not in the outbox once the mail server has the letter, not anywhere in the database file or DATA_DIR —
// only the roles that issue credentials produce it, every production is audited, and access goes only to a guardian
// confirmed by a document through a contact the school has. Real SQLite file, real SMTP server, real sign-in.
// PDFs on: this file reads the stored PDFs and the letter's PDF attachment (ADR 036).
process.env.PDF_CONVERSION = 'on'
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import PizZip from 'pizzip'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db, dbProvider } from '#app/utils/db.server'
import { getEnv } from '#app/utils/env.server'
import { login } from '#app/utils/auth.server'
import { runOutbox } from '#app/jobs/outbox.server'
import { overrideMailSettings, mailSettings } from '#app/mail/config.server'
import { sendDueEmails } from '#app/mail/send-email.server'
import { reviewPrecheck } from '#app/models/review-precheck.server'
import { decideApplication } from '#app/operations/decide-application.server'
import { forwardToDirector, registerApplication, startDelivery, startReview } from '#app/operations/steps.server'
import { transitionApplication } from '#app/operations/transition.server'
import { action as credentialsAction } from '#app/routes/classes.$classId.credentials'
import { loader as documentLoader } from '#app/routes/staff.applications.$id.documents.$docId'
import { loader as teacherClassLoader } from '#app/routes/teacher.classes.$classId'
import { receive, staffActor } from '#tests/helpers/applications'
import { signIn } from '#tests/helpers/auth'
import { docxText } from '#tests/helpers/docx'
import { formRequest, getRequest, ORIGIN, settle } from '#tests/helpers/http'
import { startSmtpSink, type SmtpSink } from '#tests/setup/mail-servers'

let sink: SmtpSink
const mailDir = fs.mkdtempSync(path.join(os.tmpdir(), 'credentials-letters-'))
const later = (ms: number) => new Date(Date.now() + ms)
const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} })

beforeAll(async () => {
  sink = await startSmtpSink()
  overrideMailSettings({ smtp: null, dataDir: mailDir, messageIdDomain: 'school8.example.org' })
})
afterAll(async () => {
  overrideMailSettings({ smtp: null })
  await sink.close()
  fs.rmSync(mailDir, { recursive: true, force: true })
})

/** The first pupil of 5А and the guardian the test helper applies as: confirmed by a document, e-mail on file. */
async function confirmedApplicant(confirmed = true) {
  const pupil = await db.pupil.findFirstOrThrow({
    where: { class: { name: '5А' }, leftOn: null },
    orderBy: { lastName: 'asc' },
    include: { guardians: { include: { guardian: true } }, class: true },
  })
  const link = pupil.guardians[0]
  await db.guardianLink.update({
    where: { id: link.id },
    data: { statusConfirmed: confirmed, confirmedBy: confirmed ? 'свидетельство о рождении' : '' },
  })
  const email = link.guardian.email || 'roditel.5a@example.org'
  const guardian = await db.guardian.update({ where: { id: link.guardian.id }, data: { email } })
  return { pupil, guardian }
}

async function reviewed(delivery: 'in_person' | 'post' | 'email', overrides: Record<string, unknown> = {}) {
  const app = await receive('online', '5А', { kinds: ['access'], delivery, ...overrides })
  const responsible = await staffActor('responsible')
  const t = { applicationId: app.id, schoolId: app.schoolId }
  await registerApplication({ ...t, actor: responsible })
  await startReview({ ...t, actor: responsible })
  await forwardToDirector({ ...t, actor: responsible, comment: 'Проверено', proposal: 'grant' })
  return app
}

async function granted(delivery: 'in_person' | 'post' | 'email') {
  const app = await reviewed(delivery)
  const t = { applicationId: app.id, schoolId: app.schoolId }
  await transitionApplication({ ...t, actor: await staffActor('director'), event: { type: 'GRANT' } })
  await startDelivery({ ...t, actor: await staffActor('responsible') })
  await runOutbox(later(1000))
  return db.application.findUniqueOrThrow({ where: { id: app.id } })
}

function produce(cookie: string, classId: string, applicationId: string, extra: Record<string, string> = {}) {
  const body = new URLSearchParams({ from: 'teacher', intent: 'letter', applicationId, ...extra })
  const request = new Request(`${ORIGIN}/classes/${classId}/credentials`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: ORIGIN, 'x-client-ip': '127.0.0.1', Cookie: cookie },
    body,
  })
  return settle(() => credentialsAction(args(request, { classId })))
}

const loginOf = (text: string) => /\nЛогин\n(\S+)\n/.exec(text)![1]
const passwordOf = (text: string) => /\nВременный \(одноразовый\) пароль\n(\S+)\n/.exec(text)![1]

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return []
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((d) => (d.isDirectory() ? filesUnder(path.join(dir, d.name)) : [path.join(dir, d.name)]))
}

/** The text inside a file: itself, and for a zip (DOCX) every entry unpacked. */
function readable(bytes: Buffer): string {
  const out = [bytes.toString('latin1'), bytes.toString('utf8')]
  if (bytes.subarray(0, 2).toString() === 'PK') {
    try {
      for (const f of Object.values(new PizZip(bytes).files)) if (!f.dir) out.push(f.asText())
    } catch {
      /* not a zip after all */
    }
  }
  return out.join('\n')
}

function pdfText(bytes: Uint8Array): string {
  const file = path.join(mailDir, `check-${Math.random().toString(36).slice(2)}.pdf`)
  fs.writeFileSync(file, bytes)
  try {
    return execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' })
  } finally {
    fs.rmSync(file, { force: true })
  }
}

/**
 * Everywhere a password could rest: the database file and its WAL as raw bytes, every stored document read as
 * Word/PDF text, every outbox row with its attachments decoded, every file under DATA_DIR (zips unpacked).
 */
async function placesHolding(password: string): Promise<string[]> {
  const found: string[] = []
  if (dbProvider() === 'postgresql') {
    // PostgreSQL: every row of every table as text (the server's files are not ours to read).
    const tables = await db.$queryRaw<
      { name: string }[]
    >`SELECT table_name::text AS "name" FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`
    for (const { name } of tables) {
      const [row] = await db.$queryRawUnsafe<{ text: string | null }[]>(`SELECT string_agg(t::text, E'\\n') AS "text" FROM "${name}" t`)
      if (row?.text && readable(Buffer.from(row.text)).includes(password)) found.push(`таблица ${name}`)
    }
  } else {
    await db.$queryRawUnsafe('PRAGMA wal_checkpoint(PASSIVE)')
    const file = getEnv().DATABASE_URL.replace(/^file:/, '')
    for (const f of [file, `${file}-wal`]) if (fs.existsSync(f) && readable(fs.readFileSync(f)).includes(password)) found.push(f)
  }
  for (const d of await db.storedDocument.findMany()) {
    const text = d.mime === 'application/pdf' ? pdfText(d.content) : readable(Buffer.from(d.content))
    if (text.includes(password)) found.push(`документ ${d.fileName}`)
  }
  for (const row of await db.outboxJob.findMany()) {
    const payload = JSON.parse(row.payload) as { attachments?: Array<{ contentBase64?: string }> }
    const decoded = (payload.attachments ?? [])
      .map((a) => (a.contentBase64 ? readable(Buffer.from(a.contentBase64, 'base64')) : ''))
      .join('\n')
    if (`${row.payload}\n${row.result}\n${decoded}`.includes(password)) found.push(`очередь ${row.kind} ${row.id}`)
  }
  for (const e of await db.auditEvent.findMany()) if (e.data.includes(password)) found.push(`аудит ${e.action}`)
  for (const root of new Set([path.resolve(getEnv().DATA_DIR), mailSettings().dataDir])) {
    for (const f of filesUnder(root)) if (readable(fs.readFileSync(f)).includes(password)) found.push(f)
  }
  return found
}

describe('credentials letters (issue 13.1, 13.8; ADR 019)', () => {
  it(
    'in person: nothing issued until the class teacher produces the letter; the school keeps a copy without the password',
    { timeout: 180_000 },
    async () => {
      const { pupil, guardian } = await confirmedApplicant()
      const before = await db.guardian.findUniqueOrThrow({ where: { id: guardian.id }, include: { user: true } })
      const app = await granted('in_person')
      // The worker issued nothing: a delivery waits for its letter, no document, the account untouched.
      const delivery = await db.delivery.findFirstOrThrow({ where: { applicationId: app.id, kind: 'credentials' } })
      expect(delivery).toMatchObject({ status: 'prepared', channel: 'in_person', documentId: null })
      expect((await db.guardian.findUniqueOrThrow({ where: { id: guardian.id }, include: { user: true } })).user?.passwordHash).toBe(
        before.user?.passwordHash,
      )

      // The class page lists it for the class teacher.
      const teacher = await signIn('popova.ym')
      const page = await (
        await settle(() => teacherClassLoader(args(getRequest(`/teacher/classes/${pupil.classId}`, teacher), { classId: pupil.classId })))
      ).json()
      expect(page.credentials.letters).toEqual([expect.objectContaining({ applicationId: app.id, channel: 'лично', producedOn: '' })])

      // The secretary and the responsible employee may not produce it (they do not issue credentials).
      for (const who of ['secretary', 'responsible']) {
        const res = await produce(await signIn(who), pupil.classId, app.id)
        expect(res.status).toBe(403)
      }
      expect(await db.storedDocument.count({ where: { applicationId: app.id } })).toBe(0)

      const res = await produce(teacher, pupil.classId, app.id)
      expect(res.status).toBe(200)
      expect(res.headers.get('Cache-Control')).toBe('private, no-store')
      const letter = docxText(Buffer.from(await res.arrayBuffer()))
      const loginName = loginOf(letter)
      const password = passwordOf(letter)
      expect(password).toMatch(/^\S{8,}$/)
      const signedIn = await login(formRequest('/login', {}), loginName, password)
      expect(signedIn.ok && signedIn.user.mustChangePassword).toBe(true)

      // The stored copy: the login and «пароль выдан <date>», no password; the delivery names it.
      const copies = await db.storedDocument.findMany({ where: { applicationId: app.id } })
      expect(copies).toHaveLength(1)
      const copyText = docxText(copies[0].content)
      expect(copyText).toContain(loginName)
      expect(copyText).toMatch(/пароль выдан \d\d\.\d\d\.\d{4}; в копии не хранится/)
      expect(copyText).not.toContain(password)
      expect((await db.delivery.findUniqueOrThrow({ where: { id: delivery.id } })).documentId).toBe(copies[0].id)

      // The secretary can download the copy, and it holds nothing that signs in.
      const secretary = await signIn('secretary')
      const download = await settle(() =>
        documentLoader(
          args(getRequest(`/staff/applications/${app.id}/documents/${copies[0].id}`, secretary), { id: app.id, docId: copies[0].id }),
        ),
      )
      expect(download.status).toBe(200)
      expect(docxText(Buffer.from(await download.arrayBuffer()))).not.toContain(password)

      // Audited: who produced it, for which application — without the password.
      const audit = await db.auditEvent.findFirstOrThrow({ where: { action: 'produce:credentials-letter', entityId: app.id } })
      expect(audit.userId).toBe((await db.user.findUniqueOrThrow({ where: { login: 'popova.ym' } })).id)
      expect(JSON.parse(audit.data)).toMatchObject({ channel: 'in_person', login: loginName, replaced: null })

      expect(await placesHolding(password)).toEqual([])

      // Producing again asks first; confirmed, the earlier letter's password stops working.
      const again = await produce(teacher, pupil.classId, app.id)
      expect(again.status).toBe(303)
      expect(again.headers.get('Location')).toBe(`/teacher/classes/${pupil.classId}?credentials=letter-reissue#credentials`)
      expect((await login(formRequest('/login', {}), loginName, password)).ok).toBe(true)
      const confirmed = await produce(teacher, pupil.classId, app.id, { confirmReissue: 'yes' })
      expect(confirmed.status).toBe(200)
      const second = passwordOf(docxText(Buffer.from(await confirmed.arrayBuffer())))
      expect(second).not.toBe(password)
      expect((await login(formRequest('/login', {}), loginName, password)).ok).toBe(false)
      expect((await login(formRequest('/login', {}), loginName, second)).ok).toBe(true)
      expect(await db.auditEvent.count({ where: { action: 'produce:credentials-letter', entityId: app.id } })).toBe(2)
      expect(await placesHolding(second)).toEqual([])
    },
  )

  it(
    'by e-mail: the password leaves in the letter only, and the outbox row is wiped when the server accepts it',
    { timeout: 180_000 },
    async () => {
      await confirmedApplicant()
      const app = await granted('email')
      const delivery = await db.delivery.findFirstOrThrow({ where: { applicationId: app.id, kind: 'credentials' } })
      const letterRow = await db.outboxJob.findFirstOrThrow({ where: { kind: 'send-email', payload: { contains: delivery.id } } })
      expect(letterRow.payload).toContain('"secret":true')
      const copy = await db.storedDocument.findFirstOrThrow({ where: { applicationId: app.id, kind: 'credentials' } })
      expect(docxText(copy.content)).toMatch(/пароль выдан \d\d\.\d\d\.\d{4}; в копии не хранится/)

      overrideMailSettings({ smtp: { host: '127.0.0.1', port: sink.port, secure: false } })
      try {
        expect((await sendDueEmails(later(2000))).sent).toBeGreaterThanOrEqual(1)
      } finally {
        overrideMailSettings({ smtp: null })
      }
      const isLetter = (a: { filename?: string }) => a.filename === `Реквизиты доступа № ${app.registrationNumber}.docx`
      const message = sink.messages.find((m) => m.envelopeTo.includes(app.applicantEmail) && m.parsed.attachments.some(isLetter))!
      const attached = message.parsed.attachments.find(isLetter)!
      const text = docxText(attached.content)
      const password = passwordOf(text)
      expect((await login(formRequest('/login', {}), loginOf(text), password)).ok).toBe(true)
      expect(message.parsed.text ?? '').not.toContain(password)

      const sent = await db.outboxJob.findUniqueOrThrow({ where: { id: letterRow.id } })
      expect(sent.status).toBe('done')
      expect(JSON.parse(sent.payload).attachments).toEqual(
        expect.arrayContaining([expect.objectContaining({ wipedAt: expect.any(String) })]),
      )
      expect(sent.payload).not.toContain('contentBase64')
      expect(await db.delivery.findFirstOrThrow({ where: { applicationId: app.id, kind: 'credentials' } })).toMatchObject({
        status: 'emailed',
        documentId: copy.id,
      })
      expect(await db.auditEvent.count({ where: { action: 'issue:credentials', entityId: app.id } })).toBe(1)
      expect(await placesHolding(password)).toEqual([])
    },
  )

  it(
    "an impostor with a real parent's name and an address of their own gets nothing; the pre-check proposes a correction request",
    { timeout: 120_000 },
    async () => {
      const { guardian } = await confirmedApplicant()
      const before = await db.guardian.findUniqueOrThrow({ where: { id: guardian.id }, include: { user: true } })
      const app = await reviewed('email', {
        applicant: {
          lastName: guardian.lastName,
          firstName: guardian.firstName,
          middleName: guardian.middleName,
          identityDocument: 'паспорт 6310 999999',
          postalAddress: '',
          email: 'chuzhoy@example.net',
          phone: '',
        },
      })
      const precheck = (await reviewPrecheck(app.schoolId, app.id))!
      expect(precheck.proposal).toBe('correction')
      expect(precheck.items.find((i) => i.label === 'Реквизиты доступа можно выдать заявителю')).toMatchObject({ ok: false })
      expect(precheck.correction.join(' ')).toMatch(/адрес электронной почты, известный школе/)
      // The requested kind is named in Russian: «Информация для доступа…», never «Сведения информацию…» (issue 19, item 4).
      expect(precheck.items.map((i) => i.label)).toContain(
        'Информация для доступа к электронному дневнику и электронному журналу успеваемости',
      )
      expect(precheck.items.map((i) => i.label).join(' ')).not.toMatch(/Сведения информаци/)

      // The director cannot grant it; forced through anyway, the worker refuses to issue.
      const director = await db.user.findUniqueOrThrow({ where: { login: 'director' }, include: { roles: true } })
      const user = {
        id: director.id,
        login: director.login,
        schoolId: director.schoolId,
        roles: director.roles.map((r) => r.role),
        displayName: 'Директор',
        mustChangePassword: false,
        staffId: null,
        guardianId: null,
        sessionId: '',
      }
      await expect(decideApplication({ user, applicationId: app.id, decision: 'grant', password: 'demo2026' })).rejects.toThrow(
        /не совпадает с адресом законного представителя/,
      )
      await transitionApplication({
        applicationId: app.id,
        schoolId: app.schoolId,
        actor: await staffActor('director'),
        event: { type: 'GRANT' },
      })
      await startDelivery({ applicationId: app.id, schoolId: app.schoolId, actor: await staffActor('responsible') })
      await runOutbox(later(1000))
      const job = await db.outboxJob.findFirstOrThrow({ where: { kind: 'credentials', payload: { contains: app.id } } })
      expect(job.lastError).toMatch(/не совпадает с адресом законного представителя/)
      const after = await db.guardian.findUniqueOrThrow({ where: { id: guardian.id }, include: { user: true } })
      expect(after.user?.passwordHash).toBe(before.user?.passwordHash)
      expect(
        await db.outboxJob.count({
          where: { kind: 'send-email', payload: { contains: 'chuzhoy@example.net' }, AND: { payload: { contains: 'secret' } } },
        }),
      ).toBe(0)
    },
  )

  it(
    'a guardian whose status no document confirmed gets no credentials: correction request proposed, nothing created from the application',
    { timeout: 120_000 },
    async () => {
      const { guardian } = await confirmedApplicant(false)
      const guardians = await db.guardian.count()
      const app = await reviewed('in_person')
      const precheck = (await reviewPrecheck(app.schoolId, app.id))!
      expect(precheck.proposal).toBe('correction')
      expect(precheck.correction.join(' ')).toMatch(/документ, подтверждающий статус законного представителя/)
      // A stranger's name (not among the guardians) — refusal is proposed, and no guardian is ever made from it.
      const stranger = await reviewed('in_person', {
        applicant: {
          lastName: 'Самозванцева',
          firstName: 'Алла',
          middleName: 'Ивановна',
          identityDocument: 'паспорт 6310 111111',
          postalAddress: '',
          email: '',
          phone: '',
        },
      })
      expect((await reviewPrecheck(stranger.schoolId, stranger.id))!.proposal).toBe('refuse')
      await transitionApplication({
        applicationId: stranger.id,
        schoolId: stranger.schoolId,
        actor: await staffActor('director'),
        event: { type: 'GRANT' },
      })
      await startDelivery({ applicationId: stranger.id, schoolId: stranger.schoolId, actor: await staffActor('responsible') })
      await runOutbox(later(1000))
      const job = await db.outboxJob.findFirstOrThrow({ where: { kind: 'credentials', payload: { contains: stranger.id } } })
      expect(job.lastError).toMatch(/Заявителя нет среди законных представителей/)
      expect(await db.guardian.count()).toBe(guardians)
      expect(await db.delivery.count({ where: { applicationId: stranger.id, kind: 'credentials' } })).toBe(0)
      expect(guardian.id).toBeTruthy()
    },
  )
})
