// A full disk under the database fails every task that writes, at every pass: Prisma reported each lease update as
// P2028 «Transaction already closed» with its stack — ten stacks every few seconds. One warning line for the pass.
import { afterEach, expect, it, vi } from 'vitest'
import { runTasksOnce, type Task } from '#app/jobs/worker.server'
import { databaseDiskWithFree } from '#tests/helpers/disk'
import { onPostgres } from '#tests/setup/test-db'

afterEach(() => vi.restoreAllMocks())

/** As Prisma 6's driver adapter reports SQLITE_FULL at a commit (seen on a full tmpfs under the database). */
const leaseRefused = () =>
  Object.assign(
    new Error(
      'Invalid `prisma.taskLease.updateMany()` invocation:\n\n\nTransaction API error: Transaction already closed: ' +
        'A rollback cannot be executed on a committed transaction.',
    ),
    { code: 'P2028', meta: { modelName: 'TaskLease' } },
  )

it.skipIf(onPostgres)('a full disk is one warning line for the pass, naming the tasks put off; the other tasks still run', async () => {
  databaseDiskWithFree(0)
  const errors = vi.spyOn(console, 'error').mockImplementation(() => {})
  const warnings = vi.spyOn(console, 'warn').mockImplementation(() => {})
  const ran: string[] = []
  const tasks: Task[] = [
    { name: 'outbox', queue: true, run: async () => Promise.reject(leaseRefused()) },
    { name: 'deadline-sweep', queue: true, run: async () => Promise.reject(leaseRefused()) },
    { name: 'nightly-backup', queue: true, run: async () => Promise.reject(new Error('SQLITE_FULL: database or disk is full')) },
    { name: 'planner-stats', queue: true, run: async () => void ran.push('planner-stats') },
  ]
  await runTasksOnce(tasks, new Date())
  expect(ran).toEqual(['planner-stats'])
  expect(errors).not.toHaveBeenCalled()
  expect(warnings.mock.calls).toEqual([
    [
      'Фоновые задачи отложены: на диске с базой данных нет места, записи не принимаются («outbox», «deadline-sweep», «nightly-backup»). ' +
        'Освободите место на диске — задачи повторятся на следующем проходе.',
    ],
  ])
})

it('P2028 with room on the disk is some other transaction trouble: logged as an error with its stack', async () => {
  const errors = vi.spyOn(console, 'error').mockImplementation(() => {})
  const warnings = vi.spyOn(console, 'warn').mockImplementation(() => {})
  const error = leaseRefused()
  await runTasksOnce([{ name: 'outbox', queue: true, run: async () => Promise.reject(error) }], new Date())
  expect(warnings).not.toHaveBeenCalled()
  expect(errors.mock.calls).toEqual([['Фоновая задача «outbox» завершилась с ошибкой:', error]])
})
