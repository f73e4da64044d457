// Порядок 3.1.2: «В случае отсутствия запрашиваемой информации в электронном дневнике и электронном журнале
// успеваемости заявитель информируется об этом уведомлением в письменной форме с указанием оснований отказа в
// предоставлении информации, которое подписывается руководителем образовательного учреждения и направляется
// заявителю указанным им в заявлении способом». Положение 3.7: «В 1-х классах оценки, домашнее задание в
// электронный журнал по учебным предметам не ставятся».
import { describe, expect, it } from 'vitest'
import { db } from '#app/utils/db.server'
import { staffSession } from '#tests/helpers/auth'
import { runOutbox } from '#app/jobs/outbox.server'
import { decideApplication } from '#app/operations/decide-application.server'
import {
  forwardToDirector,
  registerApplication,
  requestCorrection,
  startDelivery,
  startReview,
  submitCorrection,
} from '#app/operations/steps.server'
import { reviewPrecheck } from '#app/models/review-precheck.server'
import { getStatusView } from '#app/models/application-status.server'
import { readChain } from '#app/models/registration-log-check.server'
import { receive, refusal, staffActor } from '#tests/helpers/applications'
import { docxText } from '#tests/helpers/docx'
import { endOfLocalDay, localDateOf, addDays } from '#workflows/time'

const DEMO_PASSWORD = 'demo2026'

/** A 1st-grader's application for marks, homework and attendance, up to the director's desk. */
async function firstGraderAtDirector(delivery = 'email') {
  const responsible = await staffActor('responsible')
  const app = await receive('online', '1А', { kinds: ['marks', 'homework', 'attendance'], delivery })
  const t = { applicationId: app.id, schoolId: app.schoolId, actor: responsible }
  await registerApplication(t)
  await startReview(t)
  return { app, t }
}

describe('a partial decision (Порядок 3.1.2)', () => {
  it('the pre-check proposes granting attendance and refusing marks and homework of the 1st grade', async () => {
    const { app } = await firstGraderAtDirector()
    const pre = (await reviewPrecheck(app.schoolId, app.id))!
    expect(pre.proposal).toBe('partial')
    expect(pre.refusedKinds).toEqual(['marks', 'homework'])
    expect(pre.grounds).toHaveLength(1)
    expect(pre.grounds[0]).toMatch(/отсутств/i)
    expect(pre.summary).toContain('Положение об ЭЖ, п. 3.7')
  })

  // Two documents, each also converted to PDF by LibreOffice on a shared machine: a longer limit.
  it(
    'the director signs both with one password: the extract holds the rest, the notice names the refused kinds',
    { timeout: 180_000 },
    async () => {
      const { app, t } = await firstGraderAtDirector('email')
      const pre = (await reviewPrecheck(app.schoolId, app.id))!
      await forwardToDirector({
        ...t,
        comment: pre.summary,
        proposal: 'partial',
        proposedGrounds: pre.grounds,
        proposedRefusedKinds: pre.refusedKinds,
      })
      const director = await staffSession('director')
      const granted = await decideApplication({
        user: director,
        applicationId: app.id,
        decision: 'partial',
        refusedKinds: pre.refusedKinds,
        grounds: pre.grounds,
        password: DEMO_PASSWORD,
      })
      expect(granted.status).toBe('granted')
      expect(JSON.parse(granted.grounds)).toEqual(pre.grounds)

      const log = await readChain(db, app.schoolId)
      expect(log.filter((r) => r.applicationId === app.id).at(-1)!.result).toMatch(
        /^принято решение о предоставлении информации, кроме: информация о темах и видах занятий и работ.*; в этой части отказано: /,
      )

      await runOutbox()
      const notice = (await db.storedDocument.findMany({ where: { applicationId: app.id, kind: 'refusal-notice' } })).find((d) =>
        d.fileName.endsWith('.docx'),
      )!
      const noticeText = docxText(notice.content)
      expect(noticeText).toContain(pre.grounds[0])
      expect(noticeText).toContain(
        'в части: информация о темах и видах занятий и работ, по результатам которых ' +
          'получены оценки; информация о задаваемых обучающемуся домашних заданиях',
      )
      expect(noticeText).toContain('Остальная запрошенная информация предоставляется выпиской')
      // Delivered by the chosen channel: the notice's letter is queued for the applicant's address.
      expect(await db.delivery.count({ where: { applicationId: app.id, kind: 'refusal-notice', channel: 'email' } })).toBe(1)

      await startDelivery({ ...t, actor: await staffActor('responsible') })
      await runOutbox()
      const extract = (await db.storedDocument.findMany({ where: { applicationId: app.id, kind: 'extract' } })).find((d) =>
        d.fileName.endsWith('.docx'),
      )
      expect(extract).toBeTruthy()

      const view = await getStatusView(await db.application.findUniqueOrThrow({ where: { id: app.id } }))
      expect(view.partial).toMatchObject({
        refused: [expect.stringContaining('оценки'), expect.stringContaining('домашних заданиях')],
        grounds: pre.grounds,
      })
      expect(view.partial!.granted).toEqual([expect.stringContaining('посещаемости')])
      expect(view.documents.map((d) => d.kind).sort()).toEqual(['extract', 'refusal-notice'])
      expect(view.history.some((h) => h.details.some((d) => d.startsWith('Отказано в части: ')))).toBe(true)
    },
  )

  it('refuses to decide with a wrong signing password and changes nothing', async () => {
    const { app, t } = await firstGraderAtDirector()
    await forwardToDirector({ ...t, comment: 'Проверено', proposal: 'grant' })
    const before = await db.application.findUniqueOrThrow({ where: { id: app.id } })
    const events = await db.applicationEvent.count({ where: { applicationId: app.id } })
    const director = await staffSession('director')
    for (const decision of ['grant', 'refuse', 'partial'] as const) {
      const error = await refusal(() =>
        decideApplication({
          user: director,
          applicationId: app.id,
          decision,
          grounds: ['основание'],
          refusedKinds: ['marks'],
          password: 'не тот пароль',
        }),
      )
      expect(error.status).toBe(400)
      expect(error.message).toBe('Пароль для подписи введён неверно — решение не принято')
    }
    const after = await db.application.findUniqueOrThrow({ where: { id: app.id } })
    expect([after.status, after.version, after.decidedAt]).toEqual([before.status, before.version, null])
    expect(await db.applicationEvent.count({ where: { applicationId: app.id } })).toBe(events)
    expect(await db.outboxJob.count({ where: { payload: { contains: app.id }, kind: 'document' } })).toBe(0)
  })
})

// ADR 031. Порядок 3.1.2: «не превышающий 29 календарных дней со дня поступления заявления к ответственному работнику».
describe('the review clock runs from registration, whatever the clicks', () => {
  it('neither a late «принять к рассмотрению» nor a correction moves the review or the answer date', async () => {
    const responsible = await staffActor('responsible')
    const school = await db.school.findFirstOrThrow()
    const tz = school.timeZone
    const receivedAt = new Date('2026-11-02T07:00:00Z') // Mon 02.11.2026, 11:00 in Saratov
    const app = await receive('post', '5А', {}, receivedAt)
    const t = { applicationId: app.id, schoolId: app.schoolId, actor: responsible }
    const registered = await registerApplication({ ...t, now: new Date('2026-11-03T06:00:00Z') }) // Tue 03.11
    const registrationDay = localDateOf(registered.registeredAt!, tz)
    expect(registrationDay).toBe('2026-11-03')
    expect(registered.reviewDue).toEqual(endOfLocalDay(addDays(registrationDay, 29), tz)) // 02.12.2026
    expect(registered.deliveryDue).toEqual(endOfLocalDay(addDays(registrationDay, 30), tz)) // 03.12.2026
    expect(registered.reviewStartedAt).toEqual(registered.registeredAt)

    const reviewed = await startReview({ ...t, now: new Date('2026-11-10T06:00:00Z') })
    expect([reviewed.reviewDue, reviewed.deliveryDue, reviewed.reviewStartedAt]).toEqual([
      registered.reviewDue,
      registered.deliveryDue,
      registered.reviewStartedAt,
    ])
    await requestCorrection({ ...t, items: ['Приложите копию паспорта'], now: new Date('2026-11-11T06:00:00Z') })
    const corrected = await submitCorrection({
      ...t,
      actor: { userId: null, name: 'Заявитель', roles: ['applicant'] },
      now: new Date('2026-11-20T06:00:00Z'),
    })
    expect(corrected.status).toBe('in_review')
    expect([corrected.reviewDue, corrected.deliveryDue, corrected.reviewStartedAt]).toEqual([
      registered.reviewDue,
      registered.deliveryDue,
      registered.reviewStartedAt,
    ])
  })
})
