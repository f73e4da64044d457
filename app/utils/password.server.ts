import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { hash, verify } from '@node-rs/argon2'

// Argon2id (the library's default algorithm) with OWASP's minimum parameters.
const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 }

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS)
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password)
  } catch {
    return false
  }
}

/** A one-time password the parent types from a letter: no look-alike characters. */
export function generateOneTimePassword(length = 10): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzACDEFGHJKLMNPQRTUVWXY345679'
  const bytes = crypto.getRandomValues(new Uint8Array(length))
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('')
}

const MIN_PASSWORD_LENGTH = 10
export const PASSWORD_RULES =
  'Не короче 10 символов, хотя бы одна буква и одна цифра; не содержит логин; не из ' +
  'списка частых паролей (qwerty, йцукен, пароль, имена с годом рождения…).'

let common: Set<string> | null = null
/** app/utils/common-passwords.txt (made by scripts/make-common-passwords.ts), read once. */
function commonPasswords(): Set<string> {
  common ??= new Set(
    readFileSync(join(process.cwd(), 'app', 'utils', 'common-passwords.txt'), 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean),
  )
  return common
}

/** A password people often choose: the word itself or with digits and signs around it («Natasha1985!»). */
export function isCommonPassword(password: string): boolean {
  const v = password.toLowerCase().replaceAll('ё', 'е').trim()
  const core = v.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '')
  const list = commonPasswords()
  return list.has(v) || (core.length >= 4 && list.has(core))
}

/**
 * What is wrong with a password being set or changed (issue 13, item 10), or null. The demo school's seeded
 * passwords are not set through here (docs/decisions/022).
 */
export function passwordProblem(password: string, login = ''): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `Пароль должен быть не короче ${MIN_PASSWORD_LENGTH} символов`
  if (password.length > 200) return 'Пароль слишком длинный'
  if (!/\p{L}/u.test(password) || !/\d/.test(password)) return 'Пароль должен содержать буквы и цифры'
  if (login.length >= 3 && password.toLowerCase().includes(login.toLowerCase())) return 'Пароль не должен содержать логин'
  if (isCommonPassword(password))
    return 'Этот пароль слишком распространён: его подбирают первым. Придумайте другой — например, из трёх-четырёх несвязанных слов и цифр.'
  return null
}
