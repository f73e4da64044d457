// Forms handed in at the first parent meeting (Порядок 3.1.1): the receipt is the handover, not the data entry.
import { describe, expect, it } from 'vitest'
import { db } from '#app/utils/db.server'
import { action as deskAction, loader as deskLoader } from '#app/routes/staff.intake._index'
import { loader as batchLoader } from '#app/routes/staff.intake.batch'
import { loader as logLoader } from '#app/routes/staff.log'
import { loader as pageLoader } from '#app/routes/staff.applications.$id'
import { signIn } from '#tests/helpers/auth'
import { formRequest, getRequest, settle } from '#tests/helpers/http'
import { toIsoWithOffset } from '#workflows/time'

const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} })
const local = (d: Date) => toIsoWithOffset(d, 'Europe/Saratov').slice(0, 16)

async function familyOf(className: string) {
  const pupil = await db.pupil.findFirstOrThrow({
    where: { class: { name: className }, leftOn: null },
    orderBy: { lastName: 'asc' },
    include: { guardians: { include: { guardian: true } }, class: true },
  })
  const g = pupil.guardians[0].guardian
  return {
    pupil,
    fields: {
      'applicant.lastName': g.lastName,
      'applicant.firstName': g.firstName,
      'applicant.middleName': g.middleName,
      'applicant.identityDocument': 'паспорт 6310 123456, выдан 01.02.2015',
      'applicant.postalAddress': g.postalAddress,
      'applicant.email': g.email,
      'applicant.phone': g.phone,
      'pupil.lastName': pupil.lastName,
      'pupil.firstName': pupil.firstName,
      'pupil.middleName': pupil.middleName,
      'pupil.className': className,
      kinds: 'attendance',
      periodicity: 'once',
      delivery: 'in_person',
    } as Record<string, string>,
  }
}

describe('applications handed in at the parent meeting (Порядок 3.1.1)', () => {
  it(
    '«представляет лично заявление … в том числе непосредственно на первом организационном родительском собрании» … «при обращении … ' +
      'лично — в срок, не превышающий 10 минут»: the handover is the receipt, the entry is kept beside it, and a late registration shows',
    async () => {
      const cookie = await signIn('secretary')
      const { pupil, fields } = await familyOf('3А')
      const meeting = new Date(Date.now() - 26 * 3_600_000) // yesterday evening's meeting
      const meetingLocal = local(meeting)

      // The batch page takes the meeting's moment once and carries it into each form's link.
      const batch = await (
        await batchLoader(
          args(getRequest(`/staff/intake/batch?classId=${pupil.classId}&handedOverAt=${encodeURIComponent(meetingLocal)}`, cookie)),
        )
      ).json()
      expect(batch.handoverError).toBeNull()
      expect(batch.handedOverLabel).toMatch(/^\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}$/)
      const future = await (
        await batchLoader(
          args(
            getRequest(
              `/staff/intake/batch?classId=${pupil.classId}&handedOverAt=${encodeURIComponent(local(new Date(Date.now() + 3_600_000)))}`,
              cookie,
            ),
          ),
        )
      ).json()
      expect(future).toMatchObject({ handoverError: 'Время передачи заявлений не может быть в будущем', handedOverAt: null })

      const desk = await (
        await deskLoader(
          args(
            getRequest(
              `/staff/intake?pupilId=${pupil.id}&classId=${pupil.classId}&handedOverAt=${encodeURIComponent(batch.handedOverAt!)}`,
              cookie,
            ),
          ),
        )
      ).json()
      expect(desk.handedOverAt).toBe(batch.handedOverAt)
      const enteredFrom = Date.now()
      const response = await settle(() =>
        deskAction(
          args(
            formRequest(
              '/staff/intake',
              {
                ...fields,
                startedAt: desk.startedAt,
                key: desk.key,
                handedOverAt: desk.handedOverAt!,
                intent: 'register',
                passportShown: 'on',
                statusProofShown: 'on',
              },
              cookie,
            ),
          ),
        ),
      )
      expect(response.status).toBe(200)
      const body = await response.json()
      const app = await db.application.findUniqueOrThrow({ where: { id: body.applicationId } })
      expect(app.receivedAt.getTime()).toBe(Math.floor(meeting.getTime() / 60_000) * 60_000)
      expect(app.enteredAt!.getTime()).toBeGreaterThanOrEqual(enteredFrom - 60_000)
      // The 10 minutes run from the handover: registered a day later, the registration is late — and it shows.
      expect(app.registrationDue.getTime()).toBe(app.receivedAt.getTime() + 10 * 60_000)
      expect(app.registeredAt!.getTime()).toBeGreaterThan(app.registrationDue.getTime())
      expect(body.elapsedMs).toBeGreaterThan(24 * 3_600_000)

      const page = await (await pageLoader(args(getRequest(`/staff/applications/${app.id}`, cookie), { id: app.id }))).json()
      const view = page.page
      expect(view.receivedAt).toBe(batch.handedOverLabel)
      expect(view.enteredAt).toMatch(/^\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}$/)

      const log = await (await logLoader(args(getRequest('/staff/log', cookie)))).json()
      const row = log.rows.find((r: { applicationId: string }) => r.applicationId === app.id)
      expect(row).toMatchObject({ receivedAt: batch.handedOverLabel, enteredAt: view.enteredAt })
    },
  )

  it('a bad handover moment is refused with a Russian message and nothing is received', async () => {
    const cookie = await signIn('secretary')
    const { fields } = await familyOf('3Б')
    const before = await db.application.count()
    const response = await settle(() =>
      deskAction(
        args(
          formRequest(
            '/staff/intake',
            {
              ...fields,
              startedAt: new Date().toISOString(),
              key: crypto.randomUUID(),
              handedOverAt: local(new Date(Date.now() - 40 * 24 * 3_600_000)),
              intent: 'register',
              passportShown: 'on',
              statusProofShown: 'on',
            },
            cookie,
          ),
        ),
      ),
    )
    expect(response.status).toBe(400)
    expect((await response.json()).formError).toBe('Собрание было больше месяца назад: проверьте дату')
    expect(await db.application.count()).toBe(before)
  })
})
