// «Сводная ведомость учёта движения учащихся» (Положение 4.3.8) and «динамика движения обучающихся по школе;
// наполняемость классов» (4.6.3): per class of the current year, the pupils at its start, who arrived, left or moved
// between classes, and how many there are now, with each movement listed. Read from the movements the pupils' import
// records (Положение 4.1.7, 4.3.5).
import { db } from '#app/utils/db.server'
import { formatDate } from '#workflows/time'
import { fullName, listClasses } from './school.server'

const KIND_LABELS: Record<string, string> = { arrived: 'прибыл(а)', left: 'выбыл(а)', moved: 'переведён(а)' }

/** The school's classes (or the classes `classTeacherId` leads), or null when the school has no current year. */
export async function getMovementReport(schoolId: string, classTeacherId: string | null) {
  const year = await db.academicYear.findFirst({ where: { schoolId, current: true }, select: { name: true, startsOn: true } })
  if (!year) return null
  const classes = await listClasses(schoolId, classTeacherId ? { classTeacherId } : {})
  const ids = classes.map((c) => c.id)
  const movements = await db.pupilMovement.findMany({
    where: { date: { gte: year.startsOn }, pupil: { schoolId }, OR: [{ fromClassId: { in: ids } }, { toClassId: { in: ids } }] },
    include: { pupil: { select: { lastName: true, firstName: true, middleName: true } } },
    orderBy: [{ date: 'asc' }, { createdAt: 'asc' }],
  })
  const nameOf = new Map(classes.map((c) => [c.id, c.name]))
  const rows = classes.map((c) => {
    const count = (kind: string, side: 'fromClassId' | 'toClassId') => movements.filter((m) => m.kind === kind && m[side] === c.id).length
    const arrived = count('arrived', 'toClassId')
    const movedIn = count('moved', 'toClassId')
    const left = count('left', 'fromClassId')
    const movedOut = count('moved', 'fromClassId')
    return { className: c.name, atStart: c.pupils - arrived - movedIn + left + movedOut, arrived, movedIn, left, movedOut, now: c.pupils }
  })
  const sum = (key: 'atStart' | 'arrived' | 'movedIn' | 'left' | 'movedOut' | 'now') => rows.reduce((n, r) => n + r[key], 0)
  return {
    year: year.name,
    from: formatDate(year.startsOn),
    rows,
    total: {
      atStart: sum('atStart'),
      arrived: sum('arrived'),
      movedIn: sum('movedIn'),
      left: sum('left'),
      movedOut: sum('movedOut'),
      now: sum('now'),
    },
    movements: movements.map((m) => ({
      id: m.id,
      date: formatDate(m.date),
      pupil: fullName(m.pupil),
      kind: KIND_LABELS[m.kind] ?? m.kind,
      from: m.fromClassId ? (nameOf.get(m.fromClassId) ?? '—') : '—',
      to: m.toClassId ? (nameOf.get(m.toClassId) ?? '—') : '—',
      note: m.note,
    })),
  }
}
