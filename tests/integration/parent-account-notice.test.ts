// ADR 102: the ЭЖ administrator never learns a parent's password (whoever knows it reads the family's diary and
// applications). A reset from «Учётные записи» mails the one-time password to the parent — in a file the outbox wipes
// once sent, which the administrator's mail viewer does not open — and refuses a parent without an address or with one
// changed lately. Every reset of a parent's account and every change of its address by import is told to the parent,
// once, at the address the school had.
import { describe, expect, it } from 'vitest'
import { db } from '#app/utils/db.server'
import { getUser, login } from '#app/utils/auth.server'
import { action, loader } from '#app/routes/admin.users'
import { applyImport } from '#app/import/run.server'
import { getLetter } from '#app/mail/outbox-admin.server'
import { PARENT_REFUSALS } from '#app/models/account-words'
import { issueGuardianCredentials, newOneTimeSecret } from '#app/operations/issue-credentials.server'
import { signIn } from '#tests/helpers/auth'
import { formRequest, getRequest, settle } from '#tests/helpers/http'
import { DEMO_PASSWORD } from '../../prisma/seed/generate'

const args = (request: Request) => ({ request, params: {}, context: {} })
const parentOf = (loginName: string) =>
  db.user.findUniqueOrThrow({ where: { login: loginName }, include: { guardian: { include: { links: { include: { pupil: true } } } } } })
const lettersTo = async (to: string) =>
  (await db.outboxJob.findMany({ where: { kind: 'send-email', payload: { contains: to } } })).filter((j) =>
    [JSON.parse(j.payload).to].flat().includes(to),
  )
const reset = async (cookie: string, userId: string) => {
  const response = await settle(() => action(args(formRequest('/admin/users', { intent: 'issue', userId, confirm: 'yes' }, cookie))))
  return { status: response.status, body: await response.json() }
}
const fmt = (iso: string) => iso.split('-').reverse().join('.')

describe("the administrator's reset of a parent's account", () => {
  it('mails the one-time password to the parent, shows it to nobody, ends the sessions, audits it', async () => {
    const admin = await signIn('admin')
    const parent = await parentOf('parent')
    await db.guardian.update({ where: { id: parent.guardian!.id }, data: { email: 'ivanova.family@example.ru' } })
    const parentCookie = await signIn('parent')
    const page = await (await settle(() => loader(args(getRequest(`/admin/users?issue=${parent.id}`, admin))))).json()
    expect(page.confirm).toMatchObject({ login: 'parent', mailedTo: 'iv***@example.ru' })

    const done = await reset(admin, parent.id)
    expect(done).toEqual({ status: 200, body: { ok: true, login: 'parent', mailedTo: 'iv***@example.ru' } })
    expect(JSON.stringify(done.body)).not.toMatch(/password/)
    // The old password and the open session end at once.
    expect(await getUser(getRequest('/parent', parentCookie))).toBeNull()
    expect((await login(formRequest('/login', {}), 'parent', DEMO_PASSWORD)).ok).toBe(false)

    const letters = await lettersTo('ivanova.family@example.ru')
    expect(letters).toHaveLength(1)
    const payload = JSON.parse(letters[0].payload)
    expect(payload.subject).toBe('Сброшен пароль учётной записи parent')
    const file = payload.attachments[0]
    expect(file).toMatchObject({ fileName: 'Реквизиты доступа.txt', secret: true })
    const password = /Временный пароль: (\S+)/.exec(Buffer.from(file.contentBase64, 'base64').toString('utf8'))![1]
    expect(payload.text).not.toContain(password)
    const signed = await login(formRequest('/login', {}), 'parent', password)
    expect(signed.ok && signed.user.mustChangePassword).toBe(true)
    // The administrator's mail viewer names the file but does not show what is in it.
    const seen = await getLetter(parent.schoolId, letters[0].id)
    expect(JSON.stringify(seen)).not.toContain(password)
    expect(JSON.stringify(seen)).not.toContain(file.contentBase64)

    expect(await db.auditEvent.count({ where: { action: 'mail:one-time-password', entityId: parent.id } })).toBe(1)
    // Nobody at the school saw it: not an «issue» a compromise of the administrator would withdraw.
    expect(await db.auditEvent.count({ where: { action: 'issue:one-time-password', entityId: parent.id } })).toBe(0)
  })

  it('refuses a parent without an address in Russian; nothing changes', async () => {
    const admin = await signIn('admin')
    const parent = await parentOf('parent2')
    await db.guardian.update({ where: { id: parent.guardian!.id }, data: { email: '' } })
    const page = await (await settle(() => loader(args(getRequest(`/admin/users?issue=${parent.id}`, admin))))).json()
    expect(page.confirm).toMatchObject({ login: 'parent2', mailedTo: '' })
    expect(await reset(admin, parent.id)).toEqual({ status: 409, body: { ok: false, error: PARENT_REFUSALS['parent-without-email'] } })
    expect((await db.user.findUniqueOrThrow({ where: { id: parent.id } })).passwordHash).toBe(parent.passwordHash)
    expect(await db.auditEvent.count({ where: { entityId: parent.id, action: { contains: 'one-time-password' } } })).toBe(0)
  })
})

describe("an import that changes a parent's address (ADR 102)", () => {
  it('tells the parent at the old address, once; a mailed reset to the new address is refused for a while', async () => {
    const adminUser = await db.user.findUniqueOrThrow({ where: { login: 'admin' } })
    const parent = await parentOf('parent2')
    const g = parent.guardian!
    await db.guardian.update({ where: { id: g.id }, data: { email: 'old.address@example.ru', phone: '+7 (900) 000-00-01' } })
    const link = g.links[0]
    const header = ['Фамилия', 'Имя', 'Отчество', 'Телефон', 'Эл. почта', 'Обучающийся', 'Дата рождения обучающегося', 'Степень родства']
    const row = [
      g.lastName,
      g.firstName,
      g.middleName,
      '+7 (900) 000-00-01',
      'admins.own@evil.example',
      `${link.pupil.lastName} ${link.pupil.firstName} ${link.pupil.middleName}`,
      fmt(link.pupil.birthDate),
      link.relationship,
    ]
    const bytes = new TextEncoder().encode([header, row].map((r) => r.join(';')).join('\n'))
    const report = await applyImport({ schoolId: parent.schoolId, kind: 'guardians', fileName: 'g.csv', bytes, userId: adminUser.id })
    expect(report.errors).toEqual([])
    expect(report.applied).toBe(true)
    expect((await db.guardian.findUniqueOrThrow({ where: { id: g.id } })).email).toBe('admins.own@evil.example')
    const told = await lettersTo('old.address@example.ru')
    expect(told).toHaveLength(1)
    expect(JSON.parse(told[0].payload).text).toContain('«admins.own@evil.example»')
    expect(await db.auditEvent.count({ where: { action: 'change:guardian-email', entityId: parent.id, userId: adminUser.id } })).toBe(1)
    // The same file again changes nothing and tells nobody again.
    expect(
      (await applyImport({ schoolId: parent.schoolId, kind: 'guardians', fileName: 'g.csv', bytes, userId: adminUser.id })).applied,
    ).toBe(true)
    expect(await lettersTo('old.address@example.ru')).toHaveLength(1)

    // The administrator cannot now have the password mailed to the address they just set.
    const admin = await signIn('admin')
    expect(await reset(admin, parent.id)).toEqual({ status: 409, body: { ok: false, error: PARENT_REFUSALS['parent-email-changed'] } })
    expect((await db.user.findUniqueOrThrow({ where: { id: parent.id } })).passwordHash).toBe(parent.passwordHash)
    expect(await lettersTo('admins.own@evil.example')).toHaveLength(0)
  })
})

describe('an address nobody was told of (ADR 102: the account opened after the import, or no address before)', () => {
  const header = ['Фамилия', 'Имя', 'Отчество', 'Телефон', 'Эл. почта', 'Обучающийся', 'Дата рождения обучающегося', 'Степень родства']
  const importAddress = async (
    g: { lastName: string; firstName: string; middleName: string },
    phone: string,
    email: string,
    pupilOf: string,
  ) => {
    const parent = await parentOf(pupilOf)
    const link = parent.guardian!.links[0]
    const row = [
      g.lastName,
      g.firstName,
      g.middleName,
      phone,
      email,
      `${link.pupil.lastName} ${link.pupil.firstName} ${link.pupil.middleName}`,
      fmt(link.pupil.birthDate),
      'опекун',
    ]
    const bytes = new TextEncoder().encode([header, row].map((r) => r.join(';')).join('\n'))
    const admin = await db.user.findUniqueOrThrow({ where: { login: 'admin' } })
    const report = await applyImport({ schoolId: parent.schoolId, kind: 'guardians', fileName: 'g.csv', bytes, userId: admin.id })
    expect(report.errors).toEqual([])
    return admin
  }
  // Every audited change moves back by `days` (their order kept).
  const age = async (days: number) => {
    for (const e of await db.auditEvent.findMany({ where: { action: 'change:guardian-email' } }))
      await db.auditEvent.update({ where: { id: e.id }, data: { at: new Date(e.at.getTime() - days * 86_400_000) } })
  }

  it('audits a change for a guardian with no account; once one is opened, no mailed reset until the parent signs in', async () => {
    const school = (await parentOf('parent')).schoolId
    const person = { lastName: 'Сидорова', firstName: 'Алла', middleName: 'Петровна' }
    const guardian = await db.guardian.create({
      data: { schoolId: school, ...person, phone: '+7 (900) 000-00-77', email: 'alla@example.ru' },
    })
    const admin = await importAddress(person, '+7 (900) 000-00-77', 'admins.own@evil.example', 'parent')
    expect(
      await db.auditEvent.count({
        where: { action: 'change:guardian-email', entity: 'guardian', entityId: guardian.id, userId: admin.id },
      }),
    ).toBe(1)
    // The class teacher opens the account later; weeks pass.
    const secret = await newOneTimeSecret()
    const opened = await db.$transaction(async (tx) =>
      issueGuardianCredentials(tx, await tx.guardian.findUniqueOrThrow({ where: { id: guardian.id } }), secret),
    )
    await age(20)
    const cookie = await signIn('admin')
    expect(await reset(cookie, opened.userId)).toEqual({
      status: 409,
      body: { ok: false, error: PARENT_REFUSALS['parent-email-unconfirmed'] },
    })
    expect(await lettersTo('admins.own@evil.example')).toHaveLength(0)
    // The parent signs in with the class teacher's credentials: the account is theirs, the address they see is theirs.
    await signIn(opened.login, secret.password)
    expect((await reset(cookie, opened.userId)).status).toBe(200)
    expect(await lettersTo('admins.own@evil.example')).toHaveLength(1)
  })

  it('refuses a mailed reset to an address set where there was none, also after 14 days', async () => {
    const parent = await parentOf('parent2')
    const g = parent.guardian!
    await db.guardian.update({ where: { id: g.id }, data: { email: '', phone: '+7 (900) 000-00-02' } })
    await importAddress(g, '+7 (900) 000-00-02', 'admins.own@evil.example', 'parent2')
    await age(20)
    const cookie = await signIn('admin')
    expect(await reset(cookie, parent.id)).toEqual({ status: 409, body: { ok: false, error: PARENT_REFUSALS['parent-email-unconfirmed'] } })
    expect((await db.user.findUniqueOrThrow({ where: { id: parent.id } })).passwordHash).toBe(parent.passwordHash)
  })

  it('after 14 days a reset to an address told to the previous one goes, and the previous address hears of it', async () => {
    const parent = await parentOf('parent2')
    const g = parent.guardian!
    await db.guardian.update({ where: { id: g.id }, data: { email: 'old.one@example.ru', phone: '+7 (900) 000-00-03' } })
    await importAddress(g, '+7 (900) 000-00-03', 'new.one@example.ru', 'parent2')
    await age(20)
    const cookie = await signIn('admin')
    expect((await reset(cookie, parent.id)).status).toBe(200)
    expect(await lettersTo('new.one@example.ru')).toHaveLength(1)
    const old = (await lettersTo('old.one@example.ru')).map((j) => JSON.parse(j.payload))
    expect(old.map((l) => l.subject)).toEqual([
      'Изменён адрес электронной почты учётной записи parent2',
      'Сброшен пароль учётной записи parent2',
    ])
    expect(old[1].text).toContain('ne***@example.ru')
    expect(old[1].attachments ?? []).toEqual([])
  })
})

describe("a reset of a parent's account by new credentials (class, application letter)", () => {
  it('tells the parent once per reset; the same reset written again queues no second letter', async () => {
    const parent = await parentOf('parent')
    await db.guardian.update({ where: { id: parent.guardian!.id }, data: { email: 'told.once@example.ru' } })
    const guardian = await db.guardian.findUniqueOrThrow({ where: { id: parent.guardian!.id } })
    const now = new Date('2026-12-01T09:00:00Z')
    const secret = await newOneTimeSecret()
    for (let i = 0; i < 2; i++) await db.$transaction((tx) => issueGuardianCredentials(tx, guardian, secret, now))
    const letters = await lettersTo('told.once@example.ru')
    expect(letters).toHaveLength(1)
    const payload = JSON.parse(letters[0].payload)
    expect(payload.subject).toBe('Сброшен пароль учётной записи parent')
    expect(payload.text).toContain('01.12.2026')
    // The parent's letter never carries the password of the class's or the application's credentials.
    expect(payload.text).not.toContain(secret.password)
    expect(payload.attachments ?? []).toEqual([])
  })
})
