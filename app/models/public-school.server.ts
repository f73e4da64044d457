// Which school a signed-out visitor is addressing (ADR 056). One installation may hold every school of a city; a
// parent reaches the right one by the school's own host name (school7.edu-saratov.ru → that school), or by the
// `?school=<code>` the school's site, QR codes, meeting kit and slides carry, and otherwise chooses it on the home page. An
// installation with one school needs none of this: that school is the answer, and its addresses stay as they were.
import { db } from '#app/utils/db.server'
import { SCHOOL_PARAM } from '#app/utils/school-query'

type PublicSchool = { id: string; code: string | null; shortName: string }

/**
 * `school`: the addressed school, or null when the installation has several and the address names none (or names
 * an unknown one) — the home page then offers the choice. `query`: what links between public pages carry to keep
 * the school: '' on a single-school installation and under a school's own host name, `?school=<code>` otherwise.
 */
type PublicSchoolChoice = { school: PublicSchool | null; query: string; several: boolean }

const SELECT = { id: true, code: true, shortName: true } as const

/** The school's key in `?school=`: its code when it has one, else its id. */
const schoolKey = (school: { id: string; code: string | null }) => school.code ?? school.id

function hostOf(request: Request): string {
  // The host as the proxy passed it on (Express builds request.url from it; TRUST_PROXY decides X-Forwarded-Host).
  return new URL(request.url).hostname.toLowerCase()
}

export async function resolvePublicSchool(request: Request): Promise<PublicSchoolChoice> {
  const schools = await db.school.count()
  if (schools <= 1) {
    const only = await db.school.findFirst({ select: SELECT })
    return { school: only, query: '', several: false }
  }
  const byHost = await db.school.findUnique({ where: { host: hostOf(request) }, select: SELECT })
  if (byHost) return { school: byHost, query: '', several: true }
  const key = (new URL(request.url).searchParams.get(SCHOOL_PARAM) ?? '').trim().toLowerCase()
  if (!key || key.length > 40) return { school: null, query: '', several: true }
  // A code is lower-case by rule; an id (cuid) is lower-case too.
  const school = await db.school.findFirst({ where: { OR: [{ code: key }, { id: key }] }, select: SELECT })
  if (!school) return { school: null, query: '', several: true }
  return { school, query: `?${SCHOOL_PARAM}=${encodeURIComponent(schoolKey(school))}`, several: true }
}

/** For the chooser on the home page: every school with its public address. */
export async function listPublicSchools() {
  const schools = await db.school.findMany({
    orderBy: { shortName: 'asc' },
    select: { ...SELECT, fullName: true, address: true, host: true },
  })
  return schools.map((s) => ({
    id: s.id,
    shortName: s.shortName,
    fullName: s.fullName,
    address: s.address,
    href: s.host ? `//${s.host}/` : `/?${SCHOOL_PARAM}=${encodeURIComponent(schoolKey(s))}`,
  }))
}

/** The query of a known school's public pages (the meeting kit, the slides, a redirect after sign-out). */
export async function publicQueryFor(schoolId: string): Promise<string> {
  if ((await db.school.count()) <= 1) return ''
  const school = await db.school.findUnique({ where: { id: schoolId }, select: { id: true, code: true } })
  return school ? `?${SCHOOL_PARAM}=${encodeURIComponent(schoolKey(school))}` : ''
}

/** The school of an applicant's status page (`/s/<token>`, `/apply/received/<token>`): the application's own. */
export async function schoolOfStatusPage(pathname: string): Promise<string | null> {
  const token = /^\/(?:s|apply\/received)\/([A-Za-z0-9_-]{10,100})(?:\/|$)/.exec(pathname)?.[1]
  if (!token) return null
  return (await db.application.findUnique({ where: { statusToken: token }, select: { schoolId: true } }))?.schoolId ?? null
}

/** The online application's address for a school's printed kit and slides: its own host, else `?school=` (ADR 056). */
export async function publicApplyUrl(base: string, schoolId: string): Promise<string> {
  const school = await db.school.findUnique({ where: { id: schoolId }, select: { host: true } })
  if (school?.host && (await db.school.count()) > 1) return `${new URL(base).protocol}//${school.host}/apply`
  return `${base}/apply${await publicQueryFor(schoolId)}`
}
