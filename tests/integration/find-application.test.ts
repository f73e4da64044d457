// «Найти заявление»: staff find any application of their school — open or closed — by registration number, receipt
// number or surname (a pupil's or an applicant's, in any letter case, «ё» or «е»), and nothing of another school.
import { describe, expect, it } from 'vitest'
import { db } from '#app/utils/db.server'
import { loader } from '#app/routes/staff.applications.find'
import { signIn } from '#tests/helpers/auth'
import { getRequest, settle } from '#tests/helpers/http'
import { otherSchool } from '#tests/helpers/schools'
import { receive } from '#tests/helpers/applications'
import { build } from './control-helpers'

type Found = { problem: string | null; rows: Array<{ id: string; statusLabel: string }>; more: boolean }
const args = (request: Request) => ({ request, params: {}, context: {} })

async function find(q: string, who = 'secretary'): Promise<Found> {
  const cookie = await signIn(who)
  const response = await settle(() => loader(args(getRequest(`/staff/applications/find?q=${encodeURIComponent(q)}`, cookie))))
  expect(response.status).toBe(200)
  return response.json()
}
const ids = (found: Found) => found.rows.map((r) => r.id)

describe('«Найти заявление»', () => {
  it('finds a closed application by its registration number, with or without the year, and by its receipt', async () => {
    const built = await build({
      channel: 'online',
      receivedAt: '2026-10-05T10:00',
      register: { at: '2026-10-05T12:00' },
      forwardAt: '2026-10-06T10:00',
      decide: { at: '2026-10-07T10:00', outcome: 'grant' },
      deliver: { at: '2026-10-08T10:00' },
    })
    const app = await db.application.findUniqueOrThrow({ where: { id: built.id } })
    expect(app.closedAt).not.toBeNull()
    for (const q of [`${app.registrationNumber}`, `№ ${app.registrationNumber}`, `${app.registrationNumber}/${app.registrationYear}`]) {
      expect(ids(await find(q)), q).toContain(app.id)
    }
    expect(ids(await find(`${app.registrationNumber}/${app.registrationYear! - 1}`))).not.toContain(app.id)
    const receipt = app.receiptNumber.toLowerCase().replace('-', ' - ')
    expect(ids(await find(`квит. ${receipt}`))).toEqual([app.id])
  })

  it("finds a pupil's and an applicant's applications by surname in any letter case and with «е» for «ё»", async () => {
    const { id } = await receive('online', '6Б')
    // A signed-in parent's application is linked to their journal record; the applicant as typed is another's name.
    const link = await db.guardianLink.findFirstOrThrow({ where: { pupil: { applications: { some: { id } } } } })
    await db.application.update({ where: { id }, data: { guardianId: link.guardianId, applicantLastName: 'Другая' } })
    const app = await db.application.findUniqueOrThrow({ where: { id }, include: { pupil: true } })
    await db.pupil.update({ where: { id: app.pupilId! }, data: { lastName: 'Фёдорова' } })
    await db.guardian.update({ where: { id: app.guardianId! }, data: { lastName: 'Соловьёв-Седой' } })
    // As pasted from a chat or a PDF: a Latin «о» and «а», a soft hyphen, a zero-width space, «е» + U+0308 for «ё».
    const pasted = ['Фёдoрoва', 'Фё\u00adдо\u200bрова', 'Фе\u0308дорова', `Фёдорова\u2009${app.pupil!.firstName}`, 'Сoлoвьёв-Седой']
    for (const q of [
      'федорова',
      'ФЁДОРОВА',
      'Федор',
      `фёдорова ${app.pupil!.firstName.toLowerCase()}`,
      'соловьев-седой',
      'Соловьёв',
      ...pasted,
    ]) {
      expect(ids(await find(q)), q).toContain(app.id)
    }
    expect(ids(await find(`федорова Ъ${app.pupil!.firstName}`))).not.toContain(app.id)
    // Typed in by staff (no parent's account behind it): the journal's parent of the pupil still finds it.
    await db.application.update({ where: { id }, data: { guardianId: null } })
    expect(ids(await find('соловьев-седой'))).toContain(app.id)
  })

  it('finds an application linked to nobody in the journal by the names typed in it', async () => {
    const app = await receive('email', '7А')
    await db.application.update({
      where: { id: app.id },
      data: { pupilId: null, guardianId: null, pupilName: 'Ёлкина Анна', applicantLastName: 'Щукин' },
    })
    expect(ids(await find('елкина'))).toContain(app.id)
    expect(ids(await find('ЩУКИН'))).toContain(app.id)
  })

  it("finds nothing of another school's and says what to type when nothing can be searched", async () => {
    const built = await build({ channel: 'post', receivedAt: '2026-11-02T10:00', register: { at: '2026-11-02T12:00' } })
    const app = await db.application.findUniqueOrThrow({ where: { id: built.id } })
    expect(ids(await find(app.receiptNumber))).toEqual([app.id])
    const other = await otherSchool()
    await db.application.update({ where: { id: app.id }, data: { schoolId: other.id } })
    expect(ids(await find(`${app.registrationNumber}/${app.registrationYear}`))).not.toContain(app.id)
    expect(ids(await find(app.receiptNumber))).toEqual([])

    const bad = await find('?')
    expect(bad.problem).toMatch(/номер заявления, номер квитанции или фамилию/)
    expect(bad.rows).toEqual([])
  })

  it('is open to staff who read applications, closed to a parent and a teacher', async () => {
    expect((await find('иванов', 'director')).problem).toBeNull()
    const teacher = await db.user.findFirstOrThrow({ where: { roles: { every: { role: 'teacher' }, some: {} } } })
    for (const who of ['parent', teacher.login]) {
      const cookie = await signIn(who)
      const response = await settle(() => loader(args(getRequest('/staff/applications/find?q=1', cookie))))
      expect(response.status, who).toBe(403)
    }
  })
})
