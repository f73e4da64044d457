// The application («заявление») workflow of Порядок 3.1: приём и регистрация → рассмотрение → решение
// директора → предоставление информации. Flat states: the state value is the DB status column.
// Effects are named, empty actions (application-setup.ts); the server either injects them with
// `applicationMachine.provide({ actions })`, or — the intended way — calls `step()` below and turns the returned
// effect names into outbox rows in the same transaction as the status change.
import { and, assign, initialTransition, transition } from 'xstate'
import { WITHDRAW, appSetup, at, by, deliveryDocuments } from './application-setup'
import {
  EFFECTS,
  EVENT_LABELS,
  partialProblem,
  payloadProblem,
  roleAllowed,
  roleDeniedMessage,
  unavailableReason,
  WRITTEN_ACCEPTANCE_REFUSAL_BY_DIRECTOR,
  type ApplicationContext,
  type ApplicationEffect,
  type ApplicationEvent,
  type ApplicationEventType,
  type ApplicationInput,
  type Role,
} from './application-rules'
import { isApplicationStatus, type ApplicationStatus } from './statuses'

export * from './application-rules'

export const applicationMachine = appSetup.createMachine({
  id: 'application',
  context: ({ input }) => ({
    applicationId: input.applicationId,
    periodicity: input.periodicity,
    channel: input.channel,
    kinds: [...(input.kinds ?? [])],
    registrationNumber: null,
    registeredAt: null,
    grounds: [],
    acceptanceRefusalForm: null,
    corrections: [],
    proposal: null,
    directorComment: null,
    decision: null,
    deliveries: 0,
    lastDeliveredAt: null,
    withdrawal: null,
    stopped: null,
  }),
  initial: 'received',
  // WITHDRAW is declared per state (not at the root) so that final states and the post-delivery ones refuse it.
  // `delivering` counts as "before delivery": nothing has reached the applicant yet, the queued letter is cancelled.
  states: {
    received: {
      on: {
        REGISTER: {
          guard: and(['actorMayAct', 'hasRegistrationNumber']),
          target: 'registered',
          actions: [
            assign(({ event }) => ({
              registrationNumber: event.type === 'REGISTER' ? event.registrationNumber : null,
              registeredAt: at(event),
            })),
            'issueRegistrationNumber',
            'setDeliveryDeadline',
            // ADR 031: registration is the day the application reaches the responsible employee (Порядок 3.1.2).
            'setReviewDeadline',
            'notifyApplicant',
          ],
        },
        REFUSE_ACCEPTANCE: [
          {
            guard: and(['actorMayAct', 'hasGrounds', 'isWrittenRefusal']),
            target: 'acceptance_refused',
            actions: ['assignAcceptanceRefusal', 'queueAcceptanceRefusalNotice'],
          },
          {
            guard: and(['actorMayAct', 'hasGrounds', 'isOralRefusal']),
            target: 'acceptance_refused',
            actions: ['assignAcceptanceRefusal'],
          },
        ],
        WITHDRAW,
      },
    },
    acceptance_refused: { type: 'final' },
    registered: {
      on: {
        // ADR 031: taking the application up starts no clock: the review has run since registration.
        START_REVIEW: { guard: 'actorMayAct', target: 'in_review' },
        WITHDRAW,
      },
    },
    in_review: {
      on: {
        REQUEST_CORRECTION: {
          guard: and(['actorMayAct', 'hasCorrectionItems']),
          target: 'correction_requested',
          actions: [
            assign(({ context, event }) => ({
              corrections: [
                ...context.corrections,
                {
                  items: event.type === 'REQUEST_CORRECTION' ? event.items.map((item) => item.trim()) : [],
                  requestedAt: at(event),
                  submittedAt: null,
                  note: null,
                },
              ],
            })),
            'queueCorrectionRequest',
          ],
        },
        FORWARD: {
          guard: and(['actorMayAct', 'hasComment', 'hasValidProposal']),
          target: 'awaiting_decision',
          actions: [
            assign(({ event }) =>
              event.type === 'FORWARD'
                ? {
                    proposal: {
                      value: event.proposal,
                      comment: event.comment.trim(),
                      grounds: event.proposal === 'grant' ? [] : (event.proposedGrounds ?? []).map((g) => g.trim()),
                      refusedKinds: event.proposal === 'partial' ? [...(event.proposedRefusedKinds ?? [])] : [],
                      by: by(event),
                    },
                    directorComment: null,
                  }
                : {},
            ),
            'notifyDirector',
          ],
        },
        WITHDRAW,
      },
    },
    correction_requested: {
      on: {
        SUBMIT_CORRECTION: {
          guard: 'actorMayAct',
          target: 'in_review',
          actions: [
            assign(({ context, event }) => ({
              corrections: context.corrections.map((c, i) =>
                i === context.corrections.length - 1
                  ? { ...c, submittedAt: at(event), note: event.type === 'SUBMIT_CORRECTION' ? (event.note ?? null) : null }
                  : c,
              ),
            })),
            // ADR 031: neither clock pauses or restarts for a correction; the review runs on from registration.
            'notifyResponsible',
          ],
        },
        WITHDRAW,
      },
    },
    awaiting_decision: {
      on: {
        GRANT: [
          {
            guard: and(['actorMayAct', 'isWholeGrant']),
            target: 'granted',
            actions: ['assignDecision', 'recordLogResult', 'notifyApplicant', 'notifyResponsible'],
          },
          // Порядок 3.1.2: what the journal lacks is refused by a notice signed with the same decision.
          {
            guard: and(['actorMayAct', 'isPartialGrant']),
            target: 'granted',
            actions: ['assignDecision', 'recordLogResult', 'queueRefusalNotice', 'notifyApplicant', 'notifyResponsible'],
          },
        ],
        REFUSE: {
          guard: and(['actorMayAct', 'hasGrounds']),
          target: 'refused',
          actions: ['assignDecision', 'recordLogResult', 'queueRefusalNotice'],
        },
        RETURN_TO_REVIEW: {
          guard: and(['actorMayAct', 'hasComment']),
          target: 'in_review',
          actions: [
            assign(({ event }) => ({ directorComment: event.type === 'RETURN_TO_REVIEW' ? event.comment.trim() : null })),
            'notifyResponsible',
          ],
        },
        WITHDRAW,
      },
    },
    granted: {
      on: {
        START_DELIVERY: {
          guard: 'actorMayAct',
          target: 'delivering',
          actions: [deliveryDocuments],
        },
        WITHDRAW,
      },
    },
    refused: {
      on: { NOTICE_DELIVERED: { guard: 'actorMayAct', target: 'closed' } },
    },
    // Answered — closed for people, but not final (ADR 064): if the mail server returns the e-mailed notice, it did
    // not reach the applicant, and the application waits for it again.
    closed: {
      on: { LETTER_RETURNED: { guard: and(['actorMayAct', 'hasReturnReason']), target: 'refused' } },
    },
    delivering: {
      on: {
        DELIVER: [
          {
            guard: and(['actorMayAct', 'hasDeliveryDetails', 'isPeriodic']),
            target: 'active',
            actions: ['countDelivery'],
          },
          {
            guard: and(['actorMayAct', 'hasDeliveryDetails']),
            target: 'delivered',
            actions: ['countDelivery'],
          },
        ],
        // Still "before delivery": the queued extract / letter has not reached the applicant, so it is cancelled (as in
        // every state: WITHDRAW's effects begin with cancelPendingDelivery).
        WITHDRAW,
      },
    },
    // Likewise: a returned answer letter puts the application back to `delivering`; the 30-day deadline still runs.
    delivered: {
      on: { LETTER_RETURNED: { guard: and(['actorMayAct', 'hasReturnReason']), target: 'delivering', actions: ['uncountDelivery'] } },
    },
    active: {
      on: {
        // Порядок 2.3: information is given during the academic year, at the periodicity the applicant chose.
        DELIVER_PERIODIC: {
          guard: and(['actorMayAct', 'hasDeliveryDetails']),
          actions: ['countDelivery'],
        },
        YEAR_ENDED: { guard: 'actorMayAct', target: 'completed', actions: ['notifyApplicant'] },
        // The applicant no longer wants the extracts: the schedule ends now and an extract not yet sent is cancelled.
        STOP_PERIODIC: {
          guard: and(['actorMayAct', 'hasStopBasis']),
          target: 'completed',
          actions: ['assignStop', 'cancelPendingDelivery', 'notifyApplicant', 'notifyResponsible'],
        },
      },
    },
    completed: { type: 'final' },
    withdrawn: { type: 'final' },
  },
})

// ─── step(): one server move, pure ───────────────────────────────────────────────────────────────────────────
// Restore the persisted snapshot → send one event → return the next persisted snapshot and the names of the
// effects the transition ran (STYLE: restore → send → persist). xstate's `initialTransition`/`transition` return
// the actions instead of executing them, so nothing here has side effects.

/** What goes into Application.snapshot (JSON). `value` equals the status column. */
export interface PersistedApplication {
  status: 'active' | 'done'
  value: ApplicationStatus
  context: ApplicationContext
  historyValue?: unknown
  children?: unknown
}

/** `forbidden`: refused for who the actor is, not for what they sent — a route answers 403, not 400. */
type StepResult =
  | { ok: true; snapshot: PersistedApplication; status: ApplicationStatus; effects: ApplicationEffect[] }
  | { ok: false; reason: string; forbidden?: true }

type MachineSnapshot = ReturnType<typeof initialTransition<typeof applicationMachine>>[0]

const isEffect = (type: string): type is ApplicationEffect => (EFFECTS as readonly string[]).includes(type)

function effectsOf(actions: ReadonlyArray<{ type: string }>): ApplicationEffect[] {
  return actions.map((action) => action.type).filter(isEffect)
}

function persist(snapshot: MachineSnapshot): PersistedApplication {
  // A JSON round trip so that what the caller stores is exactly what it will read back.
  return JSON.parse(JSON.stringify(applicationMachine.getPersistedSnapshot(snapshot))) as PersistedApplication
}

/** The machine is flat, with no children or history: value + context restore it exactly. */
function restore(persisted: Pick<PersistedApplication, 'value' | 'context'>): MachineSnapshot {
  return applicationMachine.resolveState({ value: persisted.value, context: persisted.context })
}

/** A new application, as it arrives by a channel: status `received`. */
export function startApplication(input: ApplicationInput): Extract<StepResult, { ok: true }> {
  const [snapshot, actions] = initialTransition(applicationMachine, input)
  return { ok: true, snapshot: persist(snapshot), status: snapshot.value, effects: effectsOf(actions) }
}

/**
 * Applies one event. `persisted` null means a new application built from `input` (then the event applies to
 * `received`). Refusals come back as `{ ok: false, reason }` in Russian and leave the snapshot untouched, so
 * nothing is stored for them (hence no `lastError` in the context).
 */
export function step(
  persisted: Pick<PersistedApplication, 'value' | 'context'> | null,
  event: ApplicationEvent,
  input?: ApplicationInput,
): StepResult {
  let current: MachineSnapshot
  if (persisted) {
    if (!isApplicationStatus(persisted.value)) return { ok: false, reason: `Неизвестный статус заявления «${String(persisted.value)}»` }
    current = restore(persisted)
  } else if (input) {
    current = initialTransition(applicationMachine, input)[0]
  } else {
    return { ok: false, reason: 'Нет данных заявления' }
  }
  const status = current.value
  if (!Object.hasOwn(EVENT_LABELS, event.type)) return { ok: false, reason: `Неизвестное действие «${String(event.type)}»` }
  // Final and answered statuses declare no event a person may send (delivered/closed only LETTER_RETURNED, system).
  if (!eventsOf(status).includes(event.type)) return { ok: false, reason: unavailableReason(event.type, status) }
  if (!roleAllowed(event.type, event.actor?.roles ?? [])) return { ok: false, reason: roleDeniedMessage(event.type), forbidden: true }
  const problem = payloadProblem(event) ?? (event.type === 'GRANT' ? partialProblem(current.context.kinds, event.refusedKinds) : null)
  // Порядок 3.1.1: the written acceptance-refusal notice is the director's to issue — a question of role, too.
  if (problem === WRITTEN_ACCEPTANCE_REFUSAL_BY_DIRECTOR) return { ok: false, reason: problem, forbidden: true }
  if (problem) return { ok: false, reason: problem }
  // The checks above mirror the machine's guards; this catches anything they might miss.
  if (!current.can(event)) return { ok: false, reason: unavailableReason(event.type, status) }

  const [next, actions] = transition(applicationMachine, current, event)
  return { ok: true, snapshot: persist(next), status: next.value, effects: effectsOf(actions) }
}

/** Events the machine declares in `status`, in declaration order, whatever the guards say. */
function eventsOf(status: ApplicationStatus): ApplicationEventType[] {
  const node = applicationMachine.states[status]
  return node ? (node.ownEvents as ApplicationEventType[]) : []
}

/** Buttons to show: events a user with `roles` may send in `status` (their labels are in EVENT_LABELS). */
export function availableEvents(status: ApplicationStatus, roles: readonly Role[]): ApplicationEventType[] {
  if (!isApplicationStatus(status)) return []
  return eventsOf(status).filter((type) => roleAllowed(type, roles))
}
