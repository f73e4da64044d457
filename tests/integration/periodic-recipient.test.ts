// Порядок 1.2, 152-ФЗ: a periodic application's extracts go on only while the journal still names the applicant the
// pupil's legal representative. The journal drops the link (or un-confirms a guardian's status) mid-year: the next
// extract is held — no document made, no letter queued — the row says why and the responsible employee is told once;
// when the journal is put right the held extract is made. A grant the director signed despite the pre-check's doubt
// (ADR 089) was never based on the journal's link and goes on.
import { describe, expect, it } from 'vitest'
import { db } from '#app/utils/db.server'
import { runPeriodicDeliveries } from '#app/jobs/periodic-deliveries.server'
import { runOutbox } from '#app/jobs/outbox.server'
import { auditRow } from '#app/models/audit.server'
import { applicantLink } from '#app/models/guardian-status.server'
import { activePeriodic } from '#tests/helpers/periodic'
import { addDays, parseLocalDateTime, weekdayOf } from '#workflows/time'

const TZ = 'Europe/Saratov'
const at = (day: string, time = '10:00') => parseLocalDateTime(`${day}T${time}`, TZ)
const HOUR = 60 * 60_000

/** A weekly application by e-mail from a parent of the class's first pupil, handed over on `firstDay`, and its link. */
async function weeklyByEmail(className: string, firstDay: string) {
  const app = await activePeriodic('weekly', firstDay, className, 'email')
  const link = await applicantLink(app)
  expect(link).toBeDefined()
  return { app, link: link! }
}

async function fridayAfter(day: string) {
  let friday = addDays(day, 1)
  while (weekdayOf(friday) !== 5) friday = addDays(friday, 1)
  return friday
}

const slotsOf = (applicationId: string) =>
  db.delivery.findMany({ where: { applicationId, kind: 'periodic-extract' }, orderBy: { dueAt: 'asc' } })
const heldNotices = (applicationId: string) =>
  db.outboxJob.findMany({ where: { applicationId, kind: 'notify-staff', payload: { contains: 'PERIODIC_HELD' } } })

describe('a periodic extract and the applicant the journal no longer names', () => {
  it('holds the extract when the link is gone, tells the responsible once, and makes it when the link is back', async () => {
    const year = await db.academicYear.findFirstOrThrow({ where: { current: true } })
    const firstDay = addDays(year.startsOn, 8)
    const { app, link } = await weeklyByEmail('6А', firstDay)
    const friday = await fridayAfter(firstDay)
    const lettersToApplicant = async () =>
      (await db.outboxJob.findMany({ where: { applicationId: app.id, kind: 'send-email' } })).filter((j) =>
        (JSON.parse(j.payload) as { to: string[] }).to.includes(app.applicantEmail),
      ).length
    await runOutbox(new Date(Date.now() + 60_000)) // the letters of the steps so far
    const lettersBefore = await lettersToApplicant()
    const documentsBefore = await db.storedDocument.count({ where: { applicationId: app.id } })

    // The school removes the guardian from the pupil's record (e.g. parental rights ended).
    await db.guardianLink.delete({ where: { id: link.id } })
    const saturday = at(addDays(friday, 1))
    expect((await runPeriodicDeliveries(saturday)).created).toBe(0)
    const [held] = await slotsOf(app.id)
    expect(held.status).toBe('failed')
    expect(held.documentId).toBeNull()
    expect(held.lastError).toMatch(/^Выписка не сформирована: заявителя больше нет среди родителей \(законных представителей\)/)
    expect(await db.storedDocument.count({ where: { applicationId: app.id } })).toBe(documentsBefore)
    expect(await lettersToApplicant()).toBe(lettersBefore)
    expect(await heldNotices(app.id)).toHaveLength(1)
    expect(JSON.parse((await heldNotices(app.id))[0].payload)).toMatchObject({ role: 'responsible', reason: 'PERIODIC_HELD' })
    // The notice becomes a letter to the responsible employee that says what happened and what to do.
    await runOutbox(new Date(Date.now() + 60_000))
    const notice = await db.outboxJob.findFirstOrThrow({
      where: { applicationId: app.id, kind: 'send-email', payload: { contains: 'очередная выписка не направлена' } },
    })
    const letter = JSON.parse(notice.payload) as { to: string[]; text: string }
    expect(letter.to).not.toContain(app.applicantEmail)
    expect(letter.text).toMatch(/заявитель больше не значится законным представителем обучающегося/)
    expect(await lettersToApplicant()).toBe(lettersBefore)

    // Tried again after an hour: still held, still one notice, still no letter.
    expect((await runPeriodicDeliveries(new Date(saturday.getTime() + 2 * HOUR))).created).toBe(0)
    expect(await heldNotices(app.id)).toHaveLength(1)
    expect(await lettersToApplicant()).toBe(lettersBefore)

    // The removal was a mistake: the link is back, and the held week's extract is made and queued.
    await db.guardianLink.create({
      data: { guardianId: link.guardianId, pupilId: link.pupilId, relationship: link.relationship, statusConfirmed: link.statusConfirmed },
    })
    await runPeriodicDeliveries(new Date(saturday.getTime() + 4 * HOUR))
    const [made] = await slotsOf(app.id)
    expect(made.id).toBe(held.id)
    expect(made.status).not.toBe('failed')
    expect(made.documentId).not.toBeNull()
    expect(made.lastError).toBe('')
    expect(await lettersToApplicant()).toBe(lettersBefore + 1)
  })

  it('holds a guardian’s (опекун) extract when the journal no longer confirms the status; a parent’s needs the link only', async () => {
    const year = await db.academicYear.findFirstOrThrow({ where: { current: true } })
    const firstDay = addDays(year.startsOn, 8)
    const friday = await fridayAfter(firstDay)
    const guardian = await weeklyByEmail('7А', firstDay)
    await db.application.update({ where: { id: guardian.app.id }, data: { applicantRole: 'guardian' } })
    const parent = await weeklyByEmail('8А', firstDay)
    await db.application.update({ where: { id: parent.app.id }, data: { applicantRole: 'parent' } })
    await db.guardianLink.updateMany({ where: { id: { in: [guardian.link.id, parent.link.id] } }, data: { statusConfirmed: false } })

    await runPeriodicDeliveries(at(addDays(friday, 1)))
    const [held] = await slotsOf(guardian.app.id)
    expect(held.status).toBe('failed')
    expect(held.lastError).toMatch(/статус законного представителя у заявителя в журнале больше не подтверждён/)
    const [made] = await slotsOf(parent.app.id)
    expect(made.status).not.toBe('failed')
    expect(made.documentId).not.toBeNull()
  })

  it('goes on for a grant the director signed with no link in the journal (ADR 089), not one whose link was there and went', async () => {
    const year = await db.academicYear.findFirstOrThrow({ where: { current: true } })
    const firstDay = addDays(year.startsOn, 8)
    const friday = await fridayAfter(firstDay)
    const director = await db.user.findFirstOrThrow({ where: { login: 'director' } })
    const override = (applicationId: string, schoolId: string, linkAtGrant: boolean) =>
      db.auditEvent.create({
        data: auditRow({
          schoolId,
          userId: director.id,
          action: 'decide:override',
          entity: 'application',
          entityId: applicationId,
          data: { decision: 'grant', reason: 'Опекун предъявил распоряжение органа опеки', concerns: ['…'], linkAtGrant },
        }),
      })
    // No link at the grant (the documents were the proof): the journal's link was never the basis.
    const custodian = await weeklyByEmail('9А', firstDay)
    await override(custodian.app.id, custodian.app.schoolId, false)
    await db.guardianLink.delete({ where: { id: custodian.link.id } })
    // A link at the grant (the director overrode another doubt, e.g. the address), removed since: held.
    const parent = await weeklyByEmail('10А', firstDay)
    await override(parent.app.id, parent.app.schoolId, true)
    await db.guardianLink.delete({ where: { id: parent.link.id } })

    await runPeriodicDeliveries(at(addDays(friday, 1)))
    const [made] = await slotsOf(custodian.app.id)
    expect(made.status).not.toBe('failed')
    expect(made.documentId).not.toBeNull()
    const [held] = await slotsOf(parent.app.id)
    expect(held.status).toBe('failed')
    expect(held.documentId).toBeNull()
  })

  it('holds the extracts after the pupil left the school (выбыл), tells the responsible once; the week of leaving is made', async () => {
    const year = await db.academicYear.findFirstOrThrow({ where: { current: true } })
    const firstDay = addDays(year.startsOn, 8)
    const friday = await fridayAfter(firstDay)
    const { app } = await weeklyByEmail('5А', firstDay)
    // Transferred to another school on the Wednesday after the first extract's week.
    const leftOn = addDays(friday, 5)
    await db.pupil.update({ where: { id: app.pupilId! }, data: { leftOn } })
    await db.pupilMovement.create({ data: { pupilId: app.pupilId!, kind: 'left', date: leftOn, note: 'перевод в другую школу' } })
    const later = at(addDays(friday, 22)) // three more Fridays have come
    await runPeriodicDeliveries(later)
    const slots = await slotsOf(app.id)
    expect(slots.length).toBeGreaterThanOrEqual(3)
    const [beforeLeaving, weekOfLeaving, ...afterLeaving] = slots
    expect(beforeLeaving.status).not.toBe('failed')
    expect(weekOfLeaving.periodFrom! <= leftOn && leftOn <= weekOfLeaving.periodTo!).toBe(true)
    expect(weekOfLeaving.status).not.toBe('failed')
    expect(weekOfLeaving.documentId).not.toBeNull()
    for (const held of afterLeaving) {
      expect(held.status).toBe('failed')
      expect(held.documentId).toBeNull()
      expect(held.lastError).toMatch(/^Выписка не сформирована: обучающийся выбыл из школы \d\d\.\d\d\.\d{4}/)
    }
    const notices = await db.outboxJob.findMany({
      where: { applicationId: app.id, kind: 'notify-staff', payload: { contains: 'PERIODIC_PUPIL_LEFT' } },
    })
    expect(notices).toHaveLength(1)
    expect(JSON.parse(notices[0].payload)).toMatchObject({ role: 'responsible' })
    // Tried again an hour later: still held, still one notice.
    await runPeriodicDeliveries(new Date(later.getTime() + 2 * HOUR))
    expect((await slotsOf(app.id)).slice(2).every((d) => d.status === 'failed' && d.documentId === null)).toBe(true)
    expect(
      await db.outboxJob.count({ where: { applicationId: app.id, kind: 'notify-staff', payload: { contains: 'PERIODIC_PUPIL_LEFT' } } }),
    ).toBe(1)
    // The notice becomes a letter to the responsible employee that says what happened and what to do.
    await runOutbox(new Date(Date.now() + 60_000))
    const letter = await db.outboxJob.findFirstOrThrow({
      where: { applicationId: app.id, kind: 'send-email', payload: { contains: 'обучающийся выбыл' } },
    })
    expect((JSON.parse(letter.payload) as { to: string[] }).to).not.toContain(app.applicantEmail)
  })
})
