import { dbReady } from '#app/utils/db.server'
import { getEnv } from '#app/utils/env.server'

export type Task = { name: string; run: (now: Date) => Promise<unknown> }

/** One pass over every task; a failing task is logged and never stops the others. */
export async function runTasksOnce(tasks: readonly Task[], now = new Date()): Promise<void> {
  for (const task of tasks) {
    try {
      await task.run(now)
    } catch (error) {
      console.error(`Фоновая задача «${task.name}» завершилась с ошибкой:`, error)
    }
  }
}

export function startWorker(tasks: readonly Task[]): { stop: () => void } {
  const env = getEnv()
  // WAL and foreign keys for this process's connection, worker or not.
  void dbReady().catch((error) => console.error('Не удалось настроить базу данных:', error))
  if (env.DISABLE_WORKER === 'true') return { stop() {} }
  let stopped = false
  let timer: NodeJS.Timeout | undefined
  const loop = async () => {
    if (stopped) return
    await dbReady()
    await runTasksOnce(tasks)
    if (!stopped) timer = setTimeout(loop, env.WORKER_INTERVAL_SECONDS * 1000)
  }
  timer = setTimeout(loop, 500)
  return {
    stop() {
      stopped = true
      if (timer) clearTimeout(timer)
    },
  }
}
