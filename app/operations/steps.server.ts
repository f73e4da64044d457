// The procedure's steps as verbs (Порядок 3.1.1–3.3). Each checks its own inputs, then goes through the one
// door, transitionApplication, which asks the machine and writes state, audit, log and outbox together.
import type { OperationActor } from './actor'
import { OperationError } from './errors'
import { transitionApplication, type Within } from './transition.server'
import { cleanLine, cleanMultiline } from '#app/utils/text'
import { adoptUploads, dropStaged, stageUpload } from '#app/utils/uploads.server'

/** `within`: writes that belong to the step and commit with it (the Delivery rows of a hand-over, hand-over.server.ts). */
type Target = { applicationId: string; schoolId: string; actor: OperationActor; expectedVersion?: number; now?: Date; within?: Within }

// ADR 027: staff's and applicants' free text is cleaned of control characters here, for every form that reaches
// a step (grounds and items one per line, comments and notes multi-line).
const cleanList = (items: readonly string[]) => items.map((s) => cleanLine(s).trim()).filter(Boolean)
const cleanNote = (text: string | undefined) => (text === undefined ? undefined : cleanMultiline(text).trim() || undefined)

/** Порядок 3.1.1: registration in the log; in person the desk confirms the originals were shown. */
export function registerApplication(t: Target & { originalsShown?: boolean; inPerson?: boolean }) {
  if (t.inPerson && !t.originalsShown) {
    throw new OperationError(
      'Отметьте, что предъявлены паспорт и документ, подтверждающий статус законного представителя (Порядок 2.7)',
      400,
      { originalsShown: 'Обязательно при личном обращении' },
    )
  }
  return transitionApplication({ ...t, event: { type: 'REGISTER', registrationNumber: 0 } })
}

/** Порядок 3.1.1: told orally (recorded) or, on request, a written notice signed by the director. */
export function refuseAcceptance(t: Target & { grounds: string[]; form: 'oral' | 'written' }) {
  return transitionApplication({ ...t, event: { type: 'REFUSE_ACCEPTANCE', grounds: cleanList(t.grounds), form: t.form } })
}

export function startReview(t: Target) {
  return transitionApplication({ ...t, event: { type: 'START_REVIEW' } })
}

export function requestCorrection(t: Target & { items: string[] }) {
  return transitionApplication({ ...t, event: { type: 'REQUEST_CORRECTION', items: cleanList(t.items) } })
}

/**
 * The applicant's correction, with the missing document when one is sent. The file is written first and its row
 * commits with the step: a refused step (a stale page, 409) leaves no row and removes the file, so posting a stale
 * form again and again does not pile files up on the application.
 */
export async function submitCorrection(t: Target & { note?: string; file?: { bytes: Uint8Array; name: string } }) {
  const staged = t.file ? [await stageUpload(t.file.bytes, t.file.name, 'correction')] : []
  const target = { schoolId: t.schoolId, applicationId: t.applicationId }
  try {
    return await transitionApplication({
      ...t,
      event: { type: 'SUBMIT_CORRECTION', note: cleanNote(t.note) },
      within: async (tx, app, event) => {
        await t.within?.(tx, app, event)
        await adoptUploads(tx, staged, target)
      },
    })
  } catch (error) {
    await dropStaged(staged)
    throw error
  }
}

/** Порядок 3.1.2: the responsible employee proposes a decision to the director. */
export function forwardToDirector(
  t: Target & { comment: string; proposal: 'grant' | 'refuse' | 'partial'; proposedGrounds?: string[]; proposedRefusedKinds?: string[] },
) {
  return transitionApplication({
    ...t,
    event: {
      type: 'FORWARD',
      comment: cleanMultiline(t.comment).trim(),
      proposal: t.proposal,
      proposedGrounds: cleanList(t.proposedGrounds ?? []),
      proposedRefusedKinds: cleanList(t.proposedRefusedKinds ?? []),
    },
  })
}

export function returnToReview(t: Target & { comment: string }) {
  return transitionApplication({ ...t, event: { type: 'RETURN_TO_REVIEW', comment: cleanMultiline(t.comment).trim() } })
}

export function startDelivery(t: Target) {
  return transitionApplication({ ...t, event: { type: 'START_DELIVERY' } })
}

/** Hand-over in person, posting (with a tracking number) or e-mail — recorded with the date. */
export function recordDelivery(t: Target & { deliveredAt: Date; channel: 'in_person' | 'post' | 'email'; recipient?: string }) {
  return transitionApplication({
    ...t,
    event: {
      type: 'DELIVER',
      deliveredAt: t.deliveredAt.toISOString(),
      channel: t.channel,
      recipient: t.recipient === undefined ? undefined : cleanLine(t.recipient).trim() || undefined,
    },
  })
}

export function recordPeriodicDelivery(t: Target & { deliveredAt: Date }) {
  return transitionApplication({ ...t, event: { type: 'DELIVER_PERIODIC', deliveredAt: t.deliveredAt.toISOString() } })
}

export function completeYear(t: Target) {
  return transitionApplication({ ...t, event: { type: 'YEAR_ENDED' } })
}

export function recordNoticeDelivered(t: Target) {
  return transitionApplication({ ...t, event: { type: 'NOTICE_DELIVERED' } })
}

/** The applicant no longer wants the periodic extracts (staff: on the applicant's written request, cited in reason). */
export function stopPeriodicApplication(t: Target & { reason?: string }) {
  return transitionApplication({ ...t, event: { type: 'STOP_PERIODIC', reason: cleanNote(t.reason) } })
}

export function withdrawApplication(t: Target & { reason?: string }) {
  return transitionApplication({ ...t, event: { type: 'WITHDRAW', reason: cleanNote(t.reason) } })
}
