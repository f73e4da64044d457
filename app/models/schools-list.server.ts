import { db } from '#app/utils/db.server'
import { formatDate } from '#workflows/time'

/** The installation's schools for the authority's administrator: requisites only, nothing of their data (ADR 044). */
export async function listSchools() {
  const schools = await db.school.findMany({
    orderBy: { shortName: 'asc' },
    select: { id: true, shortName: true, fullName: true, address: true, timeZone: true, code: true, host: true },
  })
  const created = await db.auditEvent.findMany({
    where: { action: 'create:school', entityId: { in: schools.map((s) => s.id) } },
    select: { entityId: true, at: true },
  })
  return schools.map((s) => {
    const at = created.find((c) => c.entityId === s.id)?.at
    // Where the school's parents apply (ADR 056): its own host name, else the installation's address with ?school=.
    const publicAddress = s.host ? s.host : `/?school=${s.code ?? s.id}`
    return {
      id: s.id,
      shortName: s.shortName,
      fullName: s.fullName,
      address: s.address,
      publicAddress,
      createdOn: at ? formatDate(at, s.timeZone) : '',
    }
  })
}
