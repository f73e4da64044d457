// School events (Положение 3.6, ADR 067): kept by the administration on /staff/events, read by the parent's e-diary.
// Each save and delete writes an audit row; an event's classes are replaced with it in one transaction.
import { db } from '#app/utils/db.server'
import { auditRow } from '#app/models/audit.server'
import { eventAudience, type EventInput } from '#workflows/school-events'
import type { LocalDay } from '#workflows/time'

export type SchoolEventRow = {
  id: string
  date: LocalDay
  time: string
  title: string
  place: string
  classIds: string[]
  /** «вся школа», «5А класс», «классы 5А, 5Б». */
  audience: string
}

const SELECT = {
  id: true,
  date: true,
  time: true,
  title: true,
  place: true,
  classes: { select: { class: { select: { id: true, name: true, grade: true, letter: true } } } },
} as const

type Loaded = { id: string; date: string; time: string; title: string; place: string; classes: Array<{ class: ClassRef }> }
type ClassRef = { id: string; name: string; grade: number; letter: string }

function toRow(e: Loaded): SchoolEventRow {
  const classes = e.classes.map((c) => c.class).sort((a, b) => a.grade - b.grade || a.letter.localeCompare(b.letter, 'ru'))
  return {
    id: e.id,
    date: e.date,
    time: e.time,
    title: e.title,
    place: e.place,
    classIds: classes.map((c) => c.id),
    audience: eventAudience(classes.map((c) => c.name)),
  }
}

const order = [{ date: 'asc' as const }, { time: 'asc' as const }, { title: 'asc' as const }]

/** The events of the current academic year and the year's classes, for the staff page. */
export async function getEventsPage(schoolId: string) {
  const year = await db.academicYear.findFirst({
    where: { schoolId, current: true },
    select: {
      name: true,
      startsOn: true,
      endsOn: true,
      classes: { select: { id: true, name: true }, orderBy: [{ grade: 'asc' }, { letter: 'asc' }] },
    },
  })
  const events = year
    ? await db.schoolEvent.findMany({ where: { schoolId, date: { gte: year.startsOn, lte: year.endsOn } }, select: SELECT, orderBy: order })
    : []
  return {
    year: year ? { name: year.name, startsOn: year.startsOn, endsOn: year.endsOn } : null,
    classes: year?.classes ?? [],
    events: events.map(toRow),
  }
}

/**
 * The events of `from`–`to` a pupil of `classId` sees (Положение 3.6): the whole school's and their class's. One query.
 */
export async function eventsForClass(schoolId: string, classId: string, from: LocalDay, to: LocalDay): Promise<SchoolEventRow[]> {
  const events = await db.schoolEvent.findMany({
    where: { schoolId, date: { gte: from, lte: to }, OR: [{ classes: { none: {} } }, { classes: { some: { classId } } }] },
    select: SELECT,
    orderBy: order,
  })
  return events.map(toRow)
}

type Staff = { id: string; schoolId: string }
type EventResult = { ok: true; message: string } | { ok: false; message: string; field?: string }

/** Creates (no id) or changes an event of the user's school; checks the date is in the year and the classes are its. */
export async function saveSchoolEvent(user: Staff, input: EventInput): Promise<EventResult> {
  const { year, classes } = await getEventsPage(user.schoolId)
  if (!year) return { ok: false, message: 'В журнале не задан текущий учебный год' }
  if (input.date < year.startsOn || input.date > year.endsOn)
    return { ok: false, field: 'date', message: `Дата должна быть в пределах учебного года ${year.name}` }
  const known = new Set(classes.map((c) => c.id))
  if (input.classes.some((id) => !known.has(id))) return { ok: false, field: 'classes', message: 'Неизвестный класс: обновите страницу' }
  const classIds = [...new Set(input.classes)]
  const data = { date: input.date, time: input.time, title: input.title, place: input.place }
  if (input.id) {
    const found = await db.schoolEvent.findFirst({ where: { id: input.id, schoolId: user.schoolId }, select: { id: true } })
    if (!found) return { ok: false, message: 'Мероприятие не найдено: возможно, его уже удалили' }
  }
  await db.$transaction(async (tx) => {
    const id = input.id
      ? (await tx.schoolEvent.update({ where: { id: input.id }, data, select: { id: true } })).id
      : (await tx.schoolEvent.create({ data: { ...data, schoolId: user.schoolId }, select: { id: true } })).id
    await tx.schoolEventClass.deleteMany({ where: { eventId: id } })
    if (classIds.length) await tx.schoolEventClass.createMany({ data: classIds.map((classId) => ({ eventId: id, classId })) })
    await tx.auditEvent.create({
      data: auditRow({
        schoolId: user.schoolId,
        userId: user.id,
        action: input.id ? 'update:school-event' : 'create:school-event',
        entity: 'SchoolEvent',
        entityId: id,
        data: { ...data, classes: classIds },
      }),
    })
  })
  return { ok: true, message: input.id ? `Мероприятие «${input.title}» изменено` : `Мероприятие «${input.title}» добавлено` }
}

export async function deleteSchoolEvent(user: Staff, id: string): Promise<EventResult> {
  const found = await db.schoolEvent.findFirst({ where: { id, schoolId: user.schoolId }, select: { id: true, title: true, date: true } })
  if (!found) return { ok: false, message: 'Мероприятие не найдено: возможно, его уже удалили' }
  await db.$transaction([
    db.schoolEvent.delete({ where: { id } }),
    db.auditEvent.create({
      data: auditRow({
        schoolId: user.schoolId,
        userId: user.id,
        action: 'delete:school-event',
        entity: 'SchoolEvent',
        entityId: id,
        data: found,
      }),
    }),
  ])
  return { ok: true, message: `Мероприятие «${found.title}» удалено` }
}
