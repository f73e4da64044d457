import { describe, expect, it, vi } from 'vitest'
import { db } from '#app/utils/db.server'
import { login } from '#app/utils/auth.server'
import { formRequest } from '#tests/helpers/http'

// Which stored hash each password check was run against (the real check still runs).
const checked = vi.hoisted(() => [] as string[])
vi.mock('#app/utils/password.server', async (importOriginal) => {
  const real = await importOriginal<typeof import('#app/utils/password.server')>()
  return {
    ...real,
    verifyPassword: (hash: string, password: string) => {
      checked.push(hash)
      return real.verifyPassword(hash, password)
    },
  }
})

/** A sign-in try from its own address (the throttle counts login and address). */
const tryLogin = (name: string, n: number) => {
  const request = formRequest('/login', {})
  request.headers.set('x-client-ip', `10.9.0.${n}`)
  return login(request, name, 'Whatever2026')
}

describe('a login whose account has no password yet', () => {
  it(
    'is checked against an argon2 hash like an unknown login, so the answer takes as long and does not tell that the ' +
      'login exists (a staff import makes accounts with «!» until credentials are issued)',
    async () => {
      const director = await db.user.findUniqueOrThrow({ where: { login: 'director' } })
      await db.user.create({ data: { schoolId: director.schoolId, login: 'imported.staff', passwordHash: '!', mustChangePassword: true } })

      checked.length = 0
      expect(await tryLogin('nobody.here', 1)).toEqual({ ok: false, error: 'Неверный логин или пароль.' })
      expect(await tryLogin('imported.staff', 2)).toEqual({ ok: false, error: 'Неверный логин или пароль.' })
      expect(checked).toHaveLength(2)
      expect(checked[0]).toMatch(/^\$argon2id\$/)
      expect(checked[1]).toBe(checked[0])
      // And «!» itself never signs anyone in.
      expect((await tryLogin('imported.staff', 3)).ok).toBe(false)
    },
  )
})
