// Many schools in one installation (ADR 044): a school created by the authority's administrator, and a user of
// school A — administrator, director, responsible employee, parent — reaches nothing of school B over any route that
// takes an id: letters (/admin/mail/<id>), applications, stored documents, classes, pupils, journals, templates.
// Every outbox row carries its school (ADR 056); the authority's administrator is none of its school's staff (ADR 057).
import { beforeAll, describe, expect, it } from 'vitest'
import { db } from '#app/utils/db.server'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { messageIdFor, queueEmail } from '#app/mail/queue-email.server'
import { mailSettings, overrideMailSettings } from '#app/mail/config.server'
import { uploadEml } from '#app/mail/eml-upload.server'
import { composeRaw } from '#tests/setup/mail-servers'
import { createSchool, CreateSchoolError } from '#app/operations/create-school.server'
import { createAuthorityAdministrator } from '#app/operations/create-authority.server'
import { receiveApplication } from '#app/operations/receive-application.server'
import { APPLICANT_ACTOR } from '#app/operations/actor'
import { hashPassword } from '#app/utils/password.server'
import { applicationFor } from '#tests/helpers/applications'
import { signIn } from '#tests/helpers/auth'
import { formRequest, getRequest, settle } from '#tests/helpers/http'
import * as adminMail from '#app/routes/admin.mail.$id'
import * as adminMailList from '#app/routes/admin.mail._index'
import * as adminTemplate from '#app/routes/admin.templates.$name.$version'
import * as adminTemplates from '#app/routes/admin.templates._index'
import * as staffApplication from '#app/routes/staff.applications.$id'
import * as staffDocument from '#app/routes/staff.applications.$id.documents.$docId'
import * as staffClass from '#app/routes/staff.classes.$classId'
import * as staffPupil from '#app/routes/staff.pupils.$pupilId'
import * as staffJournal from '#app/routes/staff.journal.$classId'
import * as parentChild from '#app/routes/parent.children.$pupilId'
import * as parentApplication from '#app/routes/parent.applications.$applicationId'
import * as authoritySchools from '#app/routes/authority.schools'
import * as adminUsers from '#app/routes/admin.users'
import * as adminHome from '#app/routes/admin._index'
import * as staffCompromise from '#app/routes/staff.compromise'
import * as root from '#app/root'
import { sweepDeadlines } from '#app/jobs/deadline-sweep.server'
import { reportCompromise } from '#app/operations/report-compromise.server'

type Loader = (a: { request: Request; params: Record<string, string>; context: object }) => Promise<unknown>
const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} })
const MARK = 'Школа-Б-секрет'

let b: { schoolId: string; appId: string; letterId: string; docId: string; classId: string; pupilId: string; adminLogin: string }

async function load(
  loader: Loader,
  path: string,
  params: Record<string, string>,
  cookie: string,
): Promise<{ status: number; text: string }> {
  const response = await settle(() => loader(args(getRequest(path, cookie), params)))
  return { status: response.status, text: await response.text() }
}

beforeAll(async () => {
  const created = await createSchool(
    db,
    {
      fullName: `МОУ «СОШ № 99» (${MARK})`,
      shortName: 'СОШ № 99',
      directorName: 'Борисов Борис Борисович',
      address: 'г. Саратов, ул. Б, 99',
      phone: '+7 8452 99-99-99',
      email: 'school99@example.org',
      responsibleName: 'Викторова Вера Викторовна',
      responsibleRoom: '12',
      adminName: 'Григорьев Глеб Глебович',
      adminLogin: 'admin99',
      directorLogin: 'director99',
      responsibleLogin: 'responsible99',
      mailbox: 'apply99@example.org',
    },
    { userId: null, name: 'тест' },
  )
  const schoolId = created.schoolId
  const year = await db.academicYear.findFirstOrThrow({ where: { schoolId, current: true } })
  const cls = await db.schoolClass.create({ data: { schoolId, academicYearId: year.id, grade: 5, letter: 'Б', name: '5Б' } })
  const pupil = await db.pupil.create({
    data: { schoolId, lastName: MARK, firstName: 'Ученик', birthDate: '2015-01-01', classId: cls.id, enrolledOn: year.startsOn },
  })
  const { application } = await receiveApplication({
    schoolId,
    channel: 'post',
    data: await applicationFor('5А', { applicantEmail: 'b@example.ru' }),
    actor: { userId: null, name: 'Заявитель', roles: ['applicant'] },
  })
  const doc = await db.storedDocument.create({
    data: {
      schoolId,
      applicationId: application.id,
      kind: 'vypiska',
      fileName: `${MARK}.docx`,
      mime: 'application/octet-stream',
      sha256: 'x',
      content: new Uint8Array(Buffer.from(MARK)),
    },
  })
  const { jobId } = await queueEmail(db, {
    schoolId,
    to: 'b-parent@example.ru',
    subject: `Письмо ${MARK}`,
    text: MARK,
    idempotencyKey: 'school-b-letter',
    applicationId: application.id,
  })
  await db.templateVersion.create({
    data: { schoolId, name: 'pamyatka', version: 1, content: new Uint8Array(Buffer.from('docx')), sha256: 'b', active: true },
  })
  // School B's administrator with a known password, to look the other way too.
  await db.user.update({
    where: { login: 'admin99' },
    data: { passwordHash: await hashPassword('Shkola99parol'), mustChangePassword: false },
  })
  b = { schoolId, appId: application.id, letterId: jobId, docId: doc.id, classId: cls.id, pupilId: pupil.id, adminLogin: 'admin99' }
})

describe('a school created for the authority', () => {
  it('has its requisites, current year with periods, director, responsible employee, administrator and mailbox', async () => {
    const school = await db.school.findUniqueOrThrow({ where: { id: b.schoolId } })
    expect(school).toMatchObject({ shortName: 'СОШ № 99', directorName: 'Борисов Борис Борисович', responsibleRoom: '12' })
    const responsible = await db.staff.findUniqueOrThrow({
      where: { id: school.responsibleEmployeeId! },
      include: { user: { include: { roles: true } } },
    })
    expect(responsible).toMatchObject({ lastName: 'Викторова', schoolId: b.schoolId })
    expect(responsible.user!.roles.map((r) => r.role)).toEqual(['responsible'])
    const year = await db.academicYear.findFirstOrThrow({
      where: { schoolId: b.schoolId, current: true },
      include: { periods: true, holidays: true },
    })
    // Four quarters, two halves (grades 10–11) and the year of the year marks (ADR 049).
    expect(year.periods.map((p) => p.kind).sort()).toEqual(['half', 'half', 'quarter', 'quarter', 'quarter', 'quarter', 'year'])
    expect(year.holidays.length).toBeGreaterThanOrEqual(3)
    expect((await db.setting.findUniqueOrThrow({ where: { schoolId_key: { schoolId: b.schoolId, key: 'mail.mailbox' } } })).value).toBe(
      'apply99@example.org',
    )
    for (const login of ['admin99', 'director99', 'responsible99'])
      expect((await db.user.findUniqueOrThrow({ where: { login } })).schoolId).toBe(b.schoolId)
    await expect(createSchool(db, { fullName: 'x' } as never, { userId: null, name: 'тест' })).rejects.toBeInstanceOf(CreateSchoolError)
  })

  it('is created on /authority/schools by the authority administrator only, never by a school administrator', async () => {
    const { password } = await createAuthorityAdministrator(db, { login: 'moiro', name: 'Дмитриев Дмитрий Дмитриевич', schoolId: null })
    await db.user.update({
      where: { login: 'moiro' },
      data: { passwordHash: await hashPassword('Organ2026upr'), mustChangePassword: false },
    })
    expect(password.length).toBeGreaterThan(5)
    const authority = await signIn('moiro', 'Organ2026upr')
    const fields = {
      fullName: 'МОУ «СОШ № 100»',
      shortName: 'СОШ № 100',
      directorName: 'Егоров Егор Егорович',
      address: 'г. Саратов, ул. В, 100',
      phone: '+7 8452 10-00-00',
      email: 'school100@example.org',
      timeZone: '',
      responsibleName: 'Жукова Жанна Петровна',
      responsiblePosition: '',
      responsibleRoom: '',
      responsibleEmail: '',
      mailbox: '',
      adminName: 'Зайцев Захар Захарович',
      adminLogin: 'admin100',
      directorLogin: 'director100',
      responsibleLogin: 'responsible100',
    }
    const made = await settle(() => authoritySchools.action(args(formRequest('/authority/schools', fields, authority))))
    expect(made.status).toBe(200)
    const body = (await made.json()) as { ok: boolean; accounts: Array<{ login: string }> }
    expect(body.ok).toBe(true)
    expect(body.accounts.map((a) => a.login)).toEqual(['admin100', 'director100', 'responsible100'])
    expect(await db.school.count({ where: { shortName: 'СОШ № 100' } })).toBe(1)
    // The list names where each school's parents apply (ADR 056).
    const listed = JSON.parse((await load(authoritySchools.loader as Loader, '/authority/schools', {}, authority)).text).schools as Array<{
      shortName: string
      publicAddress: string
    }>
    expect(listed.find((s) => s.shortName === 'СОШ № 99')!.publicAddress).toBe(`/?school=${b.schoolId}`)
    // A school's administrator may not create schools, nor list them.
    const admin = await signIn('admin')
    expect(
      (
        await settle(() =>
          authoritySchools.action(args(formRequest('/authority/schools', { ...fields, fullName: 'МОУ «СОШ № 101»' }, admin))),
        )
      ).status,
    ).toBe(403)
    expect((await settle(() => authoritySchools.loader(args(getRequest('/authority/schools', admin))))).status).toBe(403)
    // The authority's administrator reaches no school's data.
    expect((await load(staffApplication.loader as Loader, `/staff/applications/${b.appId}`, { id: b.appId }, authority)).status).toBe(403)
    expect((await load(adminMailList.loader as Loader, '/admin/mail', {}, authority)).status).toBe(403)
  })

  it("is none of its school's staff (ADR 057): not in the staff or the accounts, not reset or locked by the school", async () => {
    const moiro = await db.user.findUniqueOrThrow({ where: { login: 'moiro' }, include: { staff: true, roles: true } })
    expect(moiro.staff).toBeNull()
    expect(moiro.fullName).toBe('Дмитриев Дмитрий Дмитриевич')
    expect(await db.staff.count({ where: { lastName: 'Дмитриев', firstName: 'Дмитрий' } })).toBe(0)
    // Its name still heads its own pages, and /authority/schools stays its.
    const authority = await signIn('moiro', 'Organ2026upr')
    expect(JSON.parse((await load(root.loader as Loader, '/authority/schools', {}, authority)).text).user.displayName).toBe(
      'Дмитриев Дмитрий Дмитриевич',
    )
    expect((await load(authoritySchools.loader as Loader, '/authority/schools', {}, authority)).status).toBe(200)
    // The school's administrator does not list it, nor issue it a one-time password (that would take the account over).
    const admin = await signIn('admin')
    const users = JSON.parse((await load(adminUsers.loader as Loader, '/admin/users', {}, admin)).text).users as Array<{ login: string }>
    expect(users.length).toBeGreaterThan(0)
    expect(users.map((u) => u.login)).not.toContain('moiro')
    expect(JSON.parse((await load(adminUsers.loader as Loader, '/admin/users?q=moiro', {}, admin)).text).users).toEqual([])
    const issue = await settle(() =>
      adminUsers.action(args(formRequest('/admin/users', { userId: moiro.id, intent: 'issue', confirm: 'yes' }, admin))),
    )
    expect(issue.status).toBe(404)
    // Nor does the director lock it as «compromised».
    const director = await signIn('director')
    const locked = await settle(() =>
      staffCompromise.action(args(formRequest('/staff/compromise', { intent: 'record', login: 'moiro', via: 'phone' }, director))),
    )
    expect(locked.status).toBe(400)
    const after = await db.user.findUniqueOrThrow({ where: { login: 'moiro' } })
    expect(after.lockedAt).toBeNull()
    expect(after.passwordHash).toBe(moiro.passwordHash)
  })
})

describe('a user of school A reaches nothing of school B', () => {
  it('the administrator: no letter of B by id, in the list, by retry or cancel; no template version or class of B', async () => {
    const cookie = await signIn('admin')
    const letter = await load(adminMail.loader as Loader, `/admin/mail/${b.letterId}`, { id: b.letterId }, cookie)
    expect(letter.status).toBe(404)
    expect(letter.text).not.toContain(MARK)
    for (const intent of ['retry', 'cancel']) {
      const response = await settle(() =>
        adminMail.action(args(formRequest(`/admin/mail/${b.letterId}`, { intent }, cookie), { id: b.letterId })),
      )
      expect(response.status).toBeGreaterThanOrEqual(400)
    }
    expect((await db.outboxJob.findUniqueOrThrow({ where: { id: b.letterId } })).status).toBe('pending')
    const list = await load(adminMailList.loader as Loader, '/admin/mail', {}, cookie)
    expect(list.status).toBe(200)
    expect(list.text).not.toContain(MARK)
    expect(
      (await load(adminTemplate.loader as Loader, '/admin/templates/pamyatka/1?as=template', { name: 'pamyatka', version: '1' }, cookie))
        .status,
    ).toBe(404)
    const templates = await load(adminTemplates.loader as Loader, '/admin/templates', {}, cookie)
    expect(JSON.parse(templates.text).templates.find((t: { name: string }) => t.name === 'pamyatka').activeVersion).toBe(0)
    expect((await load(staffClass.loader as Loader, `/staff/classes/${b.classId}`, { classId: b.classId }, cookie)).status).toBe(404)
  })

  it('the director and the responsible employee: no application, document, pupil or journal of B', async () => {
    for (const login of ['director', 'responsible']) {
      const cookie = await signIn(login)
      for (const [loader, path, params] of [
        [staffApplication.loader, `/staff/applications/${b.appId}`, { id: b.appId }],
        [staffDocument.loader, `/staff/applications/${b.appId}/documents/${b.docId}`, { id: b.appId, docId: b.docId }],
        [staffPupil.loader, `/staff/pupils/${b.pupilId}`, { pupilId: b.pupilId }],
        [staffJournal.loader, `/staff/journal/${b.classId}`, { classId: b.classId }],
      ] as const) {
        const response = await load(loader as Loader, path, params, cookie)
        expect([403, 404], `${login} ${path}`).toContain(response.status)
        expect(response.text).not.toContain(MARK)
      }
    }
  })

  it('a parent: no pupil or application of B', async () => {
    const cookie = await signIn('parent')
    expect([403, 404]).toContain(
      (await load(parentChild.loader as Loader, `/parent/children/${b.pupilId}`, { pupilId: b.pupilId }, cookie)).status,
    )
    expect([403, 404]).toContain(
      (await load(parentApplication.loader as Loader, `/parent/applications/${b.appId}`, { applicationId: b.appId }, cookie)).status,
    )
  })

  it("the sign-ins on B's administration page are B's accounts' only, not the installation's", async () => {
    const adminB = await signIn(b.adminLogin, 'Shkola99parol')
    await db.loginAttempt.createMany({
      data: [
        { login: 'director', ip: '10.1.1.1', success: false, reason: 'wrong-password' },
        { login: 'director', ip: '10.1.1.1', success: true },
        { login: 'director99', ip: '10.1.1.2', success: false, reason: 'wrong-password' },
      ],
    })
    // Every try of this test file's database is minutes old: all within the page's last day.
    const ownTries = (success: boolean) => db.loginAttempt.count({ where: { success, login: { in: ['admin99', 'director99'] } } })
    const page = (await (await adminHome.loader(args(getRequest('/admin', adminB)))).json()) as {
      overview: { signInsToday: number; failedToday: number }
    }
    expect(page.overview.signInsToday).toBe(await ownTries(true))
    expect(page.overview.failedToday).toBe(await ownTries(false))
    expect(page.overview.failedToday).toBeGreaterThanOrEqual(1)
  })

  it("and B's administrator sees B's letter, not A's", async () => {
    const cookie = await signIn(b.adminLogin, 'Shkola99parol')
    const list = await load(adminMailList.loader as Loader, '/admin/mail', {}, cookie)
    const letters = JSON.parse(list.text).letters as Array<{ id: string }>
    expect(letters.map((l) => l.id)).toEqual([b.letterId])
    expect((await load(adminMail.loader as Loader, `/admin/mail/${b.letterId}`, { id: b.letterId }, cookie)).text).toContain(MARK)
  })

  it("a letter to A naming B's receipt number from B's applicant, or replying to B's letter, is A's new letter, never B's", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'boundaries-mail-'))
    const before = mailSettings().dataDir
    overrideMailSettings({ dataDir })
    try {
      const app = await db.application.findUniqueOrThrow({ where: { id: b.appId } })
      const schoolA = (await db.school.findFirstOrThrow({ where: { id: { not: b.schoolId } }, orderBy: { id: 'asc' } })).id
      const letters = [
        { subject: `Дополнение к заявлению ${app.receiptNumber}`, text: 'Прикладываю справку.' },
        {
          subject: 'Re: ответ школы',
          text: 'Спасибо.',
          inReplyTo: messageIdFor('school-b-letter'),
          references: messageIdFor('school-b-letter'),
        },
      ]
      for (const [i, letter] of letters.entries()) {
        const raw = await composeRaw({
          from: app.applicantEmail,
          to: 'school8@example.org',
          messageId: `<crafted-${i}@attacker.example>`,
          ...letter,
        })
        const { message } = await uploadEml({ raw, receivedAt: new Date(), schoolId: schoolA })
        expect([letter.subject, message.schoolId, message.kind, message.applicationId]).toEqual([letter.subject, schoolA, 'message', null])
      }
      // Nothing of B's application moved: no letter attached to it, its letter not failed.
      expect(await db.inboundMessage.count({ where: { applicationId: b.appId } })).toBe(0)
      expect((await db.outboxJob.findUniqueOrThrow({ where: { id: b.letterId } })).status).toBe('pending')
    } finally {
      overrideMailSettings({ dataDir: before })
      fs.rmSync(dataDir, { recursive: true, force: true })
    }
  })
})

describe('every outbox row carries its school (ADR 056)', () => {
  it('acknowledgements, deadline notices and a compromise notice: none without a school, each with its own', async () => {
    // Deadline notices for every open application of both schools: a year on, every deadline has passed.
    expect(await sweepDeadlines(new Date(Date.now() + 365 * 86_400_000))).toBeGreaterThan(0)
    const parent = await db.user.findUniqueOrThrow({ where: { login: 'parent' }, include: { guardian: true } })
    await reportCompromise({ user: { id: parent.id, schoolId: parent.schoolId, login: parent.login, displayName: 'Родитель' } })
    expect(await db.outboxJob.count({ where: { schoolId: null } })).toBe(0)
    const ofB = await db.outboxJob.findMany({ where: { kind: 'notify-staff', payload: { contains: b.appId } } })
    expect(ofB.length).toBeGreaterThan(0)
    expect(ofB.every((j) => j.schoolId === b.schoolId)).toBe(true)
    const compromise = await db.outboxJob.findFirstOrThrow({ where: { idempotencyKey: { startsWith: `compromise:${parent.id}` } } })
    expect(compromise.schoolId).toBe(parent.schoolId)
  })

  it("no route of /admin/mail shows school A's administrator a job of school B, internal or a letter", async () => {
    const cookie = await signIn('admin')
    const jobs = await db.outboxJob.findMany({ where: { schoolId: b.schoolId } })
    expect(jobs.length).toBeGreaterThan(1)
    for (const job of jobs) {
      const page = await load(adminMail.loader as Loader, `/admin/mail/${job.id}`, { id: job.id }, cookie)
      expect(page.status, job.kind).toBe(404)
      expect(page.text).not.toContain(MARK)
      for (const intent of ['retry', 'cancel']) {
        expect(
          (await settle(() => adminMail.action(args(formRequest(`/admin/mail/${job.id}`, { intent }, cookie), { id: job.id })))).status,
        ).toBeGreaterThanOrEqual(400)
      }
    }
    for (const status of ['', 'pending', 'failed', 'done', 'cancelled']) {
      const list = JSON.parse(
        (await load(adminMailList.loader as Loader, `/admin/mail${status ? `?status=${status}` : ''}`, {}, cookie)).text,
      ) as { letters: Array<{ id: string }> }
      expect(list.letters.filter((l) => jobs.some((j) => j.id === l.id))).toEqual([])
    }
  })
})

describe('an idempotency key names one school’s application', () => {
  it('another school sending the same key gets a refusal, never the first school’s application', async () => {
    const actor = APPLICANT_ACTOR
    const school8 = (await db.school.findFirstOrThrow({ where: { id: { not: b.schoolId } }, orderBy: { id: 'asc' } })).id
    const first = await receiveApplication({
      schoolId: school8,
      channel: 'in_person',
      data: await applicationFor('5А'),
      actor,
      idempotencyKey: 'in_person:same-key',
    })
    const before = await db.application.count()
    const other = receiveApplication({
      schoolId: b.schoolId,
      channel: 'in_person',
      data: await applicationFor('5А'),
      actor,
      idempotencyKey: 'in_person:same-key',
    })
    await expect(other).rejects.toMatchObject({ status: 409 })
    expect(await db.application.count()).toBe(before)
    // The school that sent it first still gets its own back.
    const again = await receiveApplication({
      schoolId: school8,
      channel: 'in_person',
      data: await applicationFor('5А'),
      actor,
      idempotencyKey: 'in_person:same-key',
    })
    expect(again).toMatchObject({ created: false, application: { id: first.application.id } })
  })
})
