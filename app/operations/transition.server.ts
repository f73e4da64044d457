// The one door through which an application changes: restore the machine → send one event → write the new
// state, the audit row, registration-log rows and outbox rows in ONE transaction. Routes call the verb files
// (register-application.server.ts …), which call this.
import { db, withBusyRetry } from '#app/utils/db.server'
import type { Application, Prisma } from '#app/generated/prisma/client'
import { getCalendar } from '#app/models/calendar.server'
import { kindsText, step, type ApplicationEvent } from '#workflows/application.machine'
import { deadlineColumns, type Channel } from '#workflows/deadlines'
import { nearestDue } from '#workflows/deadline-stages'
import { ANSWER_EVENTS, answerInstant, stageSpans } from '#workflows/metrics'
import { machineActor, type OperationActor } from './actor'
import { CONFLICT_MESSAGE, OperationError } from './errors'
import { queueEffects } from './effects.server'
import { appendRegistration, appendResult, ensureRegistrationRows, issueNumber } from './registration-log.server'
import { registrationYear } from '#workflows/registration-log'
import { isFinal } from '#workflows/statuses'
import { applicantName } from '#workflows/applicant-name'
import { parseKinds, parseSnapshot } from '#app/models/json-columns'

type Tx = Prisma.TransactionClient
/** Writes that commit or roll back with the step (see `within` below). */
export type Within = (tx: Tx, app: Application, event: ApplicationEvent) => Promise<void>
type EventInput = ApplicationEvent extends infer E ? (E extends ApplicationEvent ? Omit<E, 'actor' | 'at'> : never) : never

const RESULT_TEXT: Record<string, (app: Application, grounds: string[], refusedKinds: string[]) => string> = {
  GRANT: (_a, grounds, refused) =>
    refused.length
      ? `принято решение о предоставлении информации, кроме: ${kindsText(refused)}; в этой части отказано: ${grounds.join('; ')}`
      : 'принято решение о предоставлении информации',
  REFUSE: (_a, grounds) => `отказано в предоставлении информации: ${grounds.join('; ')}`,
  WITHDRAW: () => 'заявление отозвано заявителем',
}

export async function transitionApplication(args: {
  applicationId: string
  schoolId: string
  actor: OperationActor
  event: EventInput
  expectedVersion?: number
  now?: Date
  /**
   * Writes that belong to this step and must commit or roll back with it (e.g. the Delivery rows of a hand-over
   * and the letters it cancels, ADR 029). Runs inside the transaction after the state, audit and outbox rows;
   * `app` is the application as it was read (before the change). Throwing an OperationError refuses the step.
   */
  within?: Within
}): Promise<Application> {
  const now = args.now ?? new Date()
  const calendar = await getCalendar()
  const logSchool = await db.school.findUnique({ where: { id: args.schoolId }, select: { timeZone: true } })
  // Writes only when a row is missing (a new school or year); a busy database is waited out like the step itself.
  if (logSchool)
    await withBusyRetry(() =>
      ensureRegistrationRows(db, args.schoolId, args.event.type === 'REGISTER' ? registrationYear(now, logSchool.timeZone) : null),
    )
  try {
    return await withBusyRetry(() =>
      db.$transaction(async (tx) => {
        // A registration takes its number first: the counter's UPDATE is the transaction's first statement, so on SQLite
        // it waits for the write lock (busy timeout) instead of failing on a snapshot another process has moved on
        // from; on PostgreSQL it locks the counter row until the commit (ADR 043).
        const issued = args.event.type === 'REGISTER' && logSchool ? await issueNumber(tx, args.schoolId, now, logSchool.timeZone) : null
        const app = await tx.application.findFirst({ where: { id: args.applicationId, schoolId: args.schoolId } })
        if (!app) throw new OperationError('Заявление не найдено', 404)
        if (args.expectedVersion !== undefined && app.version !== args.expectedVersion) throw new OperationError(CONFLICT_MESSAGE, 409)
        const school = await tx.school.findUniqueOrThrow({ where: { id: app.schoolId }, select: { timeZone: true } })

        const event = { ...args.event, actor: machineActor(args.actor), at: now.toISOString() } as ApplicationEvent
        if (event.type === 'REGISTER') event.registrationNumber = issued!.number
        const result = step(parseSnapshot(app.snapshot), event)
        if (!result.ok) throw new OperationError(result.reason, result.forbidden ? 403 : 400)

        const data: Prisma.ApplicationUpdateManyMutationInput = {
          status: result.status,
          snapshot: JSON.stringify(result.snapshot),
          version: app.version + 1,
        }
        const effects = new Set(result.effects)
        if (event.type === 'REGISTER') {
          data.registeredAt = now
          data.registrationNumber = event.registrationNumber
          data.registrationYear = issued!.year
        }
        // Порядок 2.3, 3.1.2 as ADR 031 reads them: both clocks start at registration and nothing moves them later.
        Object.assign(
          data,
          deadlineColumns({
            effects: result.effects,
            now,
            channel: app.channel as Channel,
            receivedAt: app.receivedAt,
            registeredAt: app.registeredAt,
            storedDeliveryDue: app.deliveryDue,
            timeZone: school.timeZone,
            calendar,
          }),
        )
        if (event.type === 'REFUSE_ACCEPTANCE' || event.type === 'REFUSE') data.grounds = JSON.stringify(event.grounds.map((g) => g.trim()))
        // Порядок 3.1.2: a partial decision's grounds are printed in its refusal notice, as a refusal's are.
        if (event.type === 'GRANT') data.grounds = JSON.stringify(result.snapshot.context.grounds)
        if (event.type === 'GRANT' || event.type === 'REFUSE') data.decidedAt = now
        if (isFinal(result.status)) data.closedAt = now
        // ADR 064: a returned answer letter reopens the application — it is open again and has not been answered.
        const reopened = event.type === 'LETTER_RETURNED'
        if (reopened) Object.assign(data, { closedAt: null, answeredAt: null })
        // The dashboard's figures read these instead of the events (ADR 047): the first hand-over and the stage spans.
        const answeredAt = reopened
          ? null
          : (app.answeredAt ?? ((ANSWER_EVENTS as readonly string[]).includes(event.type) ? answerInstant(event, now) : null))
        if (answeredAt) data.answeredAt = answeredAt
        Object.assign(
          data,
          stageSpans({
            receivedAt: app.receivedAt,
            registeredAt: (data.registeredAt as Date | undefined) ?? app.registeredAt,
            decidedAt: (data.decidedAt as Date | undefined) ?? app.decidedAt,
            answeredAt,
          }),
        )
        data.queueDueAt = nearestDue(result.status, {
          registrationDue: app.registrationDue,
          reviewDue: (data.reviewDue as Date | undefined) ?? app.reviewDue,
          deliveryDue: (data.deliveryDue as Date | undefined) ?? app.deliveryDue,
        })

        const updated = await tx.application.updateMany({ where: { id: app.id, version: app.version }, data })
        if (updated.count !== 1) throw new OperationError(CONFLICT_MESSAGE, 409)

        if (effects.has('issueRegistrationNumber') && event.type === 'REGISTER') {
          await appendRegistration(
            tx,
            app.schoolId,
            {
              number: event.registrationNumber,
              applicationId: app.id,
              receivedAt: app.receivedAt,
              registeredAt: now,
              channel: app.channel,
              applicantName: applicantName(app),
              pupilName: app.pupilName,
              className: app.className,
              kinds: parseKinds(app.kinds),
            },
            school.timeZone,
          )
        }
        if (effects.has('recordLogResult')) {
          const { grounds, refusedKinds = [] } = result.snapshot.context
          const text = RESULT_TEXT[event.type]?.(app, event.type === 'REFUSE' || event.type === 'GRANT' ? grounds : [], refusedKinds)
          if (text) await appendResult(tx, app.schoolId, app.id, text, now)
        }
        const { actor: _actor, at: _at, ...payload } = event
        await tx.applicationEvent.create({
          data: {
            applicationId: app.id,
            at: now,
            actorUserId: args.actor.userId,
            actorName: args.actor.name,
            event: event.type,
            fromStatus: app.status,
            toStatus: result.status,
            data: JSON.stringify(payload),
          },
        })
        await queueEffects(tx, app, app.version + 1, result.effects, event)
        if (args.within) await args.within(tx, app, event)
        return tx.application.findUniqueOrThrow({ where: { id: app.id } })
      }),
    )
  } catch (error) {
    if (error instanceof OperationError) throw error
    // SQLite reports a lost race on the log's unique sequence or a busy writer: the other action won.
    if (error && typeof error === 'object' && 'code' in error && ['P2002', 'P2034'].includes(String((error as { code: string }).code))) {
      throw new OperationError(CONFLICT_MESSAGE, 409)
    }
    throw error
  }
}

export type { Tx }
