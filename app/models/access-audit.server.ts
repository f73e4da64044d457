// Who saw whose personal data, when and from where (152-ФЗ, ст. 18.1–19: the operator keeps track of access).
// Searches the AuditEvent trail by pupil, by applicant or by user. A class page or journal shows every pupil of
// the class, so a search by pupil lists those views too, marked as views of the whole class.
// Names are compared in JavaScript: SQLite's LIKE ignores case only for Latin letters.
import { db } from '#app/utils/db.server'
import { after, keysetOrder, pageOf } from '#app/utils/keyset.server'
import { ROLE_LABELS, type Role } from '#app/utils/permissions'
import { formatDateTime } from '#workflows/time'
import { actionLabel, objectLabel } from './audit-labels'

export { ACTION_LABELS } from './audit-labels'

export type AccessQuery = { pupil?: string; applicant?: string; user?: string; from?: Date; to?: Date }
export type AccessRow = {
  id: string
  at: string
  user: string
  roles: string
  action: string
  object: string
  wholeClass: boolean
  ip: string
  invalid: boolean
}

export const ACCESS_LIMIT = 500
const MATCH_LIMIT = 50

const norm = (s: string) => s.toLocaleLowerCase('ru').replaceAll('ё', 'е').replace(/\s+/g, ' ').trim()
const matches = (query: string) => (text: string) => norm(text).includes(norm(query))
const full = (p: { lastName: string; firstName: string; middleName: string }) =>
  [p.lastName, p.firstName, p.middleName].filter(Boolean).join(' ')

async function pupilsMatching(schoolId: string, query: string) {
  const pupils = await db.pupil.findMany({
    where: { schoolId },
    select: { id: true, lastName: true, firstName: true, middleName: true, classId: true },
  })
  return pupils.filter((p) => matches(query)(full(p))).slice(0, MATCH_LIMIT)
}

async function applicationsMatching(schoolId: string, where: { pupilIds?: string[]; applicant?: string; pupilNames?: string[] }) {
  const apps = await db.application.findMany({
    where: { schoolId },
    select: { id: true, pupilId: true, pupilName: true, applicantLastName: true, applicantFirstName: true, applicantMiddleName: true },
  })
  return apps
    .filter(
      (a) =>
        (where.pupilIds && a.pupilId && where.pupilIds.includes(a.pupilId)) ||
        (where.pupilNames && where.pupilNames.some((n) => norm(n) === norm(a.pupilName))) ||
        (where.applicant && matches(where.applicant)([a.applicantLastName, a.applicantFirstName, a.applicantMiddleName].join(' '))),
    )
    .map((a) => a.id)
}

async function usersMatching(schoolId: string, query: string) {
  const users = await db.user.findMany({ where: { schoolId }, include: { staff: true, guardian: true } })
  return users
    .filter((u) => {
      const person = u.staff ?? u.guardian
      return matches(query)(u.login) || (person ? matches(query)(full(person)) : false)
    })
    .slice(0, MATCH_LIMIT)
    .map((u) => u.id)
}

/** Builds the OR of the objects searched; null means «nothing can match». */
async function objectFilter(schoolId: string, q: AccessQuery) {
  const or: Array<{ entity: string; entityId: { in: string[] }; action?: { in: string[] } }> = []
  if (q.pupil) {
    const pupils = await pupilsMatching(schoolId, q.pupil)
    const apps = await applicationsMatching(schoolId, { pupilIds: pupils.map((p) => p.id), pupilNames: pupils.map(full) })
    or.push({ entity: 'pupil', entityId: { in: pupils.map((p) => p.id) } })
    or.push({
      entity: 'class',
      entityId: { in: [...new Set(pupils.map((p) => p.classId))] },
      action: { in: ['view:class', 'view:journal'] },
    })
    or.push({ entity: 'application', entityId: { in: apps } })
  }
  if (q.applicant) or.push({ entity: 'application', entityId: { in: await applicationsMatching(schoolId, { applicant: q.applicant }) } })
  return or
}

/**
 * The newest matching events first, ACCESS_LIMIT a page (keyset on at, id: ADR 048); `next` is the cursor of the
 * following page and `truncated` says there is one.
 */
export async function searchAccess(
  schoolId: string,
  q: AccessQuery,
  timeZone: string,
  cursor: string | null = null,
): Promise<{ rows: AccessRow[]; truncated: boolean; next: string | null }> {
  const or = await objectFilter(schoolId, q)
  const userIds = q.user ? await usersMatching(schoolId, q.user) : null
  const events = await db.auditEvent.findMany({
    where: {
      schoolId,
      ...(or.length ? { OR: or } : q.user ? {} : { OR: [{ action: { startsWith: 'view:' } }, { action: { startsWith: 'download:' } }] }),
      ...(userIds ? { userId: { in: userIds } } : {}),
      at: { ...(q.from ? { gte: q.from } : {}), ...(q.to ? { lte: q.to } : {}) },
      AND: [after('at', cursor)],
    },
    orderBy: keysetOrder('at'),
    take: ACCESS_LIMIT + 1,
  })
  const { rows, next } = pageOf(events, ACCESS_LIMIT, (e) => e.at)
  return { rows: await describe(rows, timeZone), truncated: next !== null, next }
}

type EventRow = Awaited<ReturnType<typeof db.auditEvent.findMany>>[number]

async function describe(events: EventRow[], timeZone: string): Promise<AccessRow[]> {
  const ids = (...entities: string[]) => [...new Set(events.filter((e) => entities.includes(e.entity)).map((e) => e.entityId))]
  const userIds = [...new Set([...events.map((e) => e.userId), ...ids('user')].filter((x): x is string => Boolean(x)))]
  const [users, pupils, classes, apps, guardians, documents, checks, inbound] = await Promise.all([
    db.user.findMany({ where: { id: { in: userIds } }, include: { staff: true, guardian: true, roles: true } }),
    db.pupil.findMany({ where: { id: { in: ids('pupil') } }, include: { class: { select: { name: true } } } }),
    db.schoolClass.findMany({ where: { id: { in: ids('class') } }, select: { id: true, name: true } }),
    db.application.findMany({
      where: { id: { in: ids('application') } },
      select: {
        id: true,
        registrationNumber: true,
        receiptNumber: true,
        pupilName: true,
        className: true,
        applicantLastName: true,
        applicantFirstName: true,
        applicantMiddleName: true,
      },
    }),
    db.guardian.findMany({
      where: { id: { in: ids('guardian') } },
      select: { id: true, lastName: true, firstName: true, middleName: true },
    }),
    db.storedDocument.findMany({ where: { id: { in: ids('document', 'StoredDocument') } }, select: { id: true, fileName: true } }),
    // Checks were once recorded with the entity «Setting»: those rows find their check too.
    db.controlCheck.findMany({ where: { id: { in: ids('ControlCheck', 'Setting') } }, select: { id: true, number: true } }),
    db.inboundMessage.findMany({ where: { id: { in: ids('InboundMessage') } }, select: { id: true, fromAddress: true, subject: true } }),
  ])
  const userOf = new Map(users.map((u) => [u.id, u]))
  const account = (u: (typeof users)[number]) => {
    const person = u.staff ?? u.guardian
    return `${person ? full(person) : u.login} (${u.login})`
  }
  const label = new Map<string, string>([
    ...pupils.map((p) => [`pupil:${p.id}`, `обучающийся ${full(p)}, ${p.class.name}`] as const),
    ...classes.map((c) => [`class:${c.id}`, `класс ${c.name} (все обучающиеся)`] as const),
    ...apps.map(
      (a) =>
        [
          `application:${a.id}`,
          `заявление ${a.registrationNumber ? `№ ${a.registrationNumber}` : a.receiptNumber}: ` +
            `${[a.applicantLastName, a.applicantFirstName, a.applicantMiddleName].filter(Boolean).join(' ')} — ${a.pupilName}, ` +
            `${a.className}`,
        ] as const,
    ),
    ...users.map((u) => [`user:${u.id}`, `учётная запись ${account(u)}`] as const),
    ...guardians.map((g) => [`guardian:${g.id}`, `родитель (законный представитель) ${full(g)}`] as const),
    ...documents.flatMap(
      (d) =>
        [
          [`document:${d.id}`, `документ «${d.fileName}»`],
          [`StoredDocument:${d.id}`, `документ «${d.fileName}»`],
        ] as const,
    ),
    ...checks.flatMap(
      (c) =>
        [
          [`ControlCheck:${c.id}`, `проверка № ${c.number}`],
          [`Setting:${c.id}`, `проверка № ${c.number}`],
        ] as const,
    ),
    ...inbound.map(
      (m) =>
        [
          `InboundMessage:${m.id}`,
          `входящее письмо от ${m.fromAddress || 'неизвестного отправителя'}${m.subject ? ` «${m.subject}»` : ''}`,
        ] as const,
    ),
  ])
  return events.map((e) => {
    const u = e.userId ? userOf.get(e.userId) : undefined
    return {
      id: e.id,
      at: formatDateTime(e.at, timeZone),
      user: u ? account(u) : 'без входа (заявитель)',
      roles: u ? u.roles.map((r) => ROLE_LABELS[r.role as Role] ?? r.role).join(', ') : '',
      action: actionLabel(e.action),
      object: e.entity ? (label.get(`${e.entity}:${e.entityId}`) ?? objectLabel(e.entity, e.entityId)) : '',
      wholeClass: e.entity === 'class',
      ip: e.ip || '—',
      invalid: e.invalid,
    }
  })
}
