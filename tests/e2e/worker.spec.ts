import { expect, test } from '@playwright/test'

// The built server (what `npm start` runs), not the sources: a production build once dropped task modules that
// were only imported for their side effects, and the mailbox poll with two other tasks silently never ran.
test('the built server runs every background task and every outbox handler', async ({ request }) => {
  const res = await request.get('/healthz')
  expect(res.ok()).toBe(true)
  const { worker } = (await res.json()) as { worker: { tasks: string[]; outboxHandlers: string[] } }
  expect([...worker.tasks].sort()).toEqual([
    'dashboard-figures',
    'deadline-sweep',
    'emailed-answers',
    'leftovers-sweep',
    'mail-send',
    'mailbox-poll',
    'monthly-activity-report',
    'nightly-backup',
    'outbox',
    'periodic-deliveries',
    'planner-stats',
    'registration-log-integrity',
    'returned-answers',
    'year-end-results-archive',
  ])
  expect(worker.outboxHandlers).toEqual(['credentials', 'document', 'notify-applicant', 'notify-final-marks', 'notify-staff'])
})
