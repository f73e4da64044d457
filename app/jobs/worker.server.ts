import { dbReady, isBusyError, isUnreachableError } from '#app/utils/db.server'
import { getEnv } from '#app/utils/env.server'
import { isDiskFullError } from '#app/utils/disk-full.server'
import { withTaskLease } from './lease.server'

/**
 * A background task. `queue` tasks (the outbox, the letters) claim their rows one by one and run on every instance
 * at once; every other task is a singleton that runs under its lease row on one instance at a time, at most once
 * per `everyMs` across all instances when given (ADR 042). `stopped` says a clean stop has begun: a queue task
 * finishes the rows it holds and claims no other, so a backlog of letters never outlasts the grace period (ADR 025).
 */
export type Task = {
  name: string
  run: (now: Date, stopped?: () => boolean) => Promise<unknown>
  queue?: true
  everyMs?: () => number
  /**
   * The work the task left running beside its pass (the letters' search of the school's mailbox, ADR 119), settled
   * when it ends: a clean stop waits for it as it waits for the pass, up to STOP_DRAIN_MS after the stop began.
   */
  beside?: () => Promise<unknown>
}

/**
 * How long a clean stop waits for the work running beside the passes, once the pass has ended. That work sees the stop
 * (it asks `stopped` between its steps) and ends at its next step; a mailbox that answers nothing is not waited out
 * (its search's own budget is 15 s, the grace period 8 s by default): cut there, it is searched again after the restart.
 */
export const STOP_DRAIN_MS = 4_000

/** What /healthz tells about the worker: whether it runs, and when its last pass began and ended. */
type WorkerStatus = { enabled: boolean; running: boolean; lastPassStartedAt: Date | null; lastPassEndedAt: Date | null }

const status: WorkerStatus = { enabled: false, running: false, lastPassStartedAt: null, lastPassEndedAt: null }

export function workerStatus(): WorkerStatus {
  return { ...status }
}

/**
 * One pass over every task; a failing task is logged and never stops the others. `stopped` is asked between
 * tasks: a clean stop lets the current task finish and starts no other (ADR 025).
 */
export async function runTasksOnce(tasks: readonly Task[], now = new Date(), stopped: () => boolean = () => false): Promise<void> {
  const noRoom: string[] = []
  const unreachable: string[] = []
  for (const task of tasks) {
    if (stopped()) break
    try {
      if (task.queue) await task.run(now, stopped)
      else await withTaskLease(`task:${task.name}`, () => task.run(now, stopped), { everyMs: task.everyMs?.() })
    } catch (error) {
      // Another writer held the database past the busy timeout (a backup, an import, another instance): nothing was
      // kept and the next pass runs the task again — one line, not an error's stack on every task of the pass.
      if (isBusyError(error))
        console.warn(`Фоновая задача «${task.name}» отложена: база данных занята другой записью; повторится на следующем проходе.`)
      else if (isDiskFullError(error)) noRoom.push(task.name)
      else if (isUnreachableError(error)) unreachable.push(task.name)
      else console.error(`Фоновая задача «${task.name}» завершилась с ошибкой:`, error)
    }
  }
  // A full disk fails every task that writes, at every pass: one line for the pass, not a stack for each lease update.
  if (noRoom.length)
    console.warn(
      `Фоновые задачи отложены: на диске с базой данных нет места, записи не принимаются (${noRoom.map((n) => `«${n}»`).join(', ')}). ` +
        'Освободите место на диске — задачи повторятся на следующем проходе.',
    )
  // PostgreSQL stopped or restarted: every task fails at every pass. One line for the pass, not a Prisma stack per task
  // (2 581 lines in a 10-s outage were measured); the tasks go on by themselves once it answers.
  if (unreachable.length) console.warn(UNREACHABLE_LINE(unreachable))
}

const UNREACHABLE_LINE = (tasks: string[]) =>
  `Фоновые задачи отложены: база данных не отвечает (${tasks.map((n) => `«${n}»`).join(', ')}). ` +
  'Проверьте, что сервер баз данных запущен и доступен по сети, — задачи повторятся на следующем проходе сами, перезапуск не нужен.'

/** The worker loop. `stop()` resolves when the task in progress (if any) has finished; no task starts after it. */
export function startWorker(tasks: readonly Task[]): { stop: () => Promise<void> } {
  const env = getEnv()
  // WAL and foreign keys for this process's connection, worker or not.
  void dbReady().catch((error) => console.error('Не удалось настроить базу данных:', error))
  if (env.DISABLE_WORKER === 'true') return { stop: async () => {} }
  status.enabled = true
  let stopped = false
  let timer: NodeJS.Timeout | undefined
  let pass: Promise<void> = Promise.resolve()
  const loop = async () => {
    if (stopped) return
    status.running = true
    status.lastPassStartedAt = new Date()
    try {
      await dbReady()
      await runTasksOnce(tasks, new Date(), () => stopped)
    } catch (error) {
      if (isUnreachableError(error)) console.warn(UNREACHABLE_LINE(['все']))
      else console.error('Проход фонового обработчика не выполнен:', error)
    } finally {
      status.running = false
      status.lastPassEndedAt = new Date()
    }
    if (!stopped)
      timer = setTimeout(() => {
        pass = loop()
      }, env.WORKER_INTERVAL_SECONDS * 1000)
  }
  timer = setTimeout(() => {
    pass = loop()
  }, 500)
  return {
    async stop() {
      stopped = true
      status.enabled = false
      if (timer) clearTimeout(timer)
      // ADR 124: the work beside the pass too (before, the stop returned while a mailbox search still ran: the process
      // exited under it, or the database was closed under its writes). The bound runs from the stop, not from the
      // pass's end: a long pass does not add STOP_DRAIN_MS on top of itself and outlast the deploy's grace period.
      let bound: NodeJS.Timeout | undefined
      const drained = new Promise((resolve) => (bound = setTimeout(resolve, STOP_DRAIN_MS)))
      await pass
      await Promise.race([Promise.allSettled(tasks.map((t) => t.beside?.())), drained])
      clearTimeout(bound)
    },
  }
}
