// Расписание звонков per shift and the classes of the second shift (Положение 4.1.5: the ЭЖ administrator loads «режим
// работы школы»). Read by the e-diary week, the timetable and the extracts; written on /admin/bells with an audit row.
import { db } from '#app/utils/db.server'
import { recordAudit } from '#app/models/audit.server'
import { SHIFTS, bellsForShift, clearShiftProblem, type Bell, type Shift } from '#workflows/bells'

type ShiftBells = { shift: Shift; bells: Bell[] }

/** Every bell of the school, each with its shift, in lesson order. One query. */
export async function schoolBells(schoolId: string) {
  return db.bellPeriod.findMany({
    where: { schoolId },
    select: { shift: true, period: true, startsAt: true, endsAt: true },
    orderBy: [{ shift: 'asc' }, { period: 'asc' }],
  })
}

/** The bells a class of `shift` follows (the first shift's when its own shift has none). */
export async function bellsOfShift(schoolId: string, shift: number): Promise<Bell[]> {
  return bellsForShift(await schoolBells(schoolId), shift).map(({ period, startsAt, endsAt }) => ({ period, startsAt, endsAt }))
}

export async function getBellSettings(schoolId: string) {
  const [bells, year] = await Promise.all([
    schoolBells(schoolId),
    db.academicYear.findFirst({
      where: { schoolId, current: true },
      select: {
        classes: { select: { name: true, grade: true, letter: true, shift: true }, orderBy: [{ grade: 'asc' }, { letter: 'asc' }] },
      },
    }),
  ])
  const classes = year?.classes ?? []
  return {
    shifts: SHIFTS.map((shift): ShiftBells => ({
      shift,
      bells: bells.filter((b) => b.shift === shift).map(({ period, startsAt, endsAt }) => ({ period, startsAt, endsAt })),
    })),
    classNames: classes.map((c) => c.name),
    secondShift: classes.filter((c) => c.shift === 2).map((c) => c.name),
  }
}

type Admin = { id: string; schoolId: string }

/**
 * Replaces one shift's bells in one transaction, with the audit row. Emptying a shift that has bells needs
 * `confirmClear` (workflows/bells.ts clearShiftProblem): otherwise nothing changes and the message says why.
 */
export async function saveShiftBells(
  user: Admin,
  shift: Shift,
  bells: Bell[],
  confirmClear: boolean,
): Promise<{ ok: true } | { ok: false; message: string }> {
  const problem = await db.$transaction(async (tx) => {
    const current = await tx.bellPeriod.count({ where: { schoolId: user.schoolId, shift } })
    const refused = clearShiftProblem(shift, current, bells.length, confirmClear)
    if (refused) return refused
    await tx.bellPeriod.deleteMany({ where: { schoolId: user.schoolId, shift } })
    await tx.bellPeriod.createMany({ data: bells.map((b) => ({ schoolId: user.schoolId, shift, ...b })) })
    return null
  })
  if (problem) return { ok: false, message: problem }
  await recordAudit({
    schoolId: user.schoolId,
    userId: user.id,
    action: 'update:bells',
    entity: 'BellPeriod',
    entityId: String(shift),
    data: { shift, bells },
  })
  return { ok: true }
}

/** The classes of the current year that study in the second shift; every other class is in the first. */
export async function saveSecondShift(user: Admin, names: string[]) {
  const year = await db.academicYear.findFirst({ where: { schoolId: user.schoolId, current: true }, select: { id: true, name: true } })
  if (!year) return
  await db.$transaction([
    db.schoolClass.updateMany({ where: { academicYearId: year.id, name: { notIn: names } }, data: { shift: 1 } }),
    db.schoolClass.updateMany({ where: { academicYearId: year.id, name: { in: names } }, data: { shift: 2 } }),
  ])
  await recordAudit({
    schoolId: user.schoolId,
    userId: user.id,
    action: 'update:class-shifts',
    entity: 'ClassShifts',
    entityId: year.name,
    data: { secondShift: names },
  })
}
