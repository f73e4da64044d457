// Applications written before the door kept `answeredAt` and the stage spans (migration 20261205124000) get them
// here once, at start-up after the migrations: the same pure functions the door uses, through Prisma (no raw SQL, so
// the PostgreSQL build needs no twin). Derived columns only — no state, audit or log row changes.
import type { PrismaClient as Db } from '#app/generated/prisma/client'
import { ANSWER_EVENTS, answerInstant, stageSpans } from '#workflows/metrics'
import { parseEventData } from './json-columns'

const BATCH = 500

const DONE = 'stage-spans-filled'

/**
 * Fills the missing spans of each school once (a setting marks it done, so later starts read nothing); returns how
 * many applications it completed.
 */
export async function fillStageSpans(db: Db): Promise<number> {
  let filled = 0
  for (const school of await db.school.findMany({ select: { id: true } })) {
    const key = { schoolId_key: { schoolId: school.id, key: DONE } }
    if (await db.setting.findUnique({ where: key })) continue
    filled += await fillSchool(db, school.id)
    await db.setting.upsert({ where: key, create: { schoolId: school.id, key: DONE, value: new Date().toISOString() }, update: {} })
  }
  return filled
}

async function fillSchool(db: Db, schoolId: string): Promise<number> {
  let filled = 0
  let after = ''
  for (;;) {
    const apps = await db.application.findMany({
      where: {
        schoolId,
        id: { gt: after },
        OR: [
          { registeredAt: { not: null }, registrationSpan: null },
          { registeredAt: { not: null }, decidedAt: { not: null }, reviewSpan: null },
          { answeredAt: null, events: { some: { event: { in: [...ANSWER_EVENTS] } } } },
        ],
      },
      orderBy: { id: 'asc' },
      take: BATCH,
      select: {
        id: true,
        receivedAt: true,
        registeredAt: true,
        decidedAt: true,
        answeredAt: true,
        events: { where: { event: { in: [...ANSWER_EVENTS] } }, orderBy: { at: 'asc' }, take: 1, select: { at: true, data: true } },
      },
    })
    if (!apps.length) return filled
    for (const app of apps) {
      const first = app.events[0]
      let answeredAt = app.answeredAt
      if (!answeredAt && first) {
        try {
          answeredAt = answerInstant(parseEventData(first.data), first.at)
        } catch {
          answeredAt = first.at
        }
      }
      await db.application.update({ where: { id: app.id }, data: { answeredAt, ...stageSpans({ ...app, answeredAt }) } })
      filled++
    }
    after = apps[apps.length - 1].id
  }
}
