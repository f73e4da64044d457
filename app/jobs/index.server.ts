// Every background task registers itself on import; the server starts them through this module.
import './activity-reports.server'
import './deadline-sweep.server'
import './integrity.server'
import './outbox.server'
import '#app/mail/index.server'
import './periodic-deliveries.server'
import './emailed-answers.server'
import '#app/documents/generate.server'

export { startWorker, runTasksOnce } from './worker.server'
