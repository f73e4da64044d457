// Issue 13 item 5: password tries are counted atomically per login and per address, slowed by growing delays,
// never lock the owner out from an address that did not fail, and every throttled try is audited (ADR 023).
import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { db } from '#app/utils/db.server'
import { changePassword, confirmPassword, getUser, login } from '#app/utils/auth.server'
import { addressGroup, admitPasswordTry, delayAfter, loginKey, PASSWORD_LIMITS } from '#app/utils/password-throttle.server'
import { signIn } from '#tests/helpers/auth'
import { ORIGIN, getRequest } from '#tests/helpers/http'
import { otherSchool } from '#tests/helpers/schools'

const from = (ip: string) => new Request(`${ORIGIN}/login`, { method: 'POST', headers: { Origin: ORIGIN, 'x-client-ip': ip } })

describe('password throttle', () => {
  it('counts every one of 30 parallel wrong passwords: five are checked, 25 refused and audited', async () => {
    const attacker = '203.0.113.5'
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => login(from(attacker), 'deputy', `wrong-${i}-pass`)))
    expect(results.every((r) => !r.ok)).toBe(true)
    const attempts = await db.loginAttempt.findMany({ where: { login: 'deputy', ip: attacker } })
    expect(attempts).toHaveLength(30)
    expect(attempts.filter((a) => a.reason === 'wrong-password')).toHaveLength(PASSWORD_LIMITS.freePerLogin)
    expect(attempts.filter((a) => a.reason === 'throttled')).toHaveLength(25)
    const audited = await db.auditEvent.findMany({ where: { action: 'throttle:password', ip: attacker } })
    expect(audited).toHaveLength(25)
    expect(JSON.parse(audited[0].data)).toMatchObject({ purpose: 'вход', login: 'deputy' })
    expect(results.filter((r) => !r.ok && /Следующая попытка — через/.test(r.error))).toHaveLength(25)

    // The owner from an address that did not fail gets in at once (auth.test.ts: the failing address waits).
    const owner = await login(from('198.51.100.7'), 'deputy', 'demo2026')
    expect(owner.ok).toBe(true)
  })

  it('grows the delay with each failure instead of locking, and forgets failures after the window', async () => {
    const t0 = new Date('2026-12-01T09:00:00Z')
    const at = (ms: number) => new Date(t0.getTime() + ms)
    let now = 0
    const waits: number[] = []
    for (let failure = 1; failure <= 9; failure++) {
      const admitted = await admitPasswordTry('ghost-login', '192.0.2.1', at(now))
      expect(admitted.ok).toBe(true)
      const counter = await db.throttleCounter.findUniqueOrThrow({ where: { key: await loginKey('ghost-login') } })
      const wait = counter.blockedUntil ? counter.blockedUntil.getTime() - at(now).getTime() : 0
      waits.push(wait)
      if (wait) {
        const early = await admitPasswordTry('ghost-login', '192.0.2.1', at(now + wait - 1))
        expect(early).toMatchObject({ ok: false })
      }
      now += wait
    }
    expect(waits).toEqual([0, 0, 0, 0, 2_000, 4_000, 8_000, 16_000, 32_000])
    expect(delayAfter(40, 5)).toBe(PASSWORD_LIMITS.maxDelayMs)
    // An hour without failures: the count starts over.
    expect(await admitPasswordTry('ghost-login', '192.0.2.1', at(now + PASSWORD_LIMITS.windowMs + 1))).toEqual({ ok: true })
    const counter = await db.throttleCounter.findUniqueOrThrow({ where: { key: await loginKey('ghost-login') } })
    expect(counter.count).toBe(1)
  })

  it('counts an IPv6 source by its /64: another address of the same network is not a clean one', async () => {
    expect(addressGroup('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64')
    expect(addressGroup('2001:0db8:0001:0002:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64')
    expect(addressGroup('2001:db8::1')).toBe('2001:db8:0:0::/64')
    expect(addressGroup('::ffff:192.0.2.7')).toBe('192.0.2.7')
    expect(addressGroup('192.0.2.7')).toBe('192.0.2.7')
    const now = Date.UTC(2026, 10, 2, 9)
    // Five failures of a login from one address: its delay begins.
    for (let i = 0; i < PASSWORD_LIMITS.freePerLogin; i++)
      expect(await admitPasswordTry('v6-login', `2001:db8:5:6::${i + 1}`, new Date(now + i))).toEqual({ ok: true })
    // The next address of the same /64 has failed already: the login's delay holds it.
    expect(await admitPasswordTry('v6-login', '2001:db8:5:6:ffff::99', new Date(now + 10))).toMatchObject({ ok: false })
    // Another network has not: the owner from elsewhere still signs in (ADR 023).
    expect(await admitPasswordTry('v6-login', '2001:db8:7:8::1', new Date(now + 11))).toEqual({ ok: true })
  })

  it('takes as long for an unknown login as for a known one (no enumeration oracle)', async () => {
    const time = async (name: string, ip: string) => {
      const start = performance.now()
      await login(from(ip), name, 'not-the-password-1')
      return performance.now() - start
    }
    await time('warm-up-unknown', '192.0.2.50')
    const known: number[] = []
    const unknown: number[] = []
    // Eight pairs, interleaved: the median of four moved by half on a machine busy with other work.
    for (let i = 0; i < 8; i++) {
      known.push(await time('secretary', `192.0.2.${60 + i}`))
      unknown.push(await time(`nobody-${i}`, `192.0.2.${80 + i}`))
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
    const ratio = median(unknown) / median(known)
    expect(ratio).toBeGreaterThan(0.6)
    expect(ratio).toBeLessThan(1.6)
  })

  it('throttles and audits the signing password and the change-password form like the sign-in form', async () => {
    const cookie = await signIn('director')
    const director = (await getUser(getRequest('/staff', cookie)))!
    const ip = '203.0.113.9'
    const answers: Array<string | null> = []
    for (let i = 0; i < 7; i++) answers.push(await confirmPassword(director, `guess-${i}-pass`, ip))
    expect(answers.slice(0, 5)).toEqual(Array(5).fill('Пароль для подписи введён неверно — решение не принято'))
    expect(answers[5]).toMatch(/^Слишком много неудачных попыток ввода пароля\. Следующая попытка — через/)
    expect(await db.auditEvent.count({ where: { userId: director.id, action: 'wrong-password:signature' } })).toBe(5)
    const throttled = await db.auditEvent.findMany({ where: { userId: director.id, action: 'throttle:password' } })
    expect(throttled).toHaveLength(2)
    expect(JSON.parse(throttled[0].data).purpose).toBe('подпись решения')
    // The same counter: the change-password form from that address waits too, and says so.
    expect((await changePassword(director, 'demo2026', 'new-password-42', ip)).problem).toMatch(/^Слишком много неудачных попыток/)
    expect(await db.auditEvent.count({ where: { userId: director.id, action: 'throttle:password' } })).toBe(3)
    // The director at the office (an address that did not fail) signs.
    expect(await confirmPassword(director, 'demo2026', '198.51.100.20')).toBeNull()

    const secretary = (await getUser(getRequest('/staff', await signIn('secretary'))))!
    for (let i = 0; i < 5; i++)
      expect((await changePassword(secretary, `guess-${i}-pass`, 'new-password-42', '203.0.113.10')).problem).toBe(
        'Текущий пароль введён неверно',
      )
    expect((await changePassword(secretary, `guess-6-pass`, 'new-password-42', '203.0.113.10')).problem).toMatch(
      /^Слишком много неудачных попыток/,
    )
    expect(await db.auditEvent.count({ where: { userId: secretary.id, action: 'wrong-password:change-password' } })).toBe(5)
  })
})

describe('a password typed into the login field', () => {
  it('is kept nowhere: not in the failed tries, not in the throttle audit, not as a counter key', async () => {
    const typed = 'Секрет-Пароль-2026'
    for (let i = 0; i < PASSWORD_LIMITS.freePerLogin + 2; i++) await login(from('203.0.113.91'), typed, `wrong-${i}-pass`)
    const needle = typed.toLowerCase()
    const tries = await db.loginAttempt.findMany({ where: { ip: '203.0.113.91' } })
    expect(tries.map((t) => [t.login, t.reason])).toContainEqual(['', 'unknown-login'])
    expect(tries.map((t) => t.reason)).toContain('throttled')
    expect(tries.filter((t) => t.login.includes(needle))).toEqual([])
    const audited = await db.auditEvent.findMany({ where: { action: 'throttle:password', ip: '203.0.113.91' } })
    expect(audited.length).toBeGreaterThan(0)
    expect(audited.filter((a) => a.data.toLowerCase().includes(needle))).toEqual([])
    expect(await db.throttleCounter.count({ where: { key: { contains: needle } } })).toBe(0)
    // Nor its plain hash, which trying likely passwords undoes: the key is a keyed digest (the installation's secret).
    const hashes = [typed, needle].map((t) => createHash('sha256').update(t).digest('hex'))
    expect(await db.throttleCounter.count({ where: { OR: hashes.map((h) => ({ key: { contains: h } })) } })).toBe(0)
    expect(await db.throttleCounter.count({ where: { key: await loginKey(needle) } })).toBe(1)
    // A known login is still written down, so the administrator sees whose password is being guessed.
    await login(from('203.0.113.92'), 'director', 'wrong-pass-1')
    expect(await db.loginAttempt.count({ where: { login: 'director', ip: '203.0.113.92', reason: 'wrong-password' } })).toBe(1)
  })
})

describe('a throttled try of an unknown login', () => {
  it('is audited by the server’s only school; on a server of several schools by none (it is no school’s)', async () => {
    const attempt = async (ip: string) => {
      for (let i = 0; i < PASSWORD_LIMITS.freePerLogin + 2; i++) await login(from(ip), 'nobody-here', `wrong-${i}-pass`)
      return db.auditEvent.findMany({ where: { action: 'throttle:password', ip } })
    }
    const one = await attempt('203.0.113.77')
    expect(one.length).toBeGreaterThan(0)
    expect(new Set(one.map((a) => a.schoolId))).toEqual(new Set([(await db.school.findFirstOrThrow()).id]))

    await otherSchool()
    await db.throttleCounter.deleteMany({ where: { key: await loginKey('nobody-here') } })
    expect(await attempt('203.0.113.78')).toEqual([])
    expect(await db.loginAttempt.count({ where: { login: '', ip: '203.0.113.78', reason: 'throttled' } })).toBeGreaterThan(0)
  })
})
