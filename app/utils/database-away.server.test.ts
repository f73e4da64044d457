// Which errors make a page «Сервис временно недоступен» 503 (ADR 095) and which stay errors with their stack.
import { expect, it, vi } from 'vitest'
import { isDatabaseAwayRequest, noteDatabaseAway } from './database-away.server'

const marked = (error: unknown) => {
  const request = new Request('http://localhost/staff')
  return [noteDatabaseAway(error, request), isDatabaseAwayRequest(request)]
}

it('marks the database away: unreachable, locked, unreadable, disk full', () => {
  const log = vi.spyOn(console, 'error').mockImplementation(() => {})
  expect(marked(Object.assign(new Error("Can't reach database server at 127.0.0.1:5432"), { code: 'P1001' }))).toEqual([true, true])
  expect(marked(new Error('SqliteError: database is locked'))).toEqual([true, true])
  expect(marked(new Error('SQLITE_CANTOPEN: unable to open database file'))).toEqual([true, true])
  log.mockRestore()
})

it('leaves a write conflict, a deadlock, a bug and a thrown Response as they are (a 500 with its stack, or the route’s answer)', () => {
  expect(marked(Object.assign(new Error('Transaction failed due to a write conflict or a deadlock'), { code: 'P2034' }))).toEqual([
    false,
    false,
  ])
  expect(marked(new Error('ERROR: deadlock detected (SQLSTATE 40P01)'))).toEqual([false, false])
  expect(marked(new TypeError("Cannot read properties of undefined (reading 'id')"))).toEqual([false, false])
  expect(marked(new Response('Не найдено', { status: 404 }))).toEqual([false, false])
})
