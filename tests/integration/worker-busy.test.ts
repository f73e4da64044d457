// A busy database (another writer past the busy timeout) postpones a background task: one line in the log, the
// other tasks of the pass run; a real failure is still logged as an error with its stack.
import { afterEach, expect, it, vi } from 'vitest'
import { runTasksOnce, type Task } from '#app/jobs/worker.server'

afterEach(() => vi.restoreAllMocks())

it('a busy database is one warning, not an error; the next task still runs', async () => {
  const errors = vi.spyOn(console, 'error').mockImplementation(() => {})
  const warnings = vi.spyOn(console, 'warn').mockImplementation(() => {})
  const ran: string[] = []
  const busy = Object.assign(new Error('Invalid `prisma.outboxJob.updateMany()` invocation:\n\nOperation has timed out'), { code: 'P1008' })
  const tasks: Task[] = [
    { name: 'outbox', queue: true, run: async () => Promise.reject(busy) },
    { name: 'broken', queue: true, run: async () => Promise.reject(new Error('сломалось')) },
    { name: 'mail-send', queue: true, run: async () => void ran.push('mail-send') },
  ]
  await runTasksOnce(tasks, new Date())
  expect(ran).toEqual(['mail-send'])
  expect(warnings.mock.calls).toEqual([
    ['Фоновая задача «outbox» отложена: база данных занята другой записью; повторится на следующем проходе.'],
  ])
  expect(errors.mock.calls.map((c) => c[0])).toEqual(['Фоновая задача «broken» завершилась с ошибкой:'])
})
