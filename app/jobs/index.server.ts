// Every background task registers itself on import; the server starts them through this module.
import './deadline-sweep.server'
import './outbox.server'

export { startWorker, runTasksOnce } from './worker.server'
