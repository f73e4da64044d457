// Final marks new to the parent (Порядок 2.5 ¶7, Положение 9.3): the e-diary names the marks set in the last days
// above both views, beside the letter the parent got.
import { db } from '#app/utils/db.server'
import { formatDate } from '#workflows/time'

/** How long a final mark counts as new on the parent's page. */
const NEW_FINAL_MARK_DAYS = 7

type NewFinalMarks = { periodId: string; period: string; setAt: Date; marks: Array<{ subject: string; value: string }> }

/** The pupil's final marks set by an import within NEW_FINAL_MARK_DAYS of `now`, grouped by period, newest first. */
export async function newFinalMarks(
  pupilId: string,
  timeZone: string,
  now = new Date(),
): Promise<Array<Omit<NewFinalMarks, 'setAt'> & { setOn: string }>> {
  const rows = await db.finalMark.findMany({
    where: { pupilId, setAt: { gte: new Date(now.getTime() - NEW_FINAL_MARK_DAYS * 86_400_000) } },
    select: { value: true, setAt: true, periodId: true, period: { select: { name: true } }, subject: { select: { name: true } } },
  })
  const byPeriod = new Map<string, NewFinalMarks>()
  for (const r of rows) {
    const group = byPeriod.get(r.periodId) ?? { periodId: r.periodId, period: r.period.name, setAt: r.setAt!, marks: [] }
    group.marks.push({ subject: r.subject.name, value: r.value })
    if (r.setAt! > group.setAt) group.setAt = r.setAt!
    byPeriod.set(r.periodId, group)
  }
  for (const g of byPeriod.values()) g.marks.sort((a, b) => a.subject.localeCompare(b.subject, 'ru'))
  return [...byPeriod.values()]
    .sort((a, b) => b.setAt.getTime() - a.setAt.getTime())
    .map(({ setAt, ...g }) => ({ ...g, setOn: formatDate(setAt, timeZone) }))
}
