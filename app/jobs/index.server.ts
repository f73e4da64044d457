// The worker's tasks, listed by name here. A task module only exports its task: registering at import would be
// dropped by the production build, which treats the app's modules as free of side effects ("sideEffects": false)
// and removes an import that nothing reads — it did so to the mailbox poll and two other tasks (ADR 018).
// The outbox handlers are listed the same way, in OUTBOX_HANDLERS (outbox.server.ts, ADR 062).
import { monthlyActivityReportTask } from './activity-reports.server'
import { dashboardFiguresTask } from './dashboard-figures.server'
import { deadlineSweepTask } from './deadline-sweep.server'
import { emailedAnswersTask, returnedAnswersTask } from './emailed-answers.server'
import { registrationLogIntegrityTask } from './integrity.server'
import { leftoversSweepTask } from './leftovers.server'
import { nightlyBackupTask } from './nightly-backup.server'
import { outboxTask } from './outbox.server'
import { periodicDeliveriesTask } from './periodic-deliveries.server'
import { plannerStatsTask } from './planner-stats.server'
import { yearEndResultsArchiveTask } from './results-archive.server'
import { mailboxPollTask, mailSendTask } from '#app/mail/index.server'
import { outboxHandlerKinds } from './outbox.server'
import { startWorker as start, type Task } from './worker.server'

/** Every background task, in the order of a pass. */
export const TASKS: readonly Task[] = [
  outboxTask,
  mailSendTask,
  mailboxPollTask,
  deadlineSweepTask,
  periodicDeliveriesTask,
  emailedAnswersTask,
  returnedAnswersTask,
  registrationLogIntegrityTask,
  monthlyActivityReportTask,
  yearEndResultsArchiveTask,
  leftoversSweepTask,
  nightlyBackupTask,
  plannerStatsTask,
  // Last: the first count after the migration is long on a big database (ADR 092), and letters go first.
  dashboardFiguresTask,
]

/** What the worker of this build runs: /healthz shows it, and the end-to-end run checks the built server. */
export function workerInfo() {
  return { tasks: TASKS.map((t) => t.name), outboxHandlers: outboxHandlerKinds() }
}

export function startWorker() {
  return start(TASKS)
}
