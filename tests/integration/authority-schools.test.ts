// The authority's screen of schools (ADR 069): /authority/schools lists and creates schools (the one createSchool
// of the command), /authority/schools/<id> changes a school's code, host name and mailbox. Only the authority's
// administrator reaches them (ADR 057); every field is checked with Russian messages and a refused form changes
// nothing; every change is in the audit log without the password, which is never shown back and is kept when the
// field is left empty; a changed code moves the school's public page from the old address to the new one.
import { beforeAll, describe, expect, it } from 'vitest'
import { db } from '#app/utils/db.server'
import { createAuthorityAdministrator } from '#app/operations/create-authority.server'
import { createSchool } from '#app/operations/create-school.server'
import { IMAP_KEY } from '#app/mail/mailboxes.server'
import { hashPassword } from '#app/utils/password.server'
import { signIn } from '#tests/helpers/auth'
import { formRequest, getRequest, settle } from '#tests/helpers/http'
import * as schools from '#app/routes/authority.schools'
import * as school from '#app/routes/authority.schools_.$schoolId'
import * as home from '#app/routes/_index'

type Route = (a: { request: Request; params: Record<string, string>; context: object }) => Promise<unknown>
const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} })
async function call(route: Route, request: Request, params: Record<string, string> = {}) {
  const response = await settle(() => route(args(request, params)))
  const text = await response.text()
  return { status: response.status, location: response.headers.get('Location'), text, body: text.startsWith('{') ? JSON.parse(text) : null }
}

const NEW_SCHOOL = {
  fullName: 'МОУ «СОШ № 61» города Саратова',
  shortName: 'СОШ № 61',
  directorName: 'Фёдоров Фёдор Фёдорович',
  address: 'г. Саратов, ул. Шестьдесят первая, 61',
  phone: '+7 8452 61-61-61',
  email: 'sosh61@example.org',
  timeZone: '',
  responsibleName: 'Харитонова Христина Ивановна',
  responsiblePosition: '',
  responsibleRoom: '3',
  responsibleEmail: '',
  mailbox: 'apply61@example.org',
  adminName: 'Цветков Цезарь Цезаревич',
  adminLogin: 'admin61',
  directorLogin: 'director61',
  responsibleLogin: 'responsible61',
  code: 'sosh61',
  host: '',
}
const EMPTY_MAILBOX = { mailbox: '', imapHost: '', imapPort: '', imapUser: '', imapPassword: '', imapFolder: '' }
const SECRET = 'Pochta-Parol-61'

let authority = ''
let admin = ''
let schoolId = ''

beforeAll(async () => {
  await createAuthorityAdministrator(db, { login: 'organ61', name: 'Шилов Шамиль Шамилевич', schoolId: null })
  await db.user.update({
    where: { login: 'organ61' },
    data: { passwordHash: await hashPassword('Organ2026upr'), mustChangePassword: false },
  })
  authority = await signIn('organ61', 'Organ2026upr')
  admin = await signIn('admin')
})

describe('/authority/schools', () => {
  it('refuses a form with a wrong field in Russian, naming the field, and creates nothing', async () => {
    const bad = await call(schools.action as Route, formRequest('/authority/schools', { ...NEW_SCHOOL, code: 'Школа 61' }, authority))
    expect(bad.status).toBe(400)
    expect(bad.body.fieldErrors.code).toMatch(/^Код школы: до 40 латинских строчных букв/)
    const noTz = await call(
      schools.action as Route,
      formRequest('/authority/schools', { ...NEW_SCHOOL, timeZone: 'Europe/Nowhere' }, authority),
    )
    expect(noTz.body.fieldErrors.timeZone).toBe('Неизвестный часовой пояс')
    expect(await db.school.count({ where: { shortName: 'СОШ № 61' } })).toBe(0)
  })

  it("creates a school with the command's operation: year, accounts, mailbox; in the audit log and the list", async () => {
    const made = await call(schools.action as Route, formRequest('/authority/schools', NEW_SCHOOL, authority))
    expect(made.status).toBe(200)
    expect(made.body.accounts.map((a: { login: string }) => a.login)).toEqual(['admin61', 'director61', 'responsible61'])
    const created = await db.school.findFirstOrThrow({ where: { shortName: 'СОШ № 61' } })
    schoolId = created.id
    expect(created).toMatchObject({ code: 'sosh61', host: null, timeZone: 'Europe/Saratov' })
    expect(await db.academicYear.count({ where: { schoolId, current: true } })).toBe(1)
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: 'create:school', entityId: schoolId } })
    expect(audit.userId).toBe((await db.user.findUniqueOrThrow({ where: { login: 'organ61' } })).id)
    const list = await call(schools.loader as Route, getRequest('/authority/schools', authority))
    expect(list.body.schools.find((s: { id: string }) => s.id === schoolId).publicAddress).toBe('/?school=sosh61')
  })

  it("is the authority's only: a school's administrator gets 403 on the list, the creation and the school's page", async () => {
    expect((await call(schools.loader as Route, getRequest('/authority/schools', admin))).status).toBe(403)
    expect((await call(schools.action as Route, formRequest('/authority/schools', { ...NEW_SCHOOL, code: 'x61' }, admin))).status).toBe(403)
    const path = `/authority/schools/${schoolId}`
    expect((await call(school.loader as Route, getRequest(path, admin), { schoolId })).status).toBe(403)
    const change = await call(school.action as Route, formRequest(path, { code: 'hijack', host: '', ...EMPTY_MAILBOX }, admin), {
      schoolId,
    })
    expect(change.status).toBe(403)
    expect(await db.school.findUniqueOrThrow({ where: { id: schoolId } })).toMatchObject({ code: 'sosh61' })
    // The new school's own administrator too.
    await db.user.update({
      where: { login: 'admin61' },
      data: { passwordHash: await hashPassword('Shkola61parol'), mustChangePassword: false },
    })
    const own = await signIn('admin61', 'Shkola61parol')
    expect((await call(school.loader as Route, getRequest(path, own), { schoolId })).status).toBe(403)
    // Signed out: to the sign-in page.
    expect((await call(school.loader as Route, getRequest(path), { schoolId })).status).toBe(302)
    // Signed in, the authority's home is the list of schools (not '/', which would send it back round and round).
    expect(await call(home.loader as Route, getRequest('/', authority))).toMatchObject({ status: 302, location: '/authority/schools' })
    // An unknown school: 404.
    expect((await call(school.loader as Route, getRequest('/authority/schools/nosuch', authority), { schoolId: 'nosuch' })).status).toBe(
      404,
    )
  })
})

describe('/authority/schools/<id>', () => {
  const path = () => `/authority/schools/${schoolId}`
  const post = (fields: Record<string, string>) =>
    call(
      school.action as Route,
      formRequest(path(), { code: 'sosh61', host: '', ...EMPTY_MAILBOX, mailbox: 'apply61@example.org', ...fields }, authority),
      {
        schoolId,
      },
    )

  it('refuses a wrong or taken code or host name with a Russian message and changes nothing', async () => {
    // Another school whose code, host name and id are taken.
    const { schoolId: other } = await createSchool(
      db,
      {
        ...NEW_SCHOOL,
        fullName: 'МОУ «СОШ № 62»',
        shortName: 'СОШ № 62',
        adminLogin: 'admin62',
        directorLogin: 'director62',
        responsibleLogin: 'responsible62',
        code: 'sosh62',
        host: 'sosh62.edu.example',
        mailbox: 'apply62@example.org',
      },
      { userId: null, name: 'тест' },
    )
    const cases: Array<[Record<string, string>, string, RegExp]> = [
      [{ code: 'школа61' }, 'code', /^Код школы: до 40 латинских строчных букв, цифр и дефисов/],
      [{ code: '-sosh61' }, 'code', /^Код школы/],
      [{ code: 'sosh_61' }, 'code', /^Код школы/],
      [{ code: 'sosh62' }, 'code', /^Код «sosh62» уже занят: СОШ № 62/],
      [{ code: other }, 'code', /уже занят/],
      [{ host: 'sosh61' }, 'host', /^Имя сайта школы/],
      [{ host: 'sosh 61.edu.example' }, 'host', /^Имя сайта школы/],
      [{ host: '-sosh61.edu.example' }, 'host', /^Имя сайта школы/],
      [{ host: 'SOSH62.edu.example' }, 'host', /^Сайт «sosh62.edu.example» уже отдан другой школе/],
      [{ mailbox: 'не адрес' }, 'mailbox', /^Почтовый ящик школы: адрес пишется без пробелов$/],
      [{ mailbox: 'школа61@mail.ru' }, 'mailbox', /^Почтовый ящик школы: до «@» — только латинские/],
      [{ mailbox: 'sosh61@ьфшд.ru' }, 'mailbox', /^Почтовый ящик школы: неверный адрес: домен набран русскими/],
      [{ imapHost: 'imap.example.org', imapUser: 'sosh61', imapPassword: SECRET, imapPort: '70000' }, 'imapPort', /^Порт IMAP/],
      [{ imapHost: 'imap.example.org', imapUser: '', imapPassword: SECRET }, 'imapUser', /^Укажите имя пользователя/],
      [{ imapHost: 'imap.example.org', imapUser: 'sosh61', imapPassword: '' }, 'imapPassword', /^Укажите пароль почтового ящика/],
      [{ imapHost: '', imapUser: 'sosh61' }, 'imapHost', /^Укажите сервер IMAP/],
    ]
    for (const [fields, field, message] of cases) {
      const result = await post(fields)
      expect(result.status, JSON.stringify(fields)).toBe(400)
      expect(result.body.fieldErrors[field], JSON.stringify(fields)).toMatch(message)
    }
    expect(await db.school.findUniqueOrThrow({ where: { id: schoolId } })).toMatchObject({ code: 'sosh61', host: null })
    expect(await db.setting.count({ where: { schoolId, key: IMAP_KEY } })).toBe(0)
    expect(await db.auditEvent.count({ where: { action: 'update:school', entityId: schoolId } })).toBe(0)
  })

  it('changes the code and the host: the public page is found by the new ones, not by the old code', async () => {
    const shown = async (url: string) =>
      (await call(home.loader as Route, new Request(url, { headers: { 'x-client-ip': '127.0.0.1' } }))).body
    expect((await shown('http://localhost:3000/?school=sosh61')).contacts.schoolName).toBe(NEW_SCHOOL.fullName)
    const saved = await post({ code: 'Sosh-61a', host: 'Sosh61.Edu-Saratov.example' })
    expect(saved.status).toBe(200)
    expect(saved.body).toMatchObject({ ok: true, message: 'Изменения сохранены.' })
    expect(await db.school.findUniqueOrThrow({ where: { id: schoolId } })).toMatchObject({
      code: 'sosh-61a',
      host: 'sosh61.edu-saratov.example',
    })
    expect((await shown('http://localhost:3000/?school=sosh-61a')).contacts.schoolName).toBe(NEW_SCHOOL.fullName)
    expect((await shown('http://sosh61.edu-saratov.example/')).contacts.schoolName).toBe(NEW_SCHOOL.fullName)
    // The old code addresses no school any more: the visitor is offered the choice.
    const old = await shown('http://localhost:3000/?school=sosh61')
    expect(old.contacts).toBeNull()
    expect(old.schools.length).toBeGreaterThanOrEqual(2)
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: 'update:school', entityId: schoolId }, orderBy: { at: 'desc' } })
    expect(JSON.parse(audit.data)).toMatchObject({
      changed: ['code', 'host'],
      code: ['sosh61', 'sosh-61a'],
      host: [null, 'sosh61.edu-saratov.example'],
    })
    expect(audit).toMatchObject({ schoolId, userId: (await db.user.findUniqueOrThrow({ where: { login: 'organ61' } })).id })
    // The same form again changes nothing and writes nothing.
    const before = await db.auditEvent.count({ where: { action: 'update:school' } })
    expect((await post({ code: 'sosh-61a', host: 'sosh61.edu-saratov.example' })).body.message).toBe('Изменений нет.')
    expect(await db.auditEvent.count({ where: { action: 'update:school' } })).toBe(before)
  })

  it('sets the mailbox; the password is never shown back, kept when left empty, and not in the audit log', async () => {
    const base = { code: 'sosh-61a', host: 'sosh61.edu-saratov.example' }
    const mailbox = { imapHost: 'imap.edu-saratov.example', imapPort: '993', imapUser: 'sosh61', imapPassword: SECRET, imapTls: 'on' }
    expect((await post({ ...base, ...mailbox })).status).toBe(200)
    const stored = async () =>
      JSON.parse((await db.setting.findUniqueOrThrow({ where: { schoolId_key: { schoolId, key: IMAP_KEY } } })).value)
    expect(await stored()).toEqual({
      host: 'imap.edu-saratov.example',
      port: 993,
      secure: true,
      user: 'sosh61',
      password: SECRET,
      mailbox: 'INBOX',
    })
    const page = await call(school.loader as Route, getRequest(path(), authority), { schoolId })
    expect(page.status).toBe(200)
    expect(page.body.school.imap).toMatchObject({
      host: 'imap.edu-saratov.example',
      port: 993,
      user: 'sosh61',
      secure: true,
      hasPassword: true,
    })
    expect(page.text).not.toContain(SECRET)

    // An empty password keeps the stored one while the port and TLS change.
    expect((await post({ ...base, ...mailbox, imapPassword: '', imapPort: '143', imapTls: '' })).status).toBe(200)
    expect(await stored()).toMatchObject({ port: 143, secure: false, password: SECRET })
    // A new password replaces it.
    expect((await post({ ...base, ...mailbox, imapPassword: 'Novyi-Parol-61' })).status).toBe(200)
    expect(await stored()).toMatchObject({ port: 993, password: 'Novyi-Parol-61' })

    const audits = await db.auditEvent.findMany({ where: { action: 'update:school', entityId: schoolId }, orderBy: { at: 'asc' } })
    expect(audits.map((a) => JSON.parse(a.data).changed)).toEqual([['code', 'host'], ['imap:set'], ['imap'], ['imap', 'imap:password']])
    for (const a of audits) {
      expect(a.data).not.toContain(SECRET)
      expect(a.data).not.toContain('Novyi-Parol-61')
    }

    // Clearing the server removes the school's own mailbox.
    expect((await post({ ...base })).status).toBe(200)
    expect(await db.setting.count({ where: { schoolId, key: IMAP_KEY } })).toBe(0)
    expect(
      JSON.parse(
        (await db.auditEvent.findFirstOrThrow({ where: { action: 'update:school', entityId: schoolId }, orderBy: { at: 'desc' } })).data,
      ).changed,
    ).toEqual(['imap:removed'])
  })

  it('asks for the password again when the server or the user changes: a stored password never goes to another server', async () => {
    const base = { code: 'sosh-61a', host: 'sosh61.edu-saratov.example' }
    const mailbox = { imapHost: 'imap.edu-saratov.example', imapPort: '993', imapUser: 'sosh61', imapPassword: SECRET, imapTls: 'on' }
    expect((await post({ ...base, ...mailbox })).status).toBe(200)
    const stored = async () =>
      JSON.parse((await db.setting.findUniqueOrThrow({ where: { schoolId_key: { schoolId, key: IMAP_KEY } } })).value)
    // Another server (one the attacker listens on) or another user with the password field left empty: refused.
    for (const moved of [{ imapHost: 'imap.attacker.example' }, { imapUser: 'someone-else' }]) {
      const refused = await post({ ...base, ...mailbox, imapPassword: '', ...moved })
      expect(refused.status, JSON.stringify(moved)).toBe(400)
      expect(refused.body.fieldErrors.imapPassword).toBe(
        'Сервер IMAP или имя пользователя изменились: введите пароль почтового ящика ещё раз',
      )
      expect(refused.text).not.toContain(SECRET)
      expect(await stored()).toMatchObject({ host: 'imap.edu-saratov.example', user: 'sosh61', password: SECRET })
    }
    // With the password typed again the new server is saved.
    expect((await post({ ...base, ...mailbox, imapHost: 'imap2.edu-saratov.example', imapPassword: 'Drugoi-Parol-61' })).status).toBe(200)
    expect(await stored()).toMatchObject({ host: 'imap2.edu-saratov.example', password: 'Drugoi-Parol-61' })
    expect((await post(base)).status).toBe(200)
  })

  it("refuses another school's mailbox: its address, or the IMAP mailbox polled for it; on creation too", async () => {
    const base = { code: 'sosh-61a', host: 'sosh61.edu-saratov.example' }
    const other = await db.school.findFirstOrThrow({ where: { shortName: 'СОШ № 62' } })
    // School 62 polls its own mailbox (set on the same screen).
    const of62 = {
      imapHost: 'imap.edu-saratov.example',
      imapPort: '993',
      imapUser: 'sosh62',
      imapPassword: 'Parol-62-pochta',
      imapTls: 'on',
    }
    const set62 = await call(
      school.action as Route,
      formRequest(
        `/authority/schools/${other.id}`,
        { code: 'sosh62', host: 'sosh62.edu.example', ...EMPTY_MAILBOX, mailbox: 'apply62@example.org', ...of62 },
        authority,
      ),
      { schoolId: other.id },
    )
    expect(set62.status).toBe(200)

    const address = await post({ ...base, mailbox: 'Apply62@Example.org' })
    expect(address.status).toBe(400)
    expect(address.body.fieldErrors.mailbox).toBe('Адрес «Apply62@example.org» уже указан почтовым ящиком другой школы: СОШ № 62')
    // Pasted from a letter's «mailto:» link with a trailing dot: the same address.
    const pasted = await post({ ...base, mailbox: ' mailto:apply62@EXAMPLE.org. ' })
    expect(pasted.body.fieldErrors.mailbox).toBe('Адрес «apply62@example.org» уже указан почтовым ящиком другой школы: СОШ № 62')
    // The same mailbox (the user's and the folder's case aside) with 61's own password: 61's intake would get 62's letters.
    for (const same of [
      { imapUser: 'sosh62', imapFolder: '' },
      { imapUser: 'SOSH62', imapFolder: 'inbox' },
    ]) {
      const polled = await post({ ...base, ...of62, imapPassword: 'Parol-61-pochta', ...same })
      expect(polled.status, JSON.stringify(same)).toBe(400)
      expect(polled.body.fieldErrors.imapUser).toMatch(/^Этот почтовый ящик уже опрашивается для другой школы: СОШ № 62\./)
    }
    expect(await db.setting.count({ where: { schoolId, key: IMAP_KEY } })).toBe(0)
    expect(await db.setting.findUniqueOrThrow({ where: { schoolId_key: { schoolId, key: 'mail.mailbox' } } })).toMatchObject({
      value: 'apply61@example.org',
    })
    // Another user of the same server is another mailbox.
    expect((await post({ ...base, ...of62, imapUser: 'sosh61', imapPassword: 'Parol-61-pochta' })).status).toBe(200)
    expect((await post(base)).status).toBe(200)
    // 62's mailbox user is an address: that address is 62's too, though 62 never typed it as its address.
    const byUser = await call(
      school.action as Route,
      formRequest(
        `/authority/schools/${other.id}`,
        {
          code: 'sosh62',
          host: 'sosh62.edu.example',
          ...EMPTY_MAILBOX,
          mailbox: 'apply62@example.org',
          ...of62,
          imapUser: 'box62@example.org',
        },
        authority,
      ),
      { schoolId: other.id },
    )
    expect(byUser.status).toBe(200)
    const userAddress = await post({ ...base, mailbox: 'Box62@example.org' })
    expect(userAddress.status).toBe(400)
    expect(userAddress.body.fieldErrors.mailbox).toBe('Адрес «Box62@example.org» уже указан почтовым ящиком другой школы: СОШ № 62')

    // A new school cannot take 62's address either.
    const created = await call(
      schools.action as Route,
      formRequest(
        '/authority/schools',
        {
          ...NEW_SCHOOL,
          fullName: 'МОУ «СОШ № 63»',
          shortName: 'СОШ № 63',
          adminLogin: 'admin63',
          directorLogin: 'director63',
          responsibleLogin: 'responsible63',
          code: 'sosh63',
          mailbox: 'apply62@example.org',
        },
        authority,
      ),
    )
    expect(created.status).toBe(400)
    expect(created.body.message).toBe('Адрес «apply62@example.org» уже указан почтовым ящиком другой школы.')
    expect(await db.school.count({ where: { shortName: 'СОШ № 63' } })).toBe(0)
  })
})
