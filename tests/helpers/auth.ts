import { login } from '#app/utils/auth.server'
import { DEMO_PASSWORD } from '../../prisma/seed/generate'
import { cookieFrom, formRequest } from './http'

export async function signIn(loginName: string, password = DEMO_PASSWORD): Promise<string> {
  const result = await login(formRequest('/login', {}), loginName, password)
  if (!result.ok) throw new Error(`вход ${loginName}: ${result.error}`)
  return cookieFrom(result.setCookie)
}
