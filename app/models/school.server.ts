import { getUser } from '#app/utils/auth.server'
import { db } from '#app/utils/db.server'
import { AUTHORITY_ROLE, can } from '#app/utils/permissions'
import { resolvePublicSchool, schoolOfStatusPage } from './public-school.server'

/**
 * What every page's frame shows (the root loader): who is signed in, and the school in the header — the user's own
 * (ADR 044); signed out, the school this address names, none on the chooser (ADR 056).
 */
export async function pageFrame(request: Request) {
  const user = await getUser(request)
  const addressed = user ? null : await resolvePublicSchool(request)
  const statusSchool = addressed?.several && !addressed.school ? await schoolOfStatusPage(new URL(request.url).pathname) : null
  // The authority's administrator is none of the school's (ADR 057): the school its account sits in is not its header.
  const authority = user?.roles.includes(AUTHORITY_ROLE) ?? false
  const schoolId = authority ? null : (user?.schoolId ?? addressed?.school?.id ?? statusSchool)
  const school = schoolId ? await getSchoolHeader(schoolId) : null
  return {
    query: addressed?.query ?? '',
    user: user && { displayName: user.displayName, roles: user.roles, mustChangePassword: user.mustChangePassword },
    school,
  }
}

/** The header's school: the signed-in user's (ADR 044); on public pages the installation's first school. */
export async function getSchoolHeader(schoolId?: string | null) {
  return db.school.findFirst({
    where: schoolId ? { id: schoolId } : {},
    orderBy: { id: 'asc' },
    select: { id: true, shortName: true, fullName: true, address: true, phone: true, timeZone: true },
  })
}

export async function getSchool(schoolId: string) {
  return db.school.findUniqueOrThrow({ where: { id: schoolId } })
}

export async function getCurrentYear(schoolId: string) {
  return db.academicYear.findFirst({
    where: { schoolId, current: true },
    include: { periods: { orderBy: [{ kind: 'desc' }, { ordinal: 'asc' }] }, holidays: { orderBy: { startsOn: 'asc' } } },
  })
}

/** Classes of the current year with pupil counts (pupils who have not left) and class teachers. */
/** The classes whose parent meeting a user may prepare: a class teacher — their own, the administration — any. */
export async function meetingClasses(user: { schoolId: string; roles: string[]; staffId: string | null }) {
  const all = can(user.roles, 'read:class:any')
  return listClasses(user.schoolId, all ? {} : { classTeacherId: user.staffId ?? '—' })
}

export async function listClasses(schoolId: string, where: { classTeacherId?: string } = {}) {
  const year = await db.academicYear.findFirst({ where: { schoolId, current: true }, select: { id: true } })
  if (!year) return []
  const classes = await db.schoolClass.findMany({
    where: { schoolId, academicYearId: year.id, ...where },
    orderBy: [{ grade: 'asc' }, { letter: 'asc' }],
    include: { classTeacher: true, _count: { select: { pupils: { where: { leftOn: null } } } } },
  })
  return classes.map((c) => ({
    id: c.id,
    name: c.name,
    grade: c.grade,
    pupils: c._count.pupils,
    classTeacher: c.classTeacher ? fullName(c.classTeacher) : '—',
  }))
}

export function fullName(p: { lastName: string; firstName: string; middleName?: string | null }): string {
  return [p.lastName, p.firstName, p.middleName].filter(Boolean).join(' ')
}

export function shortName(p: { lastName: string; firstName: string; middleName?: string | null }): string {
  return `${p.lastName} ${p.firstName[0]}.${p.middleName ? ` ${p.middleName[0]}.` : ''}`
}
