// server.js puts the socket address into x-client-ip (any incoming value is overwritten there).
export function clientIp(request: Request): string {
  return request.headers.get('x-client-ip') ?? ''
}

export function userAgent(request: Request): string {
  return (request.headers.get('user-agent') ?? '').slice(0, 300)
}

/** Throws a 404 Response with a Russian message when the condition fails. */
export function invariantResponse(condition: unknown, message: string, init: ResponseInit = { status: 404 }): asserts condition {
  if (!condition) {
    throw new Response(message, { ...init, headers: { 'Content-Type': 'text/plain; charset=utf-8' } })
  }
}
