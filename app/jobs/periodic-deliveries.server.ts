// Periodic applications (Порядок 2.3: information during the academic year at the chosen periodicity): makes
// the extract and its Delivery row for every slot that has come, once (keyed by slot), records the extracts the
// mail sender has e-mailed, and at the end of the academic year completes the application through the operation.
// `now` is passed in: tests drive the clock.
import { db, isBusyError } from '#app/utils/db.server'
import { SYSTEM_ACTOR } from '#app/operations/actor'
import { OperationError } from '#app/operations/errors'
import { completeYear, recordPeriodicDelivery } from '#app/operations/steps.server'
import { markRecordedBy, periodicKey } from '#app/models/deliveries.server'
import type { Tx } from '#app/operations/transition.server'
import { generateApplicationDocument, type SlotRow } from './generate-documents.server'
import { jobPayload } from './payloads'
import { periodicRecipient } from '#app/models/guardian-status.server'
import { anchorOf, scheduleContext, type ActiveApp } from '#app/models/periodic-schedule.server'
import { dueSlots, isPeriodic, leftBeforeSlot, yearEnded, type ScheduleContext, type Slot } from '#workflows/periodic-schedule'
import { periodicHoldText } from '#workflows/guardian-status'
import { addDays, localDateOf } from '#workflows/time'
import type { Task } from './worker.server'

/** A pending extract does not hold the year open for ever: after this many days the year is closed anyway. */
const YEAR_END_GRACE_DAYS = 30

/** A failed extract is tried again after this long (not on every pass of the worker). */
const RETRY_FAILED_MS = 60 * 60_000

/** What a slot needs of the application: its schedule, and who its applicant is to the pupil (periodicRecipient). */
type PeriodicApp = ActiveApp & Parameters<typeof periodicRecipient>[0] & { pupil: { leftOn: string | null } | null }
type SlotData = SlotRow

/** The slot's row marked failed with why (shown on the application page); the worker tries it again after RETRY_FAILED_MS. */
function failSlot(client: Tx | typeof db, app: PeriodicApp, key: string, slotData: SlotData, lastError: string, now: Date) {
  return client.delivery.upsert({
    where: { idempotencyKey: key },
    create: {
      applicationId: app.id,
      idempotencyKey: key,
      channel: app.delivery,
      status: 'failed',
      lastError,
      preparedAt: now,
      ...slotData,
    },
    update: { status: 'failed', lastError, preparedAt: now },
  })
}

/** Why a slot is held, for its row (after «Выписка не сформирована: …») and the responsible employee's notice. */
type Hold = { message: string; why: 'recipient' | 'left'; notice: { key: string; reason: 'PERIODIC_HELD' | 'PERIODIC_PUPIL_LEFT' } }

/**
 * The slot's extract is not made: the journal no longer names the applicant the pupil's legal representative
 * (periodicRecipientCheck), or the pupil left the school before the slot's dates (leftBeforeSlot). Its row says why
 * (on the application page, «не сформирована»); the responsible employee is told once (per slot for the
 * applicant, once per leaving day for the pupil). The row is tried again with the failed ones: once the journal is
 * put right, the extract goes.
 */
async function holdSlot(app: PeriodicApp, key: string, slotData: SlotData, hold: Hold, now: Date): Promise<void> {
  const lastError = periodicHoldText(hold.message, hold.why)
  await db.$transaction(async (tx) => {
    await failSlot(tx, app, key, slotData, lastError, now)
    await tx.outboxJob.upsert({
      where: { idempotencyKey: hold.notice.key },
      create: {
        kind: 'notify-staff',
        payload: jobPayload('notify-staff', { applicationId: app.id, role: 'responsible', reason: hold.notice.reason }),
        idempotencyKey: hold.notice.key,
        schoolId: app.schoolId,
      },
      update: {},
    })
  })
}

/** Why this slot is held, or null when its extract may be made. */
async function slotHold(app: PeriodicApp, key: string, slot: Slot): Promise<Hold | null> {
  const left = leftBeforeSlot(slot, app.pupil?.leftOn ?? null)
  if (left)
    return {
      message: left,
      why: 'left',
      notice: { key: `${app.id}:periodic:left:${app.pupil!.leftOn}`, reason: 'PERIODIC_PUPIL_LEFT' },
    }
  const recipient = await periodicRecipient(app)
  if (recipient.ok) return null
  return {
    message: recipient.message,
    why: 'recipient',
    notice: { key: `${key}:held`, reason: 'PERIODIC_HELD' },
  }
}

/**
 * One slot's extract through the document generator (it stores the document and makes the Delivery row under
 * our key, and for e-mail queues the letter); the row is then marked as this slot's periodic extract.
 * A failure is kept on the row (status 'failed', shown on the application page) and retried later.
 */
async function makeSlotDelivery(app: PeriodicApp, slot: Slot, now: Date): Promise<boolean> {
  const key = periodicKey(app.id, slot.day)
  const existing = await db.delivery.findUnique({ where: { idempotencyKey: key } })
  if (existing && !(existing.status === 'failed' && now.getTime() - existing.preparedAt.getTime() > RETRY_FAILED_MS)) return false
  const slotData = { kind: 'periodic-extract', dueAt: slot.dueAt, periodFrom: slot.from, periodTo: slot.to }
  try {
    const hold = await slotHold(app, key, slot)
    if (hold) {
      await holdSlot(app, key, slotData, hold, now)
      return false
    }
    // The row is written whole (kind, slot, document, ready) in the transaction that queues the letter (ADR 124).
    await generateApplicationDocument({
      applicationId: app.id,
      template: 'vypiska',
      key,
      now,
      range: { from: slot.from, to: slot.to },
      slot: slotData,
    })
    return !existing
  } catch (error) {
    // A busy database is no fault of the extract: nothing was kept, the next pass of the worker makes it.
    if (isBusyError(error)) return false
    await failSlot(db, app, key, slotData, `Выписка не сформирована: ${error instanceof Error ? error.message : String(error)}`, now)
    return false
  }
}

async function createSlotDeliveries(app: PeriodicApp, anchor: Date, ctx: ScheduleContext, now: Date): Promise<number> {
  if (!isPeriodic(app.periodicity)) return 0
  let created = 0
  for (const slot of dueSlots(app.periodicity, anchor, now, ctx)) if (await makeSlotDelivery(app, slot, now)) created++
  return created
}

/** An extract the mail sender has e-mailed is recorded in the procedure (DELIVER_PERIODIC) by the system, once. */
async function recordEmailed(app: ActiveApp, now: Date): Promise<void> {
  const sent = await db.delivery.findMany({
    where: { applicationId: app.id, kind: 'periodic-extract', status: 'emailed', recordedBy: '' },
    orderBy: { dueAt: 'asc' },
  })
  for (const d of sent) {
    try {
      // The row is marked recorded in the step's transaction: a crash between never records the extract twice.
      const within = (tx: Tx) => markRecordedBy(tx, [d.id], SYSTEM_ACTOR.name)
      await recordPeriodicDelivery({
        applicationId: app.id,
        schoolId: app.schoolId,
        actor: SYSTEM_ACTOR,
        deliveredAt: d.deliveredAt ?? now,
        now,
        within,
      })
    } catch (error) {
      if (error instanceof OperationError) return // the application changed meanwhile: the next pass decides
      throw error
    }
  }
}

async function completeIfYearEnded(app: ActiveApp, ctx: ScheduleContext, now: Date): Promise<boolean> {
  if (!yearEnded(now, ctx)) return false
  const pending = await db.delivery.count({ where: { applicationId: app.id, kind: 'periodic-extract', status: 'prepared' } })
  const graceOver = localDateOf(now, ctx.timeZone) > addDays(ctx.yearEndsOn, YEAR_END_GRACE_DAYS)
  if (pending > 0 && !graceOver) return false
  try {
    await completeYear({ applicationId: app.id, schoolId: app.schoolId, actor: SYSTEM_ACTOR, now })
    return true
  } catch (error) {
    if (error instanceof OperationError) return false // changed meanwhile (withdrawn, completed by staff): next pass sees it
    throw error
  }
}

export async function runPeriodicDeliveries(now = new Date()): Promise<{ created: number; completed: number }> {
  const apps = await db.application.findMany({
    where: { status: 'active' },
    select: {
      id: true,
      schoolId: true,
      className: true,
      periodicity: true,
      delivery: true,
      registeredAt: true,
      decidedAt: true,
      school: { select: { timeZone: true } },
      pupilId: true,
      pupil: { select: { leftOn: true } },
      guardianId: true,
      applicantRole: true,
      applicantLastName: true,
      applicantFirstName: true,
      applicantMiddleName: true,
      applicantEmail: true,
      applicantPostalAddress: true,
    },
  })
  let created = 0
  let completed = 0
  for (const app of apps) {
    const anchor = await anchorOf(app)
    const ctx = await scheduleContext(app, anchor)
    if (!ctx) continue
    created += await createSlotDeliveries(app, anchor, ctx, now)
    await recordEmailed(app, now)
    if (await completeIfYearEnded(app, ctx, now)) completed++
  }
  return { created, completed }
}

export const periodicDeliveriesTask: Task = { name: 'periodic-deliveries', run: (now) => runPeriodicDeliveries(now) }
