// setup() of the application machine: types, named effects (empty; the server provides them) and guards.
// Kept apart from the state chart so that each file holds one screen of thought.
import { and, assign, setup } from 'xstate'
import {
  hasComment,
  hasGrounds,
  hasItems,
  isPartial,
  isRegistrationNumber,
  partialProblem,
  payloadProblem,
  roleAllowed,
  validProposal,
  withdrawalBasis,
  type ApplicationContext,
  type ApplicationEvent,
  type ApplicationInput,
} from './application-rules'

export const by = (event: ApplicationEvent) => event.actor.userId ?? null
export const at = (event: ApplicationEvent) => event.at ?? null
const noop = () => {}

export const appSetup = setup({
  types: {
    context: {} as ApplicationContext,
    events: {} as ApplicationEvent,
    input: {} as ApplicationInput,
  },
  actions: {
    issueRegistrationNumber: noop, // append the registration-log row (registration-log.ts)
    setDeliveryDeadline: noop, // Порядок 2.3: ≤ 30 calendar days from registration
    setReviewDeadline: noop, // Порядок 3.1.2: ≤ 29 days from reaching the responsible employee = registration (ADR 031)
    queueAcceptanceRefusalNotice: noop, // only on request: written notice signed by the director
    queueCorrectionRequest: noop,
    queueRefusalNotice: noop, // written notice with grounds, signed by the director (Порядок 3.1.2)
    queueExtract: noop, // выписка from the e-journal
    queueCredentialsLetter: noop, // реквизиты доступа (Порядок 3.3)
    cancelPendingDelivery: noop,
    recordLogResult: noop, // «результат» column of the registration log (a correction row)
    notifyApplicant: noop,
    notifyResponsible: noop,
    notifyDirector: noop,
    assignAcceptanceRefusal: assign(({ event }) =>
      event.type === 'REFUSE_ACCEPTANCE' ? { grounds: event.grounds.map((g) => g.trim()), acceptanceRefusalForm: event.form } : {},
    ),
    assignDecision: assign(({ event }) => {
      const partial = event.type === 'GRANT' && isPartial(event.refusedKinds)
      const outcome = event.type === 'REFUSE' ? ('refuse' as const) : partial ? ('partial' as const) : ('grant' as const)
      const grounds = event.type === 'REFUSE' || (event.type === 'GRANT' && partial) ? (event.grounds ?? []).map((g) => g.trim()) : []
      return {
        decision: { outcome, by: by(event), at: at(event) },
        grounds,
        refusedKinds: partial && event.type === 'GRANT' ? [...(event.refusedKinds ?? [])] : [],
      }
    }),
    countDelivery: assign(({ context, event }) => ({
      deliveries: context.deliveries + 1,
      lastDeliveredAt: 'deliveredAt' in event ? event.deliveredAt : context.lastDeliveredAt,
    })),
    // ADR 064: the returned answer is not counted as given; the date of the last one given goes with it.
    uncountDelivery: assign(({ context }) => ({ deliveries: Math.max(0, context.deliveries - 1), lastDeliveredAt: null })),
    assignWithdrawal: assign(({ event }) => ({
      withdrawal: { by: by(event), at: at(event), reason: event.type === 'WITHDRAW' ? event.reason?.trim() || null : null },
    })),
    assignStop: assign(({ event }) => ({
      stopped: { by: by(event), at: at(event), reason: event.type === 'STOP_PERIODIC' ? event.reason?.trim() || null : null },
    })),
  },
  guards: {
    actorMayAct: ({ event }) => roleAllowed(event.type, event.actor.roles),
    hasRegistrationNumber: ({ event }) => event.type === 'REGISTER' && isRegistrationNumber(event.registrationNumber),
    hasGrounds: ({ event }) => 'grounds' in event && hasGrounds(event.grounds),
    isWrittenRefusal: ({ event }) => event.type === 'REFUSE_ACCEPTANCE' && event.form === 'written',
    isOralRefusal: ({ event }) => event.type === 'REFUSE_ACCEPTANCE' && event.form === 'oral',
    hasCorrectionItems: ({ event }) => event.type === 'REQUEST_CORRECTION' && hasItems(event.items),
    hasComment: ({ event }) => 'comment' in event && hasComment(event.comment),
    hasValidProposal: ({ event }) =>
      event.type === 'FORWARD' && validProposal(event.proposal, event.proposedGrounds, event.proposedRefusedKinds),
    isPartialGrant: ({ context, event }) =>
      event.type === 'GRANT' &&
      isPartial(event.refusedKinds) &&
      hasGrounds(event.grounds) &&
      partialProblem(context.kinds, event.refusedKinds) === null,
    isWholeGrant: ({ event }) => event.type === 'GRANT' && !isPartial(event.refusedKinds),
    hasDeliveryDetails: ({ event }) => (event.type === 'DELIVER' || event.type === 'DELIVER_PERIODIC') && payloadProblem(event) === null,
    hasWithdrawalBasis: ({ event }) => event.type === 'WITHDRAW' && withdrawalBasis(event),
    hasStopBasis: ({ event }) => event.type === 'STOP_PERIODIC' && withdrawalBasis(event),
    hasReturnReason: ({ event }) => event.type === 'LETTER_RETURNED' && payloadProblem(event) === null,
    isPeriodic: ({ context }) => context.periodicity !== 'once',
  },
})

// After registration the log row gets its «результат» (Порядок 3.1.1: the log is the record of every application).
// ADR 119: first, in every state, what waits to go to the applicant is cancelled — before the withdrawal's own notice
// to the responsible employee is queued, so that one stays.
const withdrawEffects = appSetup.enqueueActions(({ context, enqueue }) => {
  enqueue('cancelPendingDelivery')
  if (context.registrationNumber !== null) enqueue('recordLogResult')
  enqueue('notifyResponsible')
})
// An application may ask for both the information and the access credentials (the form's last line).
// After a partial decision only the granted kinds are sent: the refused ones went in the refusal notice.
export const deliveryDocuments = appSetup.enqueueActions(({ context, enqueue }) => {
  const granted = context.kinds.filter((kind) => !(context.refusedKinds ?? []).includes(kind))
  if (context.kinds.length === 0 || granted.some((kind) => kind !== 'access')) enqueue('queueExtract')
  if (granted.includes('access')) enqueue('queueCredentialsLetter')
})
export const WITHDRAW = {
  guard: and(['actorMayAct', 'hasWithdrawalBasis']),
  target: 'withdrawn',
  actions: ['assignWithdrawal', withdrawEffects],
} as const
