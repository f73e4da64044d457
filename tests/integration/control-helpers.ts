// Builds applications with known timings through the real operations (explicit `now` for every step).
import { db } from '#app/utils/db.server'
import type { OperationActor } from '#app/operations/actor'
import {
  forwardToDirector,
  recordDelivery,
  recordNoticeDelivered,
  refuseAcceptance,
  registerApplication,
  startDelivery,
  startReview,
} from '#app/operations/steps.server'
import { transitionApplication } from '#app/operations/transition.server'
import { receive, staffActor } from '#tests/helpers/applications'
import type { Channel } from '#workflows/deadlines'

/** School time (Saratov, UTC+4): '2026-10-05T10:00' → the instant. */
export const T = (local: string) => new Date(`${local}+04:00`)
const plus = (local: string, minutes: number) => new Date(T(local).getTime() + minutes * 60_000)

export type Spec = {
  channel: Channel
  className?: string
  receivedAt: string
  register?: { at: string; by?: OperationActor }
  refuseAcceptance?: { at: string; grounds: string[] }
  forwardAt?: string
  decide?: { at: string; outcome: 'grant' | 'refuse'; grounds?: string[] }
  /** The hand-over of the extract or of the refusal notice; `record: false` leaves out the Delivery row. */
  deliver?: { at: string; by?: OperationActor; record?: boolean }
}

export async function build(spec: Spec) {
  const responsible = await staffActor('responsible')
  const director = await staffActor('director')
  const app = await receive(spec.channel, spec.className ?? '5А', {}, T(spec.receivedAt))
  const t = { applicationId: app.id, schoolId: app.schoolId }
  if (spec.refuseAcceptance) {
    await refuseAcceptance({
      ...t,
      actor: responsible,
      grounds: spec.refuseAcceptance.grounds,
      form: 'oral',
      now: T(spec.refuseAcceptance.at),
    })
  }
  if (spec.register) {
    const at = spec.register.at
    await registerApplication({
      ...t,
      actor: spec.register.by ?? responsible,
      inPerson: spec.channel === 'in_person',
      originalsShown: true,
      now: T(at),
    })
    await startReview({ ...t, actor: responsible, now: plus(at, 1) })
  }
  if (spec.forwardAt) {
    const refuse = spec.decide?.outcome === 'refuse'
    await forwardToDirector({
      ...t,
      actor: responsible,
      comment: 'Проверено',
      proposal: refuse ? 'refuse' : 'grant',
      proposedGrounds: refuse ? spec.decide!.grounds : [],
      now: T(spec.forwardAt),
    })
  }
  if (spec.decide) {
    const d = spec.decide
    const event = d.outcome === 'grant' ? ({ type: 'GRANT' } as const) : ({ type: 'REFUSE', grounds: d.grounds ?? [] } as const)
    await transitionApplication({ ...t, actor: director, event, now: T(d.at) })
    if (d.outcome === 'grant') await startDelivery({ ...t, actor: responsible, now: plus(d.at, 1) })
  }
  if (spec.deliver) {
    const by = spec.deliver.by ?? responsible
    const at = T(spec.deliver.at)
    const grant = spec.decide?.outcome === 'grant'
    if (grant) await recordDelivery({ ...t, actor: by, deliveredAt: at, channel: 'email', now: at })
    else await recordNoticeDelivered({ ...t, actor: by, now: at })
    if (spec.deliver.record !== false) {
      // The post-room's record of the hand-over (a Delivery row), written directly so the fixture does not follow
      // the delivery screens' API.
      const kind = grant ? 'extract' : 'refusal-notice'
      await db.delivery.create({
        data: {
          applicationId: app.id,
          idempotencyKey: `${app.id}:${kind}`,
          kind,
          channel: 'email',
          status: 'emailed',
          deliveredAt: at,
          recordedBy: by.name,
        },
      })
    }
  }
  return db.application.findUniqueOrThrow({ where: { id: app.id } })
}

/** Handed out in time (October): a settled application of the dashboard tests (ADR 075, 078). */
export const OCTOBER_DELIVERED: Spec = {
  channel: 'post',
  receivedAt: '2026-10-05T10:00',
  register: { at: '2026-10-05T12:00' },
  forwardAt: '2026-10-08T10:00',
  decide: { at: '2026-10-12T10:00', outcome: 'grant' },
  deliver: { at: '2026-10-20T10:00' },
}

/** Registered late, refused, the notice handed out (October). */
export const OCTOBER_REFUSED: Spec = {
  channel: 'email',
  receivedAt: '2026-10-06T10:00',
  register: { at: '2026-10-09T12:00' }, // late
  forwardAt: '2026-10-12T10:00',
  decide: { at: '2026-10-20T10:00', outcome: 'refuse', grounds: ['Обращение анонимное'] },
  deliver: { at: '2026-10-22T10:00' },
}

/** The two, and two applications received at the end of October and left open. */
export async function buildOctober() {
  const delivered = await build(OCTOBER_DELIVERED)
  const refused = await build(OCTOBER_REFUSED)
  const openIds: string[] = []
  for (const receivedAt of ['2026-10-25T10:00', '2026-10-26T10:00']) openIds.push((await build({ channel: 'post', receivedAt })).id)
  return { schoolId: delivered.schoolId, deliveredId: delivered.id, refusedId: refused.id, openIds }
}
