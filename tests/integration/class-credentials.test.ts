// Положение 3.1, 4.3.7: the class teacher issues e-diary credentials to the class's parents as one Word file with a
// signature sheet. Real database, real routes, real sign-in.
import { describe, expect, it } from 'vitest'
import { db } from '#app/utils/db.server'
import { getUser, login, requireUser } from '#app/utils/auth.server'
import { hashPassword } from '#app/utils/password.server'
import { action as issueAction, loader as issueLoader } from '#app/routes/classes.$classId.credentials'
import { loader as teacherClassLoader } from '#app/routes/teacher.classes.$classId'
import { loader as staffClassLoader } from '#app/routes/staff.classes.$classId'
import { CREDENTIALS_ERRORS } from '#app/models/class-credentials.server'
import { applyImport } from '#app/import/run.server'
import { signIn } from '#tests/helpers/auth'
import { docxText } from '#tests/helpers/docx'
import { formRequest, getRequest, settle } from '#tests/helpers/http'

const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} })

async function class5A() {
  return db.schoolClass.findFirstOrThrow({ where: { name: '5А' } })
}

/** Two guardians of 5А without accounts; the first also becomes the guardian of a second pupil of the class. */
async function twoFamilies() {
  const cls = await class5A()
  const pupils = await db.pupil.findMany({
    where: { classId: cls.id, leftOn: null },
    orderBy: [{ lastName: 'asc' }, { firstName: 'asc' }],
    include: { guardians: { include: { guardian: true } } },
  })
  const free = (l: (typeof pupils)[number]['guardians'][number]) => !l.guardian.userId && l.statusConfirmed
  const withFree = pupils.filter((p) => p.guardians.some(free))
  const a = withFree[0].guardians.find(free)!.guardian
  const b = withFree[1].guardians.find(free)!.guardian
  const sibling = withFree[2]
  await db.guardianLink.upsert({
    where: { guardianId_pupilId: { guardianId: a.id, pupilId: sibling.id } },
    create: { guardianId: a.id, pupilId: sibling.id, relationship: 'мать', statusConfirmed: true },
    update: {},
  })
  return { cls, a, b, aChildren: [withFree[0], sibling], bChild: withFree[1] }
}

async function issue(cookie: string, classId: string, guardianIds: string[], from = 'teacher', extra: string[][] = []) {
  const body = new URLSearchParams([['from', from], ...guardianIds.map((id) => ['guardianId', id]), ...extra])
  const request = new Request(`http://localhost:3000/classes/${classId}/credentials`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      Origin: 'http://localhost:3000',
      'x-client-ip': '127.0.0.1',
      Cookie: cookie,
    },
    body,
  })
  return settle(() => issueAction(args(request, { classId })))
}

/** The credentials pages by guardian name (login, password) and the signature sheet's text. */
function readCredentials(text: string) {
  const [pagesText, sheet] = text.split('ВЕДОМОСТЬ')
  const pages = new Map<string, { login: string; password: string }>()
  for (const page of pagesText.split('Законный представитель: ').slice(1)) {
    const name = page.split('\n')[0]
    const login = /\nЛогин\n(\S+)\n/.exec(page)![1]
    const password = /\nВременный \(одноразовый\) пароль\n(\S+)\n/.exec(page)![1]
    pages.set(name, { login, password })
  }
  return { pages, sheet }
}

const name = (g: { lastName: string; firstName: string; middleName: string }) =>
  [g.lastName, g.firstName, g.middleName].filter(Boolean).join(' ')
const snapshot = async () => ({
  users: await db.user.count(),
  audits: await db.auditEvent.count({ where: { action: 'issue:credentials' } }),
  sessions: await db.session.count(),
  hashes: (await db.user.findMany({ where: { guardian: { isNot: null } }, select: { passwordHash: true } }))
    .map((u) => u.passwordHash)
    .sort(),
  documents: await db.storedDocument.count(),
})

describe('class credentials', () => {
  it('lists the class guardians once each, with both children and the account state; only for the class teacher', async () => {
    const { cls, a, aChildren } = await twoFamilies()
    const teacher = await signIn('popova.ym')
    const page = await settle(() => teacherClassLoader(args(getRequest(`/teacher/classes/${cls.id}`, teacher), { classId: cls.id })))
    const { credentials } = await page.json()
    const rows = credentials.guardians.filter((g: { id: string }) => g.id === a.id)
    expect(rows).toHaveLength(1)
    expect(rows[0].children.map((c: { name: string }) => c.name).sort()).toEqual(aChildren.map(name).sort())
    expect(rows[0]).toMatchObject({ state: 'none', login: null })
    expect(credentials.error).toBeNull()
    // A subject teacher of 5А sees the class, but not the credentials section.
    const subjectTeacher = await db.staff.findFirstOrThrow({
      where: {
        timetable: { some: { group: { classId: cls.id } } },
        id: { not: cls.classTeacherId! },
        user: { roles: { none: { role: { in: ['admin', 'director'] } } } },
      },
      include: { user: true },
    })
    const other = await signIn(subjectTeacher.user!.login)
    const theirs = await settle(() => teacherClassLoader(args(getRequest(`/teacher/classes/${cls.id}`, other), { classId: cls.id })))
    expect(theirs.status).toBe(200)
    expect((await theirs.json()).credentials).toBeNull()
  })

  it('issues accounts for the chosen guardians: one Word file, passwords that sign in once, a signature sheet', async () => {
    const { cls, a, b, aChildren, bChild } = await twoFamilies()
    const before = await snapshot()
    const teacher = await signIn('popova.ym')
    const response = await issue(teacher, cls.id, [a.id, b.id])
    expect(response.status).toBe(200)
    expect(response.headers.get('Content-Type')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
    expect(response.headers.get('Content-Disposition')).toContain(encodeURIComponent('Реквизиты доступа 5А'))
    expect(response.headers.get('Cache-Control')).toBe('private, no-store')
    const text = docxText(Buffer.from(await response.arrayBuffer()))
    const { pages, sheet } = readCredentials(text)
    expect([...pages.keys()].sort()).toEqual([name(a), name(b)].sort())
    expect(text).toContain(
      `${aChildren
        .map(name)
        .sort((x, y) => x.localeCompare(y, 'ru'))
        .join(', ')}, 5 «А» класс`,
    )
    expect(text).toContain(`${name(bChild)}, 5 «А» класс`)

    for (const guardian of [a, b]) {
      const { login: loginName, password } = pages.get(name(guardian))!
      const account = await db.guardian.findUniqueOrThrow({ where: { id: guardian.id }, include: { user: { include: { roles: true } } } })
      expect(account.user).toMatchObject({ login: loginName, mustChangePassword: true, lockedAt: null })
      expect(account.user!.roles.map((r) => r.role)).toEqual(['parent'])
      expect(account.user!.passwordHash).not.toContain(password)
      // The password from the file signs in, and the first sign-in asks for a new password.
      const signedIn = await signIn(loginName, password)
      const forced = await settle(() => requireUser(getRequest('/parent', signedIn)))
      expect(forced.headers.get('Location')).toBe('/change-password')
      // The signature sheet lists the guardian with the login, never the password.
      expect(sheet).toContain(`${name(guardian)}\n`)
      expect(sheet).toContain(`\n${loginName}\n`)
      expect(sheet).not.toContain(password)
    }
    expect(sheet).toContain('Класс: 5 «А»')
    expect(sheet).toContain('Всего выдано: 2')
    // One audit event per guardian, by the teacher; the file is not stored anywhere.
    const audits = await db.auditEvent.findMany({ where: { action: 'issue:credentials' } })
    expect(audits.length - before.audits).toBe(2)
    const teacherUser = await db.user.findUniqueOrThrow({ where: { login: 'popova.ym' } })
    expect(
      audits.filter((e) => [a.id, b.id].includes(e.entityId)).every((e) => e.userId === teacherUser.id && e.entity === 'guardian'),
    ).toBe(true)
    expect(audits.some((e) => [...pages.values()].some((p) => e.data.includes(p.password)))).toBe(false)
    expect(await db.storedDocument.count()).toBe(before.documents)
    expect(await db.user.count()).toBe(before.users + 2)

    // The page now shows them as «выдан временный пароль, ещё не входил» and not chosen again by default.
    const page = await (
      await settle(() => teacherClassLoader(args(getRequest(`/teacher/classes/${cls.id}`, teacher), { classId: cls.id })))
    ).json()
    expect(page.credentials.guardians.find((g: { id: string }) => g.id === a.id)).toMatchObject({
      state: 'one-time',
      login: pages.get(name(a))!.login,
    })
  })

  it('a reset ends the old password and every session of a guardian who uses the diary', async () => {
    const { cls, a } = await twoFamilies()
    const teacher = await signIn('popova.ym')
    expect((await issue(teacher, cls.id, [a.id])).status).toBe(200)
    const account = await db.guardian.findUniqueOrThrow({ where: { id: a.id }, include: { user: true } })
    // The parent has set a password of their own and reads the diary.
    await db.user.update({
      where: { id: account.userId! },
      data: { passwordHash: await hashPassword('Svoy2026parol'), mustChangePassword: false },
    })
    const parentCookie = await signIn(account.user!.login, 'Svoy2026parol')
    expect(await getUser(getRequest('/parent', parentCookie))).not.toBeNull()
    const page = await (
      await settle(() => teacherClassLoader(args(getRequest(`/teacher/classes/${cls.id}`, teacher), { classId: cls.id })))
    ).json()
    expect(page.credentials.guardians.find((g: { id: string }) => g.id === a.id)).toMatchObject({ state: 'active' })

    // Issue 19.3: a password that works is not replaced without a confirmation — nothing changes, the page asks.
    const unconfirmed = await issue(teacher, cls.id, [a.id])
    expect(unconfirmed.status).toBe(303)
    expect(unconfirmed.headers.get('Location')).toBe(`/teacher/classes/${cls.id}?credentials=reissue#credentials`)
    expect(CREDENTIALS_ERRORS.reissue).toMatch(/^Среди выбранных есть законные представители, у которых уже есть действующий пароль/)
    expect(await getUser(getRequest('/parent', parentCookie))).not.toBeNull()
    const kept = await db.user.findUniqueOrThrow({ where: { id: account.userId! } })
    expect(kept.mustChangePassword).toBe(false)

    const response = await issue(teacher, cls.id, [a.id], 'teacher', [['confirmReissue', 'yes']])
    expect(response.status).toBe(200)
    const { pages } = readCredentials(docxText(Buffer.from(await response.arrayBuffer())))
    const fresh = pages.get(name(a))!
    expect(fresh.login).toBe(account.user!.login)
    expect(await getUser(getRequest('/parent', parentCookie))).toBeNull()
    expect(await db.session.count({ where: { userId: account.userId! } })).toBe(0)
    expect(await login(formRequest('/login', {}), fresh.login, 'Svoy2026parol')).toEqual({ ok: false, error: 'Неверный логин или пароль.' })
    expect((await login(formRequest('/login', {}), fresh.login, fresh.password)).ok).toBe(true)
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: 'issue:credentials', entityId: a.id }, orderBy: { at: 'desc' } })
    expect(JSON.parse(audit.data)).toMatchObject({ accountCreated: false, className: '5А', endedSessions: 1 })
  })

  it('a teacher who is not the class teacher of the class gets 404 (a subject teacher only: 403) and nothing is issued', async () => {
    const { cls, a, b } = await twoFamilies()
    const before = await snapshot()
    // The class teacher of 5Б, and a subject teacher who teaches in 5А.
    const other = await signIn('kazakova.ai')
    const response = await issue(other, cls.id, [a.id, b.id])
    expect(response.status).toBe(404)
    expect(await response.text()).toBe('Класс не найден')
    const subjectTeacher = await db.staff.findFirstOrThrow({
      where: {
        timetable: { some: { group: { classId: cls.id } } },
        id: { not: cls.classTeacherId! },
        // A subject teacher and nothing else (the same one on both databases): no class of theirs — no permission (403).
        user: {
          roles: {
            some: { role: 'teacher' },
            none: { role: { in: ['admin', 'director', 'deputy', 'secretary', 'responsible', 'class_teacher'] } },
          },
        },
      },
      include: { user: true },
      orderBy: { id: 'asc' },
    })
    const subject = await settle(async () => issue(await signIn(subjectTeacher.user!.login), cls.id, [a.id]))
    expect(subject.status).toBe(403)
    // A parent has no such permission at all.
    expect((await issue(await signIn('parent'), cls.id, [a.id])).status).toBe(403)
    expect(await snapshot()).toEqual({ ...before, sessions: expect.any(Number) })
    expect((await db.guardian.findUniqueOrThrow({ where: { id: a.id } })).userId).toBeNull()
  })

  it('bad input — nothing chosen, a guardian of another class — comes back with a Russian message and changes nothing', async () => {
    const { cls, a } = await twoFamilies()
    const teacher = await signIn('popova.ym')
    const before = await snapshot()
    const empty = await issue(teacher, cls.id, [])
    expect(empty.status).toBe(303)
    expect(empty.headers.get('Location')).toBe(`/teacher/classes/${cls.id}?credentials=empty#credentials`)
    const page = await (
      await settle(() => teacherClassLoader(args(getRequest(`/teacher/classes/${cls.id}?credentials=empty`, teacher), { classId: cls.id })))
    ).json()
    expect(page.credentials.error).toBe(
      'Не выбран ни один законный представитель. Отметьте тех, кому нужно сформировать реквизиты доступа.',
    )

    const stranger = await db.guardianLink.findFirstOrThrow({
      where: { pupil: { class: { name: '5Б' } }, guardian: { links: { none: { pupil: { classId: cls.id } } } } },
    })
    const foreign = await issue(teacher, cls.id, [a.id, stranger.guardianId])
    expect(foreign.headers.get('Location')).toBe(`/teacher/classes/${cls.id}?credentials=foreign#credentials`)
    expect(CREDENTIALS_ERRORS.foreign).toMatch(/не относящийся к обучающимся этого класса/)
    expect(await snapshot()).toEqual(before)
    expect((await db.guardian.findUniqueOrThrow({ where: { id: a.id } })).userId).toBeNull()
    // Issuing is a POST only: a GET of the address goes back to the class page.
    const get = await settle(() => issueLoader(args(getRequest(`/classes/${cls.id}/credentials`, teacher), { classId: cls.id })))
    expect(get.headers.get('Location')).toBe(`/teacher/classes/${cls.id}`)
    // A forged id goes back encoded: a line break was a header the server refused (500), dots and slashes stay in the path.
    for (const [classId, location] of [
      ['x\r\nX-Evil: 1', '/teacher/classes/x%0D%0AX-Evil%3A%201'],
      ['..//evil.example', '/teacher/classes/..%2F%2Fevil.example'],
    ]) {
      const forged = await settle(() => issueLoader(args(getRequest('/classes/x/credentials', teacher), { classId })))
      expect([forged.status, forged.headers.get('Location')]).toEqual([302, location])
    }
  })

  it('a guardian whose status is not confirmed by a document is shown so, not chosen, and refused (Порядок 1.2)', async () => {
    const { cls, a, b } = await twoFamilies()
    const link = await db.guardianLink.findFirstOrThrow({ where: { guardianId: b.id, pupil: { classId: cls.id } } })
    await db.guardianLink.update({ where: { id: link.id }, data: { statusConfirmed: false } })
    const teacher = await signIn('popova.ym')
    const page = await (
      await settle(() => teacherClassLoader(args(getRequest(`/teacher/classes/${cls.id}`, teacher), { classId: cls.id })))
    ).json()
    const listed = page.credentials.guardians as Array<{ id: string; confirmed: boolean }>
    expect(listed.find((g) => g.id === b.id)?.confirmed).toBe(false)
    expect(listed.find((g) => g.id === a.id)?.confirmed).toBe(true)
    const before = await snapshot()
    const refused = await issue(teacher, cls.id, [a.id, b.id])
    expect(refused.headers.get('Location')).toBe(`/teacher/classes/${cls.id}?credentials=unconfirmed#credentials`)
    expect(CREDENTIALS_ERRORS.unconfirmed).toMatch(/статус не подтверждён документом/)
    // The way out, not a dead end: what confirms the status and who records it in the journal.
    expect(CREDENTIALS_ERRORS.unconfirmed).toMatch(
      /Отметку о нём вносит классный руководитель, сверив документ, — ниже, «Подтвердить статус» \(импорт администратора ЭЖ/,
    )
    expect(await snapshot()).toEqual(before)
    expect((await db.guardian.findUniqueOrThrow({ where: { id: b.id } })).userId).toBeNull()
    await db.guardianLink.update({ where: { id: link.id }, data: { statusConfirmed: true } })
  })

  it('the ЭЖ administrator may issue for any class from the staff class page', async () => {
    const cls = await db.schoolClass.findFirstOrThrow({ where: { name: '6Б' } })
    const admin = await signIn('admin')
    const page = await (
      await settle(() => staffClassLoader(args(getRequest(`/staff/classes/${cls.id}`, admin), { classId: cls.id })))
    ).json()
    const first = page.credentials.guardians[0]
    expect(first.state).toBe('none')
    const response = await issue(admin, cls.id, [first.id], 'staff')
    expect(response.status).toBe(200)
    const text = docxText(Buffer.from(await response.arrayBuffer()))
    expect(text).toContain(`Законный представитель: ${first.name}`)
    expect(text).toContain('Сформировано: Администратор ЭЖ')
    const empty = await issue(admin, cls.id, [], 'staff')
    expect(empty.headers.get('Location')).toBe(`/staff/classes/${cls.id}?credentials=empty#credentials`)
  })

  it("the ЭЖ administrator does not replace a parent's password: refused, nothing changed (ADR 102)", async () => {
    const parent = await db.user.findUniqueOrThrow({
      where: { login: 'parent' },
      include: { guardian: { include: { links: { include: { pupil: true } } } } },
    })
    const classId = parent.guardian!.links[0].pupil.classId!
    const admin = await signIn('admin')
    const parentCookie = await signIn('parent')
    const response = await issue(admin, classId, [parent.guardian!.id], 'staff', [['confirmReissue', 'yes']])
    expect(response.headers.get('Location')).toBe(`/staff/classes/${classId}?credentials=not-yours-to-reset#credentials`)
    expect(CREDENTIALS_ERRORS['not-yours-to-reset']).toMatch(/^Среди выбранных есть родители, у которых уже есть учётная запись/)
    expect((await db.user.findUniqueOrThrow({ where: { id: parent.id } })).passwordHash).toBe(parent.passwordHash)
    expect(await getUser(getRequest('/parent', parentCookie))).not.toBeNull()
    expect(await db.auditEvent.count({ where: { action: 'issue:credentials', entityId: parent.guardian!.id } })).toBe(0)
  })

  it('the ЭЖ administrator who made themselves class teacher by the import still does not replace it; the change is audited', async () => {
    const parent = await db.user.findUniqueOrThrow({
      where: { login: 'parent' },
      include: { guardian: { include: { links: { include: { pupil: { include: { class: true } } } } } } },
    })
    const cls = parent.guardian!.links[0].pupil.class!
    const adminUser = await db.user.findUniqueOrThrow({ where: { login: 'admin' }, include: { staff: true } })
    const me = adminUser.staff!
    const csv = `Класс;Классный руководитель\n${cls.name};${me.lastName} ${me.firstName} ${me.middleName}`
    const bytes = new TextEncoder().encode(csv)
    const report = await applyImport({ schoolId: cls.schoolId, kind: 'classes', fileName: 'c.csv', bytes, userId: adminUser.id })
    expect(report.errors).toEqual([])
    expect((await db.schoolClass.findUniqueOrThrow({ where: { id: cls.id } })).classTeacherId).toBe(me.id)
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: 'change:class-teacher', entityId: cls.id } })
    expect(audit.userId).toBe(adminUser.id)
    expect(JSON.parse(audit.data)).toEqual({ className: cls.name, was: cls.classTeacherId, classTeacherId: me.id })

    const admin = await signIn('admin')
    const response = await issue(admin, cls.id, [parent.guardian!.id], 'staff', [['confirmReissue', 'yes']])
    expect(response.headers.get('Location')).toBe(`/staff/classes/${cls.id}?credentials=admin-class-teacher#credentials`)
    expect(CREDENTIALS_ERRORS['admin-class-teacher']).toContain('классный руководитель, не являющийся администратором ЭЖ')
    expect((await db.user.findUniqueOrThrow({ where: { id: parent.id } })).passwordHash).toBe(parent.passwordHash)
    expect(await db.auditEvent.count({ where: { action: 'issue:credentials', entityId: parent.guardian!.id } })).toBe(0)
    await db.schoolClass.update({ where: { id: cls.id }, data: { classTeacherId: cls.classTeacherId } })
  })
})
