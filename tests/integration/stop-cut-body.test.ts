// A form whose body the stop cut (server-lifecycle.js, ADR 105): its body stream fails with ESTOPPING, the action's
// read of the form rejects with it, and Remix hands that to handleError — at every deploy with a slow upload in
// flight. The stop says it in one calm line of its own; handleError logs no stack for it. Any other error still is.
import { afterEach, expect, it, vi } from 'vitest'
import { handleError } from '#app/entry.server'
import { readForm } from '#app/utils/body.server'

afterEach(() => vi.restoreAllMocks())

/** A form POST whose body fails after its first bytes with `error`, as server/http-hardening.js's body reader does. */
function cutForm(error: Error, type = 'application/x-www-form-urlencoded'): Request {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(type.startsWith('multipart') ? '--b\r\nContent-Disposition: form-da' : 'a=1&b='))
      setTimeout(() => controller.error(error), 10)
    },
  })
  const init = { method: 'POST', body, duplex: 'half', headers: { 'Content-Type': type } }
  return new Request('http://localhost/applications/new', init as RequestInit)
}

const stopping = () => Object.assign(new Error('Сервер останавливается: тело запроса не пришло вовремя.'), { code: 'ESTOPPING' })

it('the action’s read of a form the stop cut is not logged; another error of the same read is', async () => {
  const logged = vi.spyOn(console, 'error').mockImplementation(() => {})
  for (const type of ['application/x-www-form-urlencoded', 'multipart/form-data; boundary=b']) {
    const request = cutForm(stopping(), type)
    const error = await readForm(request).then(
      () => null,
      (e: unknown) => e,
    )
    expect((error as { code?: string }).code).toBe('ESTOPPING')
    handleError(error, { request, params: {}, context: {} })
    // Wrapped by an action that adds its own words (the cause kept): the same.
    handleError(new Error('Не удалось прочитать форму', { cause: error }), { request, params: {}, context: {} })
  }
  expect(logged).not.toHaveBeenCalled()
  const request = cutForm(new Error('socket hang up'))
  const other = await readForm(request).catch((e: unknown) => e)
  handleError(other, { request, params: {}, context: {} })
  expect(logged).toHaveBeenCalledTimes(1)
})
