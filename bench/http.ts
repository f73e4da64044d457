// What the page benchmarks (bench/scale, bench/municipal) share: signing in a demo user over HTTP, timing one GET.
import { performance } from 'node:perf_hooks'

const PASSWORD = 'demo2026'

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

/** The session cookie of a demo user signed in on the server at `port`. */
export async function signIn(port: number, login: string): Promise<string> {
  const res = await fetch(`http://localhost:${port}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: `http://localhost:${port}` },
    body: new URLSearchParams({ login, password: PASSWORD, redirectTo: '' }),
  })
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ')
  if (!cookie) throw new Error(`вход ${login}: ${res.status}`)
  return cookie
}

/** Milliseconds of one GET read to its end; anything but 200 (a redirect included) is an error, not a measurement. */
export async function timeGet(url: string, headers: Record<string, string>): Promise<number> {
  const start = performance.now()
  const res = await fetch(url, { headers, redirect: 'manual' })
  await res.arrayBuffer()
  if (res.status !== 200) throw new Error(`${url}: ${res.status}`)
  return performance.now() - start
}
