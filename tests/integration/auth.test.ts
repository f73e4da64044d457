import { describe, expect, it, vi } from 'vitest'
import { db } from '#app/utils/db.server'
import { getUser, login, requireUser } from '#app/utils/auth.server'
import { parseEnv } from '#app/utils/env.server'
import { hashPassword } from '#app/utils/password.server'
import { loader as childLoader } from '#app/routes/parent.children.$pupilId'
import { loader as teacherClassLoader } from '#app/routes/teacher.classes.$classId'
import { loader as parentHomeLoader } from '#app/routes/parent._index'
import { action as loginAction } from '#app/routes/login'
import { action as changePasswordAction } from '#app/routes/change-password'
import { signIn } from '#tests/helpers/auth'
import { formRequest, getRequest, settle } from '#tests/helpers/http'

const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} })

describe('sign-in', () => {
  it('refuses a wrong password and an unknown login with one Russian message, logs the attempt, creates no session', async () => {
    const sessionsBefore = await db.session.count()
    for (const [name, password] of [
      ['director', 'wrong-pass1'],
      ['nobody', 'demo2026'],
    ]) {
      const response = await settle(() => loginAction(args(formRequest('/login', { login: name, password }))))
      expect(response.status).toBe(400)
      expect((await response.json()).formError).toBe('Неверный логин или пароль.')
    }
    expect(await db.session.count()).toBe(sessionsBefore)
    const attempts = await db.loginAttempt.findMany({ where: { success: false } })
    expect(attempts.map((a) => [a.login, a.reason])).toEqual(
      expect.arrayContaining([
        ['director', 'wrong-password'],
        // An unknown login is not written down: it may be the password typed in the wrong field.
        ['', 'unknown-login'],
      ]),
    )
  })

  it('reports empty fields per field', async () => {
    const response = await settle(() => loginAction(args(formRequest('/login', { login: ' ', password: '' }))))
    const body = await response.json()
    expect(body.fieldErrors.login).toEqual(['Введите логин'])
    expect(body.fieldErrors.password).toEqual(['Введите пароль'])
  })

  it('signs in with an httpOnly SameSite=Lax cookie and lands each role on its home page', async () => {
    const cases: Array<[string, string]> = [
      ['director', '/staff'],
      ['responsible', '/staff'],
      ['admin', '/admin'],
      ['parent', '/parent'],
      // The demo's education authority administrator (no school pages, ADR 057).
      ['authority', '/authority/schools'],
    ]
    for (const [name, home] of cases) {
      const response = await settle(() => loginAction(args(formRequest('/login', { login: name, password: 'demo2026' }))))
      expect(response.status).toBe(302)
      expect(response.headers.get('Location')).toBe(home)
      expect(response.headers.get('Set-Cookie')).toMatch(/HttpOnly; SameSite=Lax/)
    }
  })

  it('goes back to a local page after sign-in, never to another site however the path is spelt', async () => {
    const cases: Array<[string, string]> = [
      ['/staff/applications?status=registered#top', '/staff/applications?status=registered#top'],
      ['//evil.example/phish', '/staff'],
      ['/\\evil.example/phish', '/staff'],
      ['/\\/evil.example', '/staff'],
      ['/\t/evil.example', '/staff'],
      ['/\n/evil.example', '/staff'],
      ['https://evil.example/', '/staff'],
      ['/%5Cevil.example', '/%5Cevil.example'],
      // Dot segments that resolve to «//evil.example» (a host to the browser).
      ['/.//evil.example/phish', '/staff'],
      ['/..//evil.example', '/staff'],
      ['/staff/..//evil.example', '/staff'],
      ['/%2e//evil.example', '/staff'],
      ['/staff/./log', '/staff/log'],
    ]
    for (const [redirectTo, location] of cases) {
      const response = await settle(() =>
        loginAction(args(formRequest('/login', { login: 'responsible', password: 'demo2026', redirectTo }))),
      )
      expect(response.status).toBe(302)
      expect(response.headers.get('Location')).toBe(location)
    }
  })

  it('slows an account down after five failures, even with the right password from the address that failed', async () => {
    for (let i = 0; i < 5; i++) await login(formRequest('/login', {}), 'deputy', `bad-${i}-pass`)
    const result = await login(formRequest('/login', {}), 'deputy', 'demo2026')
    // A growing delay (ADR 023), not a lock: the first one is two seconds.
    expect(result).toEqual({
      ok: false,
      error: expect.stringMatching(/^Слишком много неудачных попыток ввода пароля\. Следующая попытка — через [12] секунд[уы]\.$/),
    })
  })

  it('forces a password change after a one-time password', async () => {
    const cookie = await signIn('newparent', 'vremya2026')
    const response = await settle(() => requireUser(getRequest('/parent', cookie)))
    expect(response.headers.get('Location')).toBe('/change-password')
  })

  it('a password change goes on under a new session token: the old token, and every other device, open nothing (ADR 118)', async () => {
    const here = await signIn('parent2')
    const elsewhere = await signIn('parent2')
    const fields = { current: 'demo2026', next: 'Zelenaya-lampa-7391', repeat: 'Zelenaya-lampa-7391' }
    const response = await settle(() => changePasswordAction(args(formRequest('/change-password', fields, here))))
    expect(response.status).toBe(302)
    const setCookie = response.headers.get('Set-Cookie') ?? ''
    expect(setCookie).toMatch(/HttpOnly/)
    expect(setCookie).toMatch(/SameSite=Lax/)
    const rotated = setCookie.split(';')[0]
    expect(rotated).not.toBe(here)
    expect((await getUser(getRequest('/parent', rotated)))?.login).toBe('parent2')
    expect(await getUser(getRequest('/parent', here))).toBeNull()
    expect(await getUser(getRequest('/parent', elsewhere))).toBeNull()
  })

  it('a password change whose session ended meanwhile (signed out in another tab) answers as changed, with no new token', async () => {
    const { schoolId } = await db.user.findUniqueOrThrow({ where: { login: 'parent2' } })
    const { passwordHash: before } = await db.user.create({
      data: { schoolId, login: 'tab.closed', passwordHash: await hashPassword('Staraya-lampa-1184') },
    })
    const here = await signIn('tab.closed', 'Staraya-lampa-1184')
    const read = db.user.findUniqueOrThrow.bind(db.user)
    // The change's own read of the account: just then the same browser signs out in another tab.
    const spy = vi.spyOn(db.user, 'findUniqueOrThrow').mockImplementation((async (a: never) => {
      await db.session.deleteMany({ where: { user: { login: 'tab.closed' } } })
      return read(a)
    }) as never)
    const fields = { current: 'Staraya-lampa-1184', next: 'Sinyaya-lampa-2291', repeat: 'Sinyaya-lampa-2291' }
    let response: Response
    try {
      response = await settle(() => changePasswordAction(args(formRequest('/change-password', fields, here))))
    } finally {
      spy.mockRestore()
    }
    expect(response.status).toBe(302)
    expect(response.headers.get('Set-Cookie')).toBeNull()
    expect((await db.user.findUniqueOrThrow({ where: { login: 'tab.closed' } })).passwordHash).not.toBe(before)
    expect(await db.session.count({ where: { user: { login: 'tab.closed' } } })).toBe(0)
    expect(await getUser(getRequest('/parent', here))).toBeNull()
  })

  it('a sign-out in another tab just as the change reads its session: no 500, and the old token opens nothing (ADR 118)', async () => {
    // The rotation read the session, then deleted it and made the new one in a transaction of its own: a sign-out in
    // between made that delete fail (500) after the new password was in force. In the change's own transaction, the
    // sign-out waits for it, or came first and is seen.
    const { schoolId } = await db.user.findUniqueOrThrow({ where: { login: 'parent2' } })
    await db.user.create({ data: { schoolId, login: 'tab.racing', passwordHash: await hashPassword('Staraya-lampa-1184') } })
    const here = await signIn('tab.racing', 'Staraya-lampa-1184')
    const find = db.session.findUnique.bind(db.session)
    let signOut: Promise<unknown> = Promise.resolve()
    // The rotation's own read of the session (the page's read includes the user): the other tab signs out right after.
    const spy = vi.spyOn(db.session, 'findUnique').mockImplementation(((a: { include?: unknown }) => {
      const read = find(a as never)
      if (a.include) return read
      return read.then((row) => {
        signOut = db.session.deleteMany({ where: { user: { login: 'tab.racing' } } })
        return row
      })
    }) as never)
    const fields = { current: 'Staraya-lampa-1184', next: 'Bystraya-lampa-5512', repeat: 'Bystraya-lampa-5512' }
    let response: Response
    try {
      response = await settle(() => changePasswordAction(args(formRequest('/change-password', fields, here))))
    } finally {
      spy.mockRestore()
      await signOut
    }
    expect(response.status).toBe(302)
    expect(await getUser(getRequest('/parent', here))).toBeNull()
    expect((await login(formRequest('/login', {}), 'tab.racing', 'Bystraya-lampa-5512')).ok).toBe(true)
    // A new token, if given, is one the database holds: never a cookie for a session that is not there.
    const setCookie = response.headers.get('Set-Cookie')
    if (setCookie) expect((await getUser(getRequest('/parent', setCookie.split(';')[0])))?.login).toBe('tab.racing')
  })

  it('a sign-in over a live session ends that session: its token opens nothing afterwards (ADR 118)', async () => {
    const first = await signIn('parent')
    const request = formRequest('/login', { login: 'director', password: 'demo2026' }, first)
    const response = await settle(() => loginAction(args(request)))
    expect(response.status).toBe(302)
    const second = (response.headers.get('Set-Cookie') ?? '').split(';')[0]
    expect(second).not.toBe(first)
    expect((await getUser(getRequest('/staff', second)))?.login).toBe('director')
    expect(await getUser(getRequest('/parent', first))).toBeNull()
  })

  it('refuses a one-time password older than 30 days', async () => {
    await db.user.update({ where: { login: 'newparent' }, data: { passwordSetAt: new Date(Date.now() - 31 * 86_400_000) } })
    const result = await login(formRequest('/login', {}), 'newparent', 'vremya2026')
    expect(result).toEqual({ ok: false, error: 'Срок действия временного пароля истёк. Обратитесь в школу за новыми реквизитами доступа.' })
    await db.user.update({ where: { login: 'newparent' }, data: { passwordSetAt: new Date() } })
  })

  it('expires an idle session and an absolute one', async () => {
    const cookie = await signIn('secretary')
    expect((await getUser(getRequest('/', cookie)))?.login).toBe('secretary')
    const user = await db.user.findUniqueOrThrow({ where: { login: 'secretary' } })
    await db.session.updateMany({ where: { userId: user.id }, data: { lastSeenAt: new Date(Date.now() - 3 * 3_600_000) } })
    expect(await getUser(getRequest('/', cookie))).toBeNull()
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0)

    const fresh = await signIn('secretary')
    await db.session.updateMany({ where: { userId: user.id }, data: { expiresAt: new Date(Date.now() - 1000) } })
    expect(await getUser(getRequest('/', fresh))).toBeNull()
  })
})

describe('a parent sees only their own children (Положение 3.6)', () => {
  it('opens their own child and gets 404 for another family’s pupil, changing nothing', async () => {
    const cookie = await signIn('parent')
    const parent = await db.user.findUniqueOrThrow({ where: { login: 'parent' }, include: { guardian: { include: { links: true } } } })
    const own = parent.guardian!.links[0].pupilId
    const ok = await settle(() => childLoader(args(getRequest(`/parent/children/${own}`, cookie), { pupilId: own })))
    expect(ok.status).toBe(200)
    expect((await ok.json()).child.id).toBe(own)

    const stranger = await db.pupil.findFirstOrThrow({ where: { guardians: { none: { guardianId: parent.guardian!.id } } } })
    const auditBefore = await db.auditEvent.count()
    const denied = await settle(() => childLoader(args(getRequest(`/parent/children/${stranger.id}`, cookie), { pupilId: stranger.id })))
    expect(denied.status).toBe(404)
    expect(await denied.text()).toBe('Обучающийся не найден')
    expect(await db.auditEvent.count()).toBe(auditBefore)
  })

  it('sees no diary through a link whose status is not confirmed by a document (Порядок 1.2)', async () => {
    const cookie = await signIn('parent')
    const parent = await db.user.findUniqueOrThrow({ where: { login: 'parent' }, include: { guardian: { include: { links: true } } } })
    const [first, second] = parent.guardian!.links
    await db.guardianLink.update({ where: { id: second.id }, data: { statusConfirmed: false } })
    try {
      const denied = await settle(() =>
        childLoader(args(getRequest(`/parent/children/${second.pupilId}`, cookie), { pupilId: second.pupilId })),
      )
      expect(denied.status).toBe(404)
      const home = await (await settle(() => parentHomeLoader(args(getRequest('/parent', cookie))))).json()
      const unconfirmed = home.children.find((c: { id: string }) => c.id === second.pupilId)
      expect(unconfirmed).toMatchObject({ statusConfirmed: false, marks: [] })
      expect(home.children.find((c: { id: string }) => c.id === first.pupilId)).toMatchObject({ statusConfirmed: true })
      const ok = await settle(() => childLoader(args(getRequest(`/parent/children/${first.pupilId}`, cookie), { pupilId: first.pupilId })))
      expect(ok.status).toBe(200)
    } finally {
      await db.guardianLink.update({ where: { id: second.id }, data: { statusConfirmed: true } })
    }
  })

  it('does not let a parent into staff pages', async () => {
    const cookie = await signIn('parent')
    const cls = await db.schoolClass.findFirstOrThrow()
    const response = await settle(() => teacherClassLoader(args(getRequest(`/teacher/classes/${cls.id}`, cookie), { classId: cls.id })))
    expect(response.status).toBe(403)
  })
})

describe('environment', () => {
  it('names the bad variable', () => {
    expect(() => parseEnv({ PORT: 'восемь' })).toThrow(/PORT/)
    expect(() => parseEnv({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL: ожидается адрес вида file:.+ или postgresql:/)
    expect(parseEnv({ DATABASE_URL: 'postgresql://app:secret@db.example:5432/school' }).DATABASE_URL).toBe(
      'postgresql://app:secret@db.example:5432/school',
    )
    expect(() => parseEnv({ RENDER_THREADS: 'два' })).toThrow(/RENDER_THREADS: ожидается целое число от 0 до 32/)
    expect(() => parseEnv({ RENDER_THREADS: '-1' })).toThrow(/RENDER_THREADS: ожидается целое число от 0 до 32/)
    expect(parseEnv({ RENDER_THREADS: '2' }).RENDER_THREADS).toBe(2)
    expect(parseEnv({}).RENDER_THREADS).toBeUndefined()
    expect(parseEnv({}).PORT).toBe(3000)
  })
})
