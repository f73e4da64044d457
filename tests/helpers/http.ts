/** Builds requests as a browser on our own origin would send them. */
export const ORIGIN = 'http://localhost:3000'

export function formRequest(path: string, fields: Record<string, string>, cookie?: string): Request {
  return new Request(`${ORIGIN}${path}`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      Origin: ORIGIN,
      'x-client-ip': '127.0.0.1',
      ...(cookie ? { Cookie: cookie } : {}),
    },
    body: new URLSearchParams(fields),
  })
}

export function getRequest(path: string, cookie?: string): Request {
  return new Request(`${ORIGIN}${path}`, { headers: { 'x-client-ip': '127.0.0.1', ...(cookie ? { Cookie: cookie } : {}) } })
}

export function cookieFrom(setCookie: string): string {
  return setCookie.split(';')[0]
}

/** Runs a loader/action and returns the Response it returned or threw. */
export async function settle(run: () => Promise<unknown>): Promise<Response> {
  try {
    const result = await run()
    if (result instanceof Response) return result
    throw new Error(`ожидался Response, получено ${typeof result}`)
  } catch (thrown) {
    if (thrown instanceof Response) return thrown
    throw thrown
  }
}
