// PostgreSQL stopped or restarted while the server runs: every task failed at every pass with a Prisma stack — 2 581
// log lines in a 10-s outage (measured with a proxy cut in front of PostgreSQL). One Russian line for the pass; the
// tasks go on by themselves once the database answers. The errors here are real: a client of the product's own
// PostgreSQL build pointed at a port where nothing listens.
import net from 'node:net'
import { PrismaPg } from '@prisma/adapter-pg'
import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest'
import { PrismaClient as PrismaPgClient } from '#app/generated/prisma-pg/client'
import { runTasksOnce, type Task } from '#app/jobs/worker.server'

let gone: PrismaPgClient
beforeAll(async () => {
  // A port that was free a moment ago: nothing listens there.
  const port = await new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo
      s.close(() => resolve(port))
    })
  })
  gone = new PrismaPgClient({ adapter: new PrismaPg({ connectionString: `postgresql://ci:ci@127.0.0.1:${port}/ci` }) })
})
afterAll(() => gone.$disconnect())
afterEach(() => vi.restoreAllMocks())

it('the database gone is one warning line for the pass, naming the tasks put off; the other tasks still run', async () => {
  const errors = vi.spyOn(console, 'error').mockImplementation(() => {})
  const warnings = vi.spyOn(console, 'warn').mockImplementation(() => {})
  const ran: string[] = []
  const tasks: Task[] = [
    { name: 'outbox', queue: true, run: () => gone.outboxJob.updateMany({ where: { status: 'pending' }, data: { status: 'running' } }) },
    { name: 'deadline-sweep', queue: true, run: () => gone.taskLease.findMany() },
    { name: 'mail-send', queue: true, run: async () => void ran.push('mail-send') },
  ]
  await runTasksOnce(tasks, new Date())
  expect(ran).toEqual(['mail-send'])
  expect(errors).not.toHaveBeenCalled()
  expect(warnings.mock.calls).toEqual([
    [
      'Фоновые задачи отложены: база данных не отвечает («outbox», «deadline-sweep»). Проверьте, что сервер баз данных запущен ' +
        'и доступен по сети, — задачи повторятся на следующем проходе сами, перезапуск не нужен.',
    ],
  ])
})

it('an SMTP server refusing the connection is not the database: logged as the task’s error', async () => {
  const errors = vi.spyOn(console, 'error').mockImplementation(() => {})
  const warnings = vi.spyOn(console, 'warn').mockImplementation(() => {})
  const error = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:25'), { code: 'ECONNREFUSED' })
  await runTasksOnce([{ name: 'mail-send', queue: true, run: async () => Promise.reject(error) }], new Date())
  expect(warnings).not.toHaveBeenCalled()
  expect(errors.mock.calls).toEqual([['Фоновая задача «mail-send» завершилась с ошибкой:', error]])
})
