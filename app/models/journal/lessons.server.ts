import { db } from '#app/utils/db.server'
import { membershipGroupIds, visibleToPupil, type ResolvedRange } from '#workflows/journal-rules'
import type { PupilContext } from './context.server'

export type PupilLesson = {
  id: string
  groupId: string
  date: string
  period: number
  subject: string
  topic: string
  kind: string
  homework: string
  homeworkDueOn: string | null
}

/** The lessons of the pupil's own groups over the dates of membership (Положение 4.4.9), in date order: one Prisma call. */
async function lessonsOfPupil(ctx: PupilContext, range: ResolvedRange): Promise<PupilLesson[]> {
  const groupIds = membershipGroupIds(ctx.memberships, range.from, range.until)
  if (groupIds.length === 0) return []
  const lessons = await db.lesson.findMany({
    where: { groupId: { in: groupIds }, date: { gte: range.from, lte: range.until } },
    select: {
      id: true,
      groupId: true,
      date: true,
      period: true,
      topic: true,
      kind: true,
      homework: true,
      homeworkDueOn: true,
      subject: { select: { name: true } },
    },
    orderBy: [{ date: 'asc' }, { period: 'asc' }],
  })
  return visibleToPupil(lessons, ctx.memberships).map((l) => ({ ...l, subject: l.subject.name }))
}

/** Memoised per answer, so homework and topics share one read. */
export function lessonLoader(ctx: PupilContext, range: ResolvedRange): () => Promise<PupilLesson[]> {
  let pending: Promise<PupilLesson[]> | null = null
  return () => (pending ??= lessonsOfPupil(ctx, range))
}
