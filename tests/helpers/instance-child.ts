// One "instance" for the several-instances test (tests/integration/two-instances.test.ts): a separate Node process
// on the same SQLite file, doing what a second server.js would do. Modes:
//   worker   — worker passes (letters, outbox, periodic extracts — these on the clock INSTANCE_NOW) until the queue is empty
//   register — registers every application listed in INSTANCE_APPS (comma-separated), as fast as it can
// It says «ready» once loaded and starts on the first line read from stdin (both instances start together), then
// prints one JSON line with what it did.
import { dbReady } from '#app/utils/db.server'
import { db } from '#app/utils/db.server'
import { runTasksOnce } from '#app/jobs/worker.server'
import { outboxTask } from '#app/jobs/outbox.server'
import { periodicDeliveriesTask } from '#app/jobs/periodic-deliveries.server'
import { mailSendTask, sendDueEmails } from '#app/mail/send-email.server'
import { registerApplication } from '#app/operations/steps.server'
import { OperationError } from '#app/operations/errors'
import { staffActor } from '#tests/helpers/applications'

async function worker() {
  const slotClock = new Date(process.env.INSTANCE_NOW ?? Date.now())
  const startedAt = Date.now()
  const deadline = Date.now() + 90_000
  let quiet = 0
  let passes = 0
  let sent = 0
  while (quiet < 3 && Date.now() < deadline) {
    passes++
    const before = await db.outboxJob.count({ where: { status: 'done' } })
    // Letters first: both instances start on the same 60 queued letters at once.
    const tasks = [
      {
        ...mailSendTask,
        run: async (n: Date) => {
          sent += (await sendDueEmails(n)).sent
        },
      },
      outboxTask,
      { ...periodicDeliveriesTask, run: () => periodicDeliveriesTask.run(slotClock) },
    ]
    const now = new Date()
    await runTasksOnce(tasks, now)
    const after = await db.outboxJob.count({ where: { status: 'done' } })
    const open = await db.outboxJob.count({
      where: {
        status: { in: ['pending', 'running'] },
        kind: { in: ['send-email', 'render-document', 'notify-applicant', 'notify-staff'] },
        runAt: { lte: now },
      },
    })
    quiet = after === before && open === 0 ? quiet + 1 : 0
    await new Promise((r) => setTimeout(r, 50 + Math.random() * 50))
  }
  return { passes, sent, startedAt, endedAt: Date.now() }
}

async function register() {
  const ids = (process.env.INSTANCE_APPS ?? '').split(',').filter(Boolean)
  const actor = await staffActor('responsible')
  let registered = 0
  let refused = 0
  for (const applicationId of ids) {
    const app = await db.application.findUniqueOrThrow({ where: { id: applicationId }, select: { schoolId: true } })
    try {
      await registerApplication({ applicationId, schoolId: app.schoolId, actor })
      registered++
    } catch (error) {
      if (!(error instanceof OperationError)) throw error
      refused++ // the other instance registered it first (409) or it is no longer waiting (400)
    }
  }
  return { registered, refused }
}

async function main() {
  await dbReady()
  const mode = process.argv[2]
  console.log('ready')
  await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()))
  process.stdin.pause()
  const result = mode === 'worker' ? await worker() : await register()
  console.log(JSON.stringify(result))
  await db.$disconnect()
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
