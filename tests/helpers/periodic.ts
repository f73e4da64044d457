// A periodic application taken through the procedure to its first hand-over on `firstDay` (the clock is the test's):
// a parent applying online for the first pupil of the class, registered, reviewed, granted, handed over.
import { expect } from 'vitest'
import { forwardToDirector, recordDelivery, registerApplication, startDelivery, startReview } from '#app/operations/steps.server'
import { transitionApplication } from '#app/operations/transition.server'
import { addDays, parseLocalDateTime } from '#workflows/time'
import { applicationFor, receive, staffActor } from './applications'

const TZ = 'Europe/Saratov'
const at = (day: string, time = '10:00') => parseLocalDateTime(`${day}T${time}`, TZ)

export async function activePeriodic(
  periodicity: 'weekly' | 'period' | 'monthly',
  firstDay: string,
  className: string,
  delivery: 'in_person' | 'email' | 'post',
) {
  const responsible = await staffActor('responsible')
  const director = await staffActor('director')
  // A parent applying online says who they are (the pre-check then reads the journal's link; periodicRecipientCheck too).
  const applicant = { ...(await applicationFor(className)).applicant, role: 'parent' }
  const received = await receive('online', className, { periodicity, delivery, applicant }, at(addDays(firstDay, -3)))
  const t = { applicationId: received.id, schoolId: received.schoolId, actor: responsible }
  await registerApplication({ ...t, now: at(addDays(firstDay, -3), '11:00') })
  await startReview({ ...t, now: at(addDays(firstDay, -2)) })
  await forwardToDirector({ ...t, comment: 'Сведения есть', proposal: 'grant', now: at(addDays(firstDay, -2), '12:00') })
  await transitionApplication({ ...t, actor: director, event: { type: 'GRANT' }, now: at(addDays(firstDay, -1)) })
  await startDelivery({ ...t, now: at(firstDay, '09:00') })
  const app = await recordDelivery({ ...t, deliveredAt: at(firstDay), channel: delivery, recipient: 'Заявитель', now: at(firstDay) })
  expect(app.status).toBe('active')
  return app
}
