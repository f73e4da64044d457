import { db } from '#app/utils/db.server'
import { publicUrl } from '#app/utils/env.server'
import { roomNumber } from '#app/utils/format'
import { initialsFirst, initialsFirstDative, splitFullName } from '#workflows/declension'
import type { ExecutorBlock, SchoolBlock, SignerBlock } from './types'
import { contactPoint } from '#app/models/school-contacts.server'

/** «Муниципальное общеобразовательное учреждение …» → genitive for «Директору …». */
function genitive(fullName: string): string {
  return fullName
    .replace(/^Муниципальное общеобразовательное учреждение/, 'муниципального общеобразовательного учреждения')
    .replace(/^Муниципальное бюджетное общеобразовательное учреждение/, 'муниципального бюджетного общеобразовательного учреждения')
}

export type SchoolDocContext = {
  school: SchoolBlock
  timeZone: string
  director: SignerBlock
  executor: ExecutorBlock
  responsible: { position: string; name: string; room: string; phone: string; email: string }
  siteUrl: string
}

/**
 * The letterhead, the director's signature block and the responsible employee as the executor.
 * The e-diary is this app, unless the school names another site in School.diarySiteUrl. Left empty, its address
 * is publicUrl(appUrl): PUBLIC_URL, else `appUrl` — the origin the staff member's page was opened at — else, for
 * documents the worker makes, http://localhost:PORT (ADR 025).
 */
export async function loadSchoolContext(schoolId: string, { appUrl }: { appUrl?: string } = {}): Promise<SchoolDocContext> {
  const school = await db.school.findUniqueOrThrow({ where: { id: schoolId } })
  const siteUrl = school.diarySiteUrl.trim() || publicUrl(appUrl)
  const responsible = school.responsibleEmployeeId ? await db.staff.findUnique({ where: { id: school.responsibleEmployeeId } }) : null
  const director = splitFullName(school.directorName)
  const responsibleName = responsible ? [responsible.lastName, responsible.firstName, responsible.middleName].filter(Boolean).join(' ') : ''
  return {
    timeZone: school.timeZone,
    siteUrl,
    school: {
      fullName: school.fullName,
      fullNameGenitive: genitive(school.fullName),
      shortName: school.shortName,
      address: school.address,
      phone: school.phone,
      email: school.email,
      website: siteUrl,
      directorPosition: 'Директор',
      directorShort: initialsFirst(director),
      directorDative: initialsFirstDative(director),
    },
    director: { position: `Директор ${school.shortName}`, name: initialsFirst(director) },
    executor: { name: responsible ? initialsFirst(responsible) : '', phone: contactPoint(school, responsible).phone },
    responsible: {
      position: responsible?.position ?? '',
      name: responsibleName,
      // The templates say «кабинет {responsible.room}»: the number only.
      room: roomNumber(school.responsibleRoom),
      // The same contact point as the home page and the letters (ADR 051).
      ...contactPoint(school, responsible),
    },
  }
}
