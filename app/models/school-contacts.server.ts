import { db } from '#app/utils/db.server'
import { roomNumber } from '#app/utils/format'
import { fullName } from './school.server'

/**
 * Where an applicant writes and calls (issue 19, item 5; ADR 051): ONE answer for the home page, the slides, the
 * памятка and every letter. The e-mail is the school's mailbox (Setting «Эл. почта» of the school, the address the
 * mail intake reads), never an employee's personal address; the phone is the responsible employee's, else the school's.
 */
export function contactPoint(school: { email: string; phone: string }, employee: { phone?: string | null } | null) {
  return { email: school.email, phone: employee?.phone || school.phone }
}

/** Public contacts for the procedure (Порядок 2.4): shown to anyone, no personal data beyond the employee's work contacts. */
export async function getSchoolContacts() {
  const school = await db.school.findFirst()
  if (!school) return null
  const employee = school.responsibleEmployeeId ? await db.staff.findUnique({ where: { id: school.responsibleEmployeeId } }) : null
  return {
    schoolName: school.fullName,
    shortName: school.shortName,
    address: school.address,
    responsibleName: employee ? fullName(employee) : '',
    position: employee?.position ?? '',
    room: roomNumber(school.responsibleRoom),
    ...contactPoint(school, employee),
  }
}
