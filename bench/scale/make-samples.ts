// Drives a small set of applications through the real procedure (operations → machine → one transactional door),
// so that bench/scale/grow.ts clones rows exactly as the product writes them: snapshots, events, log rows, outbox
// jobs, deliveries. Run by grow.ts with DATABASE_URL pointing at a copy of the seeded demo school.
import { db } from '#app/utils/db.server'
import { actorOf, type OperationActor } from '#app/operations/actor'
import { receiveApplication } from '#app/operations/receive-application.server'
import {
  forwardToDirector,
  recordDelivery,
  recordNoticeDelivered,
  refuseAcceptance,
  registerApplication,
  requestCorrection,
  startDelivery,
  startReview,
  withdrawApplication,
} from '#app/operations/steps.server'
import { transitionApplication } from '#app/operations/transition.server'
import type { Channel } from '#workflows/deadlines'

async function actor(login: string): Promise<OperationActor> {
  const user = await db.user.findUniqueOrThrow({ where: { login }, include: { roles: true, staff: true } })
  return actorOf({ id: user.id, displayName: `${user.staff?.lastName} ${user.staff?.firstName}`, roles: user.roles.map((r) => r.role) })
}

type Plan = { channel: Channel; delivery: 'in_person' | 'post' | 'email'; periodicity: string; upTo: string; kinds: string[] }

const KINDS = [['marks', 'attendance'], ['marks', 'homework', 'topics'], ['timetable'], ['access'], ['attendance']]
const CHANNELS: Channel[] = ['online', 'in_person', 'email', 'post', 'online']
const DELIVERY = ['email', 'in_person', 'email', 'post', 'email'] as const
// How far each sample goes: the mix of a school year (most are answered; a few are in every open state).
const STOPS = [
  'delivered',
  'delivered',
  'delivered',
  'delivered',
  'delivered',
  'delivered',
  'delivered',
  'delivered',
  'refused_delivered',
  'received',
  'registered',
  'in_review',
  'correction_requested',
  'awaiting_decision',
  'granted',
  'delivering',
  'acceptance_refused',
  'withdrawn',
  'refused',
]

async function main() {
  const school = await db.school.findFirstOrThrow()
  const [responsible, director] = [await actor('responsible'), await actor('director')]
  const pupils = await db.pupil.findMany({
    where: { leftOn: null },
    include: { class: true, guardians: { include: { guardian: true } } },
    take: 60,
    orderBy: { id: 'asc' },
  })
  let made = 0
  for (let i = 0; i < STOPS.length * 2; i++) {
    const stop = STOPS[i % STOPS.length]
    const pupil = pupils[i % pupils.length]
    const g = pupil.guardians[0]?.guardian
    if (!g) continue
    const plan: Plan = {
      channel: CHANNELS[i % 5],
      delivery: DELIVERY[i % 5],
      periodicity: i % 7 === 0 ? 'monthly' : 'once',
      upTo: stop,
      kinds: KINDS[i % KINDS.length],
    }
    const data = {
      applicant: {
        lastName: g.lastName,
        firstName: g.firstName,
        middleName: g.middleName,
        identityDocument: 'паспорт 6310 123456, выдан 01.02.2015',
        postalAddress: g.postalAddress || 'г. Саратов, ул. Чапаева, д. 1, кв. 1',
        email: g.email || 'parent@example.ru',
        phone: g.phone,
      },
      pupil: { lastName: pupil.lastName, firstName: pupil.firstName, middleName: pupil.middleName, className: pupil.class.name },
      kinds: plan.kinds,
      periodicity: plan.periodicity,
      delivery: plan.delivery,
    }
    const { application } = await receiveApplication({
      schoolId: school.id,
      channel: plan.channel,
      data,
      actor: { userId: null, name: 'Заявитель', roles: ['applicant'] },
    })
    const t = { applicationId: application.id, schoolId: school.id }
    const go = async () => {
      if (stop === 'received') return
      if (stop === 'acceptance_refused')
        return refuseAcceptance({ ...t, actor: responsible, grounds: ['не представлен документ, удостоверяющий личность'], form: 'oral' })
      await registerApplication({ ...t, actor: responsible, inPerson: plan.channel === 'in_person', originalsShown: true })
      if (stop === 'registered') return
      if (stop === 'withdrawn') return withdrawApplication({ ...t, actor: responsible, reason: 'по заявлению' })
      await startReview({ ...t, actor: responsible })
      if (stop === 'in_review') return
      if (stop === 'correction_requested') return requestCorrection({ ...t, actor: responsible, items: ['укажите класс'] })
      const refuse = stop === 'refused' || stop === 'refused_delivered'
      await forwardToDirector({
        ...t,
        actor: responsible,
        comment: 'Проверено',
        proposal: refuse ? 'refuse' : 'grant',
        proposedGrounds: refuse ? ['отсутствие запрашиваемой информации в ЭД и ЭЖ'] : [],
      })
      if (stop === 'awaiting_decision') return
      await transitionApplication({
        ...t,
        actor: director,
        event: refuse ? { type: 'REFUSE', grounds: ['отсутствие запрашиваемой информации в ЭД и ЭЖ'] } : { type: 'GRANT' },
      })
      if (stop === 'granted' || stop === 'refused') return
      if (stop === 'refused_delivered') return recordNoticeDelivered({ ...t, actor: responsible })
      await startDelivery({ ...t, actor: responsible })
      if (stop === 'delivering') return
      await recordDelivery({ ...t, actor: responsible, deliveredAt: new Date(), channel: plan.delivery })
    }
    try {
      await go()
      made++
    } catch (error) {
      // A sample the machine refuses (e.g. a periodic application's states) is dropped: the mix stays real.
      console.error(`образец ${i} (${stop}) пропущен: ${(error as Error).message}`)
    }
  }
  console.log(`образцов: ${made}`)
  await db.$disconnect()
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
