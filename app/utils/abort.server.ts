// Heavy loaders step aside between their steps (ADR 047). Prisma's reads on better-sqlite3 resolve without ever
// returning to the event loop, so a loader is one unbroken run of the thread from its first query to its answer,
// and no other request — /deadlines, /login — is even read off its socket meanwhile. `await nextTurn(request)` lets
// the server take in waiting requests (setImmediate: after pending I/O), then stops the loader if its request was
// aborted: the client has gone, or the time limit has already answered 503 (server/overload.js).
export async function nextTurn(request: Request): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve))
  if (request.signal.aborted) throw new Response(null, { status: 503, headers: { 'Retry-After': '10' } })
}
