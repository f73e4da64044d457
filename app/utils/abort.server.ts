// A heavy loader stops between its steps once its request is aborted: the client has gone, or the server's time
// limit has already answered 503 (server/overload.js, ADR 047). Nobody reads the answer, so none is built.
export function stopIfGone(request: Request): void {
  if (request.signal.aborted) throw new Response(null, { status: 503, headers: { 'Retry-After': '10' } })
}
