import { describe, expect, it } from 'vitest'
import { db } from '#app/utils/db.server'
import { OperationError } from '#app/operations/errors'
import { receiveApplication } from '#app/operations/receive-application.server'
import {
  forwardToDirector,
  recordDelivery,
  refuseAcceptance,
  registerApplication,
  startDelivery,
  startReview,
  withdrawApplication,
} from '#app/operations/steps.server'
import { transitionApplication } from '#app/operations/transition.server'
import { readChain } from '#app/models/registration-log-check.server'
import { sweepDeadlines } from '#app/jobs/deadline-sweep.server'
import { verifyChain } from '#workflows/registration-log'
import { applicationFor, copyApplication, receive, refusal, staffActor } from '#tests/helpers/applications'

describe('the procedure, through the operations', () => {
  it('receives, registers with log number, reviews, decides and delivers, writing audit, log and outbox rows', async () => {
    const responsible = await staffActor('responsible')
    const director = await staffActor('director')
    const app = await receive('online')
    expect(app.status).toBe('received')
    expect(app.pupilId).not.toBeNull()
    const t = { applicationId: app.id, schoolId: app.schoolId }

    const registered = await registerApplication({ ...t, actor: responsible })
    expect(registered.status).toBe('registered')
    expect(registered.registrationNumber).toBe(1)
    expect(registered.deliveryDue!.getTime()).toBeGreaterThan(registered.registeredAt!.getTime() + 29 * 86_400_000)
    expect(registered.reviewDue!.getTime()).toBeLessThanOrEqual(registered.deliveryDue!.getTime())

    await startReview({ ...t, actor: responsible })
    await forwardToDirector({ ...t, actor: responsible, comment: 'Документы в порядке', proposal: 'grant' })
    await transitionApplication({ ...t, actor: director, event: { type: 'GRANT' } })
    await startDelivery({ ...t, actor: responsible })
    const delivered = await recordDelivery({ ...t, actor: responsible, deliveredAt: new Date(), channel: 'email' })
    expect(delivered.status).toBe('delivered')
    expect(delivered.closedAt).not.toBeNull()

    const events = await db.applicationEvent.findMany({ where: { applicationId: app.id }, orderBy: { at: 'asc' } })
    expect(events.map((e) => e.event)).toEqual(['RECEIVE', 'REGISTER', 'START_REVIEW', 'FORWARD', 'GRANT', 'START_DELIVERY', 'DELIVER'])
    expect(events.find((e) => e.event === 'GRANT')!.actorUserId).toBe(director.userId)

    const log = await readChain(db, app.schoolId)
    expect(log.map((r) => [r.number, r.result])).toEqual([
      [1, null],
      [1, 'принято решение о предоставлении информации'],
    ])
    expect(verifyChain(log).ok).toBe(true)

    const jobs = await db.outboxJob.findMany({ where: { payload: { contains: app.id } } })
    expect(jobs.map((j) => JSON.parse(j.payload).effect).sort()).toEqual(
      ['acknowledge', 'notifyApplicant', 'notifyApplicant', 'notifyDirector', 'notifyResponsible', 'queueExtract'].sort(),
    )
  })

  it('refuses a move from the wrong state, by the wrong role, or without grounds, and writes nothing', async () => {
    const app = await receive('post')
    const t = { applicationId: app.id, schoolId: app.schoolId }
    const before = await db.applicationEvent.count()
    const teacher = await staffActor('admin')
    expect((await refusal(() => registerApplication({ ...t, actor: teacher }))).message).toMatch(/Недостаточно прав/)
    const responsible = await staffActor('responsible')
    expect((await refusal(() => startReview({ ...t, actor: responsible }))).message).toMatch(/недоступно/)
    expect((await refusal(() => refuseAcceptance({ ...t, actor: responsible, grounds: ['  '], form: 'written' }))).message).toMatch(
      /основани/i,
    )
    expect(await db.applicationEvent.count()).toBe(before)
    expect((await db.application.findUniqueOrThrow({ where: { id: app.id } })).status).toBe('received')
  })

  it('lets one of two staff acting at once win; the other gets a clear message and nothing is half-written', async () => {
    const app = await receive('email')
    const responsible = await staffActor('responsible')
    const secretary = await staffActor('secretary')
    const t = { applicationId: app.id, schoolId: app.schoolId, expectedVersion: app.version }
    const results = await Promise.allSettled([
      registerApplication({ ...t, actor: responsible }),
      registerApplication({ ...t, actor: secretary }),
    ])
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult
    expect(lost.reason).toBeInstanceOf(OperationError)
    expect(lost.reason.message).toMatch(/другой сотрудник|недоступно/)
    expect(await db.registrationLogEntry.count({ where: { applicationId: app.id } })).toBe(1)
    expect(await db.applicationEvent.count({ where: { applicationId: app.id, event: 'REGISTER' } })).toBe(1)
  })

  it('creates one application for the same idempotency key', async () => {
    const school = await db.school.findFirstOrThrow()
    const data = await applicationFor('7Б')
    const actor = { userId: null, name: 'Заявитель', roles: ['applicant' as const] }
    const [a, b] = await Promise.all([
      receiveApplication({ schoolId: school.id, channel: 'online', data, actor, idempotencyKey: 'key-1' }),
      receiveApplication({ schoolId: school.id, channel: 'online', data, actor, idempotencyKey: 'key-1' }),
    ])
    expect(a.application.id).toBe(b.application.id)
    expect(await db.application.count({ where: { idempotencyKey: 'key-1' } })).toBe(1)
  })

  it('rejects bad input field by field in Russian and stores nothing', async () => {
    const school = await db.school.findFirstOrThrow()
    const before = await db.application.count()
    const error = await refusal(() =>
      receiveApplication({
        schoolId: school.id,
        channel: 'online',
        actor: { userId: null, name: '', roles: ['applicant'] },
        data: {
          applicant: { lastName: '', firstName: 'Анна', email: 'нет' },
          pupil: { lastName: 'Петров', firstName: 'Иван', className: '12Я' },
          kinds: [],
          periodicity: 'once',
          delivery: 'email',
        },
      }),
    )
    expect(error.fieldErrors).toMatchObject({
      'applicant.lastName': 'Укажите фамилию',
      'applicant.email': 'Неверный адрес электронной почты',
      'pupil.className': 'Класс — номер и буква, например 5А',
      kinds: 'Отметьте хотя бы один вид информации',
    })
    expect(await db.application.count()).toBe(before)
  })

  it('numbers registrations in order and withdraws with a log result row', async () => {
    const responsible = await staffActor('responsible')
    const a = await receive('post', '6А')
    const b = await receive('post', '6Б')
    const ra = await registerApplication({ applicationId: a.id, schoolId: a.schoolId, actor: responsible })
    const rb = await registerApplication({ applicationId: b.id, schoolId: b.schoolId, actor: responsible })
    expect(rb.registrationNumber).toBe(ra.registrationNumber! + 1)
    const w = await withdrawApplication({
      applicationId: a.id,
      schoolId: a.schoolId,
      actor: { userId: null, name: 'Заявитель', roles: ['applicant'] },
    })
    expect(w.status).toBe('withdrawn')
    const log = await readChain(db, a.schoolId)
    expect(log.at(-1)).toMatchObject({ applicationId: a.id, result: 'заявление отозвано заявителем' })
    expect(verifyChain(log).ok).toBe(true)
  })
})

describe('deadline sweep', () => {
  it('notifies once per application, stage and level, however often it runs', async () => {
    const received = new Date('2026-11-20T10:00:00+04:00')
    const app = await receive('post', '9А', {}, received)
    const now = new Date('2026-11-27T10:00:00+04:00') // registration was due 23.11.2026 23:59:59
    const first = await sweepDeadlines(now)
    const second = await sweepDeadlines(now)
    expect(first).toBeGreaterThanOrEqual(1)
    expect(second).toBe(0)
    const notices = await db.deadlineNotice.findMany({ where: { applicationId: app.id } })
    expect(notices.map((n) => `${n.stage}:${n.level}`)).toEqual(['registration:overdue'])
    const jobs = await db.outboxJob.findMany({ where: { kind: 'notify-staff', payload: { contains: app.id } } })
    expect(jobs).toHaveLength(1)
    expect(JSON.parse(jobs[0].payload).role).toBe('director')
  })

  it('raises the notices of over a thousand open applications at once, each once (a long list of ids read whole)', async () => {
    const source = await receive('post', '9Б', {}, new Date('2026-11-20T10:00:00+04:00'))
    const n = 1_100
    await copyApplication(source.id, n)
    const now = new Date('2026-11-27T10:00:00+04:00')
    await sweepDeadlines(now)
    expect(await sweepDeadlines(now)).toBe(0)
    const copies = { applicationId: { startsWith: `${source.id}-copy-` }, stage: 'registration', level: 'overdue' }
    expect(await db.deadlineNotice.count({ where: copies })).toBe(n)
  }, 180_000)
})

describe('registration log integrity', () => {
  it('reports a row edited by hand in the database, and a deleted row', async () => {
    const responsible = await staffActor('responsible')
    for (const cls of ['10А', '10Б', '11А']) {
      const a = await receive('post', cls)
      await registerApplication({ applicationId: a.id, schoolId: a.schoolId, actor: responsible })
    }
    const schoolId = (await db.school.findFirstOrThrow()).id
    const rows = await readChain(db, schoolId)
    expect(verifyChain(rows).ok).toBe(true)
    const target = rows[1]
    await db.$executeRaw`UPDATE "RegistrationLogEntry" SET "applicantName" = 'Подменённый Заявитель' WHERE "id" = ${target.id}`
    const edited = verifyChain(await readChain(db, schoolId))
    expect(edited).toMatchObject({ ok: false, brokenAt: { sequence: target.sequence, reason: 'hash_mismatch' } })
    await db.$executeRaw`UPDATE "RegistrationLogEntry" SET "applicantName" = ${target.applicantName} WHERE "id" = ${target.id}`
    expect(verifyChain(await readChain(db, schoolId)).ok).toBe(true)
    await db.$executeRaw`DELETE FROM "RegistrationLogEntry" WHERE "id" = ${target.id}`
    const deleted = verifyChain(await readChain(db, schoolId))
    expect(deleted.ok).toBe(false)
    if (!deleted.ok) expect(deleted.brokenAt.sequence).toBe(target.sequence + 1)
  })
})
