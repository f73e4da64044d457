// Issue 20.4: a hand-over's status change and its Delivery rows commit in ONE transaction. A crash after the rows
// are written (thrown from inside the door's `within` hook, where the product writes them) leaves nothing
// half-written: the application still waits, no event, no log line, the rows untouched; the real operation then
// records both together. A hand-over refused inside the transaction (a row marked meanwhile) changes nothing.
import { describe, expect, it } from 'vitest'
import { db } from '#app/utils/db.server'
import { runOutbox } from '#app/jobs/outbox.server'
import { answerHandOverWrites, handOverAnswer, handOverPeriodic, periodicHandOverWrites } from '#app/operations/hand-over.server'
import { forwardToDirector, recordDelivery, registerApplication, startDelivery, startReview } from '#app/operations/steps.server'
import { transitionApplication } from '#app/operations/transition.server'
import { action as batchAction } from '#app/routes/staff.delivery.batch'
import { receive, refusal, staffActor } from '#tests/helpers/applications'
import { signIn } from '#tests/helpers/auth'
import { formRequest, settle } from '#tests/helpers/http'
import { localDateOf } from '#workflows/time'

const later = (ms: number) => new Date(Date.now() + ms)
const TRACKING = '41001283123456'

async function granted(delivery: 'post' | 'in_person', periodicity: 'once' | 'weekly' = 'once') {
  const app = await receive('online', '7А', { kinds: ['marks'], delivery, periodicity })
  const responsible = await staffActor('responsible')
  const t = { applicationId: app.id, schoolId: app.schoolId, actor: responsible }
  await registerApplication(t)
  await startReview(t)
  await forwardToDirector({ ...t, comment: 'Сведения есть', proposal: 'grant' })
  await transitionApplication({ ...t, actor: await staffActor('director'), event: { type: 'GRANT' } })
  await startDelivery(t)
  await runOutbox(later(1000)) // the documents and their Delivery rows
  return { t, app: await db.application.findUniqueOrThrow({ where: { id: app.id } }) }
}

const state = async (applicationId: string) => ({
  app: await db.application.findUniqueOrThrow({ where: { id: applicationId }, select: { status: true, version: true, closedAt: true } }),
  events: await db.applicationEvent.count({ where: { applicationId } }),
  log: await db.registrationLogEntry.findMany({ where: { applicationId }, select: { result: true } }),
  rows: await db.delivery.findMany({
    where: { applicationId },
    orderBy: { idempotencyKey: 'asc' },
    select: { id: true, status: true, trackingNumber: true, recipient: true, deliveredAt: true, recordedBy: true },
  }),
})

describe('a hand-over commits its status and its Delivery rows together', { timeout: 120_000 }, () => {
  it('a crash after the posting rows are written leaves the application waiting and the rows as they were', async () => {
    const { t, app } = await granted('post')
    expect(app.status).toBe('delivering')
    const before = await state(app.id)
    expect(before.rows.map((r) => [r.status, r.trackingNumber])).toEqual([['prepared', '']])

    const deliveredAt = new Date()
    const writes = answerHandOverWrites({ channel: 'post', deliveredAt, trackingNumber: TRACKING, recordedBy: t.actor.name })
    let written = 0
    await expect(
      transitionApplication({
        ...t,
        expectedVersion: app.version,
        event: { type: 'DELIVER', deliveredAt: deliveredAt.toISOString(), channel: 'post' },
        within: async (tx, current, event) => {
          await writes(tx, current, event)
          written = await tx.delivery.count({ where: { applicationId: app.id, status: 'posted', trackingNumber: TRACKING } })
          throw new Error('сбой питания между шагами')
        },
      }),
    ).rejects.toThrow('сбой питания между шагами')
    expect(written).toBe(1) // the rows were written inside the transaction before the crash…
    expect(await state(app.id)).toEqual(before) // …and nothing of the step remains

    // The real operation: the status and the posting with its identifier, together.
    const done = await handOverAnswer({ ...t, expectedVersion: app.version, channel: 'post', deliveredAt, trackingNumber: TRACKING })
    expect(done.status).toBe('delivered')
    const after = await state(app.id)
    expect(after.rows.map((r) => [r.status, r.trackingNumber, r.recordedBy])).toEqual([['posted', TRACKING, t.actor.name]])
    expect(after.events).toBe(before.events + 1)
  })

  it('a paper credentials letter not yet produced refuses the hand-over inside the transaction: nothing is written', async () => {
    const app = await receive('online', '7А', { kinds: ['marks', 'access'], delivery: 'in_person' })
    const responsible = await staffActor('responsible')
    const t = { applicationId: app.id, schoolId: app.schoolId, actor: responsible }
    await registerApplication(t)
    await startReview(t)
    await forwardToDirector({ ...t, comment: 'Сведения есть', proposal: 'grant' })
    await transitionApplication({ ...t, actor: await staffActor('director'), event: { type: 'GRANT' } })
    await startDelivery(t)
    await runOutbox(later(1000))
    const before = await state(app.id)
    expect(before.rows.some((r) => r.status === 'prepared')).toBe(true)
    const error = await refusal(() => handOverAnswer({ ...t, channel: 'in_person', deliveredAt: new Date(), recipient: 'Иванова М. П.' }))
    expect(error.status).toBe(409)
    expect(error.message).toMatch(/^Письмо с реквизитами доступа ещё не сформировано/)
    expect(await state(app.id)).toEqual(before)
  })

  it('a periodic extract: a crash after its row is marked leaves it prepared; a row marked meanwhile refuses the step', async () => {
    const { t } = await granted('in_person', 'weekly')
    const first = await recordDelivery({ ...t, deliveredAt: new Date(), channel: 'in_person', recipient: 'Заявитель' })
    expect(first.status).toBe('active')
    const row = await db.delivery.create({
      data: { applicationId: first.id, idempotencyKey: `${first.id}:periodic:test`, kind: 'periodic-extract', channel: 'in_person' },
    })
    const before = await state(first.id)

    const deliveredAt = new Date()
    const writes = periodicHandOverWrites({
      deliveryId: row.id,
      channel: 'in_person',
      deliveredAt,
      recipient: 'Заявитель',
      recordedBy: t.actor.name,
    })
    await expect(
      transitionApplication({
        ...t,
        event: { type: 'DELIVER_PERIODIC', deliveredAt: deliveredAt.toISOString() },
        within: async (tx, current, event) => {
          await writes(tx, current, event)
          throw new Error('сбой между шагами')
        },
      }),
    ).rejects.toThrow('сбой между шагами')
    expect(await state(first.id)).toEqual(before)
    expect(await db.delivery.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ status: 'prepared', recordedBy: '' })

    await handOverPeriodic({ ...t, deliveryId: row.id, channel: 'in_person', deliveredAt, recipient: 'Заявитель' })
    expect(await db.delivery.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({
      status: 'handed',
      recipient: 'Заявитель',
      recordedBy: t.actor.name,
    })
    const once = await state(first.id)
    expect(once.events).toBe(before.events + 1)

    // Two employees marked the same extract from pages drawn before: the second step is refused, no second event.
    const again = await refusal(() =>
      handOverPeriodic({ ...t, deliveryId: row.id, channel: 'in_person', deliveredAt, recipient: 'Заявитель' }),
    )
    expect(again.status).toBe(409)
    expect(again.message).toBe('Эта выписка уже отмечена или не найдена: обновите страницу')
    expect(await state(first.id)).toEqual(once)
  })

  it('the class batch hands over through the same operation; its form is checked by its schema', async () => {
    const { t } = await granted('in_person', 'weekly')
    const first = await recordDelivery({ ...t, deliveredAt: new Date(), channel: 'in_person', recipient: 'Заявитель' })
    const row = await db.delivery.create({
      data: { applicationId: first.id, idempotencyKey: `${first.id}:periodic:batch`, kind: 'periodic-extract', channel: 'in_person' },
    })
    const cookie = await signIn('responsible')
    const post = (fields: Record<string, string>) =>
      settle(() => batchAction({ request: formRequest('/staff/delivery/batch?class=7А', fields, cookie), params: {}, context: {} }))
    const today = localDateOf(new Date(), 'Europe/Saratov')

    const forged = await post({ delivery: 'не-отметка', deliveredOn: today })
    expect(forged.status).toBe(400)
    expect(await forged.json()).toEqual({ ok: false, message: 'Неверная отметка выписки: обновите страницу' })
    const none = await post({ deliveredOn: today })
    expect(none.status).toBe(400)
    expect(await none.json()).toEqual({ ok: false, message: 'Отметьте выписки, которые выданы' })
    expect(await db.delivery.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ status: 'prepared' })

    const ok = await post({ delivery: `${first.id}|${row.id}`, deliveredOn: today })
    expect(await ok.json()).toEqual({ ok: true, message: 'Отмечено выданными: 1.' })
    // recorded by the signed-in employee (full name), in the same step as the event
    expect(await db.delivery.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({
      status: 'handed',
      recordedBy: expect.stringMatching(/^Семёнова Анна/),
    })
    expect(await db.applicationEvent.count({ where: { applicationId: first.id, event: 'DELIVER_PERIODIC' } })).toBe(1)
  })
})
