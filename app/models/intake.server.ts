// The desk's lookup in the journal: a few letters of a pupil's or a parent's surname find the family, so the
// application is filled from the journal instead of being typed (Порядок 3.1.1: in person within 10 minutes).
import { compareByName, namePrefixes } from '#workflows/text'
import { db } from '#app/utils/db.server'
import { requireUserWithPermission } from '#app/utils/auth.server'
import { roleAllowed, type Role } from '#workflows/application-rules'
import { parseLocalDateTime } from '#workflows/time'
import { isConfirmedLink } from '#workflows/guardian-status'

export type IntakeGuardian = {
  guardianId: string
  lastName: string
  firstName: string
  middleName: string
  relationship: string
  confirmed: boolean
  postalAddress: string
  email: string
  phone: string
}
export type IntakeMatch = {
  pupilId: string
  lastName: string
  firstName: string
  middleName: string
  className: string
  guardians: IntakeGuardian[]
}

/** More matches than a school's pupils of one surname prefix: a bound, not a page. */
const MAX_MATCHES = 5000

const include = { class: { select: { name: true } }, guardians: { include: { guardian: true } } } as const

/**
 * A person (pupil or parent) whose surname and, if typed, first name begin with the letters typed. The database
 * compares Cyrillic case- and «ё»-sensitively: the typed letters are tried as the journal may keep them.
 */
export function personByName(surname: string, firstName: string | null) {
  return namePrefixes(surname).flatMap((lastName) =>
    (firstName ? namePrefixes(firstName, 4) : [null]).map((first) => ({
      lastName: { startsWith: lastName },
      ...(first ? { firstName: { startsWith: first } } : {}),
    })),
  )
}

export async function searchJournal(schoolId: string, query: string, limit = 8): Promise<IntakeMatch[]> {
  const [last, first] = query.trim().split(/\s+/).filter(Boolean)
  if (!last || last.length < 2) return []
  const byName = personByName(last, first ?? null)
  // The database orders by code points («Ёлкин» before «Абрамов», «Ёлкин» before «Елагин»): every match's name is
  // read, ordered as a Russian reader does, and the first `limit` are loaded (a 2-letter prefix: a few hundred rows).
  const names = await db.pupil.findMany({
    where: {
      schoolId,
      leftOn: null,
      class: { academicYear: { current: true } },
      OR: [...byName, { guardians: { some: { guardian: { OR: byName } } } }],
    },
    select: { id: true, lastName: true, firstName: true, middleName: true },
    take: MAX_MATCHES,
  })
  const shown = names.sort((a, b) => compareByName(a, b) || a.id.localeCompare(b.id)).slice(0, limit)
  const pupils = await db.pupil.findMany({ where: { id: { in: shown.map((p) => p.id) } }, include })
  const byId = new Map(pupils.map((p) => [p.id, p]))
  return shown.flatMap((p) => {
    const pupil = byId.get(p.id)
    return pupil ? [toMatch(pupil)] : []
  })
}

/** One pupil with guardians, for a form opened from the batch intake (the pupil is already chosen). */
export async function getIntakeMatch(schoolId: string, pupilId: string): Promise<IntakeMatch | null> {
  const pupil = await db.pupil.findFirst({ where: { id: pupilId, schoolId }, include })
  return pupil ? toMatch(pupil) : null
}

function toMatch(p: {
  id: string
  lastName: string
  firstName: string
  middleName: string
  class: { name: string }
  guardians: Array<{
    relationship: string
    statusConfirmed: boolean
    guardian: { id: string; lastName: string; firstName: string; middleName: string; postalAddress: string; email: string; phone: string }
  }>
}): IntakeMatch {
  return {
    pupilId: p.id,
    lastName: p.lastName,
    firstName: p.firstName,
    middleName: p.middleName,
    className: p.class.name,
    guardians: p.guardians.map(({ guardian: g, relationship, ...link }) => ({
      guardianId: g.id,
      lastName: g.lastName,
      firstName: g.firstName,
      middleName: g.middleName,
      relationship,
      confirmed: isConfirmedLink(link),
      postalAddress: g.postalAddress,
      email: g.email,
      phone: g.phone,
    })),
  }
}

/** Intake is for those who register applications (responsible employee, secretary, director). */
export async function requireIntakeUser(request: Request) {
  const user = await requireUserWithPermission(request, 'create:application:any')
  if (!roleAllowed('REGISTER', user.roles as Role[]))
    throw new Response('Приём и регистрацию заявлений ведут ответственный работник и секретарь', { status: 403 })
  return user
}

/** The hidden start of the intake: a past instant within the last 12 hours, else now (a stale or forged field). */
export function parseStartedAt(value: FormDataEntryValue | null, now: Date): Date {
  const t = Date.parse(String(value ?? ''))
  return Number.isFinite(t) && t <= now.getTime() && now.getTime() - t < 12 * 3_600_000 ? new Date(t) : now
}

/**
 * Forms handed in at the first parent meeting (Порядок 3.1.1: «в том числе непосредственно на первом
 * организационном родительском собрании»): the moment of handover, entered once for the batch. It is the receipt
 * (the registration clock runs from it, ADR 033): not in the future, not more than 31 days back (a typing mistake).
 */
const MAX_HANDOVER_AGE_MS = 31 * 24 * 3_600_000

export function parseHandover(
  value: FormDataEntryValue | string | null,
  now: Date,
  timeZone: string,
): { at: Date | null; error: string | null } {
  const raw = String(value ?? '').trim()
  if (!raw) return { at: null, error: null }
  let at: Date
  try {
    at = /[zZ]|[+-]\d{2}:\d{2}$/.test(raw) ? new Date(raw) : parseLocalDateTime(raw, timeZone)
  } catch {
    return { at: null, error: 'Укажите дату и время собрания в виде ДД.ММ.ГГГГ ЧЧ:ММ' }
  }
  if (Number.isNaN(at.getTime())) return { at: null, error: 'Укажите дату и время собрания в виде ДД.ММ.ГГГГ ЧЧ:ММ' }
  if (at.getTime() > now.getTime() + 60_000) return { at: null, error: 'Время передачи заявлений не может быть в будущем' }
  if (now.getTime() - at.getTime() > MAX_HANDOVER_AGE_MS) return { at: null, error: 'Собрание было больше месяца назад: проверьте дату' }
  return { at, error: null }
}
