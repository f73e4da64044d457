import { describe, expect, it } from 'vitest'
import { db } from '#app/utils/db.server'
import { completeYear } from '#app/operations/steps.server'
import { runPeriodicDeliveries } from '#app/jobs/periodic-deliveries.server'
import { upcomingSlots } from '#app/models/periodic-schedule.server'
import { runOutbox } from '#app/jobs/outbox.server'
import { action as pageAction } from '#app/routes/staff.applications.$id'
import { action as batchAction } from '#app/routes/staff.delivery.batch'
import { action as statusAction, loader as statusLoader } from '#app/routes/s.$token'
import { staffActor } from '#tests/helpers/applications'
import { activePeriodic } from '#tests/helpers/periodic'
import { signIn } from '#tests/helpers/auth'
import { docxText } from '#tests/helpers/docx'
import { formatDay } from '#app/utils/format'
import { ORIGIN, formRequest, getRequest, settle } from '#tests/helpers/http'
import { addDays, endOfLocalDay, localDateOf, parseLocalDateTime, weekdayOf } from '#workflows/time'

const TZ = 'Europe/Saratov'
const at = (day: string, time = '10:00') => parseLocalDateTime(`${day}T${time}`, TZ)

/** A periodic application handed over first on `firstDay` (tests/helpers/periodic.ts). */
const activeApplication = (
  periodicity: 'weekly' | 'period' | 'monthly',
  firstDay: string,
  className = '6А',
  delivery: 'in_person' | 'email' | 'post' = 'in_person',
) => activePeriodic(periodicity, firstDay, className, delivery)

async function schoolYear() {
  return db.academicYear.findFirstOrThrow({ where: { current: true } })
}

/** A monthly application by e-mail from day `startDay` of the year, and the extract made for its first month. */
async function firstMonthlyEmailExtract(startDay: number, className: string) {
  const year = await schoolYear()
  const app = await activeApplication('monthly', addDays(year.startsOn, startDay), className, 'email')
  const endOfMonth = `${year.startsOn.slice(0, 7)}-30`
  await runPeriodicDeliveries(at(addDays(endOfMonth, 1)))
  const row = await db.delivery.findFirstOrThrow({ where: { applicationId: app.id, kind: 'periodic-extract' } })
  return { app, endOfMonth, row }
}

describe('periodic deliveries with a controllable clock', () => {
  it('makes the first two weekly deliveries on their Fridays, once each however often the worker runs', async () => {
    const year = await schoolYear()
    const firstDay = addDays(year.startsOn, 8) // the second week of the year
    const app = await activeApplication('weekly', firstDay)
    let friday = addDays(firstDay, 1)
    while (weekdayOf(friday) !== 5) friday = addDays(friday, 1)

    expect(await runPeriodicDeliveries(at(friday, '20:00'))).toMatchObject({ created: 0 }) // the week is not over yet
    const first = await runPeriodicDeliveries(at(addDays(friday, 1)))
    expect(first.created).toBe(1)
    await runPeriodicDeliveries(at(addDays(friday, 1), '12:00'))
    const second = await runPeriodicDeliveries(at(addDays(friday, 8)))
    expect(second.created).toBe(1)
    expect((await runPeriodicDeliveries(at(addDays(friday, 8)))).created).toBe(0)

    const rows = await db.delivery.findMany({ where: { applicationId: app.id, kind: 'periodic-extract' }, orderBy: { dueAt: 'asc' } })
    expect(rows.map((r) => [r.periodFrom, r.periodTo, r.status, r.channel])).toEqual([
      [addDays(firstDay, 1), friday, 'prepared', 'in_person'],
      [addDays(friday, 1), addDays(friday, 7), 'prepared', 'in_person'],
    ])
    expect(rows[0].dueAt!.getTime()).toBe(endOfLocalDay(friday, TZ).getTime())
    // Each extract is made by the document generator for its own week and stored with the application.
    const docs = await db.storedDocument.findMany({ where: { id: { in: rows.map((r) => r.documentId!) } } })
    expect(docs.map((d) => [d.kind, d.mime])).toEqual(
      rows.map(() => ['extract', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document']),
    )
    // The week is named once: «Период: 2026/2027 учебный год (с … по …)», not «с … по …, … (с … по …)».
    const firstDoc = docs.find((d) => d.id === rows[0].documentId)!
    const periodLine = docxText(firstDoc.content)
      .split('\n')
      .find((l) => l.startsWith('Период:'))
    expect(periodLine).toBe(`Период: ${year.name} учебный год (с ${formatDay(addDays(firstDay, 1))} по ${formatDay(friday)})`)
    expect((await upcomingSlots(app.id, at(addDays(friday, 8))))[0].day).toBe(addDays(friday, 14))

    // Staff record the first extract handed over: one DELIVER_PERIODIC, the row marked, the application still active.
    const cookie = await signIn('responsible')
    const current = await db.application.findUniqueOrThrow({ where: { id: app.id } })
    const response = await settle(() =>
      pageAction({
        request: formRequest(
          `/staff/applications/${app.id}`,
          {
            intent: 'DELIVER_PERIODIC',
            version: String(current.version),
            deliveryId: rows[0].id,
            deliveredOn: [addDays(friday, 1), localDateOf(new Date(), TZ)].sort()[0],
            recipient: 'Заявитель',
          },
          cookie,
        ),
        params: { id: app.id },
        context: {},
      }),
    )
    expect(response.status).toBe(200)
    const after = await db.application.findUniqueOrThrow({ where: { id: app.id } })
    expect(after.status).toBe('active')
    expect(await db.delivery.findUniqueOrThrow({ where: { id: rows[0].id } })).toMatchObject({ status: 'handed', recipient: 'Заявитель' })
    expect(await db.applicationEvent.count({ where: { applicationId: app.id, event: 'DELIVER_PERIODIC' } })).toBe(1)
  })

  it('a posted extract is recorded with a real Russian Post identifier, on the application page, not by the class batch', async () => {
    const year = await schoolYear()
    const firstDay = addDays(year.startsOn, 15)
    const app = await activeApplication('weekly', firstDay, '9Б', 'post')
    let friday = addDays(firstDay, 1)
    while (weekdayOf(friday) !== 5) friday = addDays(friday, 1)
    await runPeriodicDeliveries(at(addDays(friday, 1)))
    await runOutbox(at(addDays(friday, 1), '10:05'))
    const row = await db.delivery.findFirstOrThrow({ where: { applicationId: app.id, kind: 'periodic-extract' } })
    expect(row).toMatchObject({ channel: 'post', status: 'prepared' })
    const cookie = await signIn('responsible')
    const day = [addDays(friday, 1), localDateOf(new Date(), TZ)].sort()[0]

    // The class batch hands over in person: a posting is not marked there.
    const batch = await settle(() =>
      batchAction({
        request: formRequest('/staff/delivery/batch?class=9Б', { delivery: `${app.id}|${row.id}`, deliveredOn: day }, cookie),
        params: {},
        context: {},
      }),
    )
    expect(await batch.json()).toMatchObject({
      ok: false,
      message: expect.stringContaining('почтой, отмечается на странице заявления с почтовым идентификатором'),
    })
    expect((await db.delivery.findUniqueOrThrow({ where: { id: row.id } })).status).toBe('prepared')

    const post = async (trackingNumber: string) => {
      const current = await db.application.findUniqueOrThrow({ where: { id: app.id } })
      return settle(() =>
        pageAction({
          request: formRequest(
            `/staff/applications/${app.id}`,
            { intent: 'DELIVER_PERIODIC', version: String(current.version), deliveryId: row.id, deliveredOn: day, trackingNumber },
            cookie,
          ),
          params: { id: app.id },
          context: {},
        }),
      )
    }
    const bad = await post('123')
    expect(bad.status).toBe(400)
    expect((await bad.json()).fieldErrors.trackingNumber).toMatch(/^Почтовый идентификатор — 14 цифр/)
    expect(await db.applicationEvent.count({ where: { applicationId: app.id, event: 'DELIVER_PERIODIC' } })).toBe(0)
    expect((await post('410012 83 12345 6')).status).toBe(200)
    expect(await db.delivery.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({
      status: 'posted',
      trackingNumber: '41001283123456',
    })
  })

  it('completes the application at the end of the academic year through the operation, as the system', async () => {
    const year = await schoolYear()
    // The weekly application of the test above is closed by staff, so that only this one is in play.
    const responsible = await staffActor('responsible')
    for (const other of await db.application.findMany({ where: { status: 'active' } })) {
      await completeYear({ applicationId: other.id, schoolId: other.schoolId, actor: responsible })
    }
    const app = await activeApplication('period', addDays(year.startsOn, 10), '7Б')
    const afterYear = at(addDays(year.endsOn, 1))
    const atEnd = await runPeriodicDeliveries(afterYear)
    expect(atEnd.completed).toBe(0) // extracts still to hand over keep it open
    expect(await db.delivery.count({ where: { applicationId: app.id, kind: 'periodic-extract' } })).toBe(4) // one per quarter
    const late = await runPeriodicDeliveries(at(addDays(year.endsOn, 31)))
    expect(late.completed).toBeGreaterThanOrEqual(1)
    const done = await db.application.findUniqueOrThrow({ where: { id: app.id } })
    expect(done.status).toBe('completed')
    const event = await db.applicationEvent.findFirstOrThrow({ where: { applicationId: app.id, event: 'YEAR_ENDED' } })
    expect(event).toMatchObject({ actorName: 'Система', actorUserId: null, toStatus: 'completed' })
    expect((await runPeriodicDeliveries(at(addDays(year.endsOn, 32)))).completed).toBe(0)
  }, 90_000)

  it('records an e-mailed extract in the procedure once, as the system', async () => {
    const { app, endOfMonth, row } = await firstMonthlyEmailExtract(3, '9Б')
    expect(row).toMatchObject({ channel: 'email', status: 'prepared', periodTo: endOfMonth })
    // the letter that carries it
    expect(await db.outboxJob.count({ where: { kind: 'send-email', idempotencyKey: { endsWith: `${row.idempotencyKey}:email` } } })).toBe(1)
    // The mail sender reports the letter sent; the next pass records the delivery in the procedure.
    await db.delivery.update({ where: { id: row.id }, data: { status: 'emailed', deliveredAt: at(addDays(endOfMonth, 1), '10:05') } })
    await runPeriodicDeliveries(at(addDays(endOfMonth, 1), '11:00'))
    await runPeriodicDeliveries(at(addDays(endOfMonth, 1), '12:00'))
    const events = await db.applicationEvent.findMany({ where: { applicationId: app.id, event: 'DELIVER_PERIODIC' } })
    expect(events.map((e) => e.actorName)).toEqual(['Система'])
    expect((await db.delivery.findUniqueOrThrow({ where: { id: row.id } })).recordedBy).toBe('Система')
  })

  it('the applicant stops a monthly e-mail application midyear: the unsent letter is cancelled, no later extract is made', async () => {
    const { app, endOfMonth, row } = await firstMonthlyEmailExtract(4, '8А')
    const letter = await db.outboxJob.findFirstOrThrow({
      where: { kind: 'send-email', idempotencyKey: { endsWith: `${row.idempotencyKey}:email` } },
    })
    expect(letter.status).toBe('pending')

    const args = (request: Request) => ({ request, params: { token: app.statusToken }, context: {} })
    const page = async () => (await (await statusLoader(args(getRequest(`/s/${app.statusToken}`)))).json()).view
    expect((await page()).canStop).toBe(true)
    expect((await page()).canWithdraw).toBe(false)
    const current = await db.application.findUniqueOrThrow({ where: { id: app.id } })
    const post = (fields: Record<string, string>) =>
      new Request(`${ORIGIN}/s/${app.statusToken}`, { method: 'POST', body: new URLSearchParams(fields), headers: { Origin: ORIGIN } })
    const response = await settle(() => statusAction(args(post({ intent: 'stop', version: String(current.version) }))))
    expect(response.headers.get('Location')).toBe(`/s/${app.statusToken}?done=stopped`)

    const view = await page()
    expect(view.status).toBe('completed')
    expect(view.canStop).toBe(false)
    expect(view.history.at(-1)?.text).toBe('Периодическое предоставление прекращено по просьбе заявителя')
    expect(await db.outboxJob.findUniqueOrThrow({ where: { id: letter.id } })).toMatchObject({
      status: 'cancelled',
      lastError: 'периодическое предоставление прекращено',
    })
    expect((await db.delivery.findUniqueOrThrow({ where: { id: row.id } })).status).toBe('cancelled')
    const notices = await db.outboxJob.findMany({
      where: {
        payload: { contains: `"applicationId":"${app.id}"` },
        createdAt: { gte: current.updatedAt },
        kind: { in: ['notify-applicant', 'notify-staff'] },
      },
    })
    expect(notices.map((n) => [n.kind, JSON.parse(n.payload).reason]).sort()).toEqual([
      ['notify-applicant', 'STOP_PERIODIC'],
      ['notify-staff', 'STOP_PERIODIC'],
    ])
    // The letters those become: the applicant's confirmation and the responsible employee's notice.
    await runOutbox(new Date(Date.now() + 60_000))
    const letters = (
      await db.outboxJob.findMany({
        where: { kind: 'send-email', payload: { contains: `"applicationId":"${app.id}"` }, status: 'pending' },
      })
    ).map((j) => JSON.parse(j.payload) as { to: string[]; subject: string; text: string })
    const stopLetters = letters.filter((l) => l.subject.endsWith('периодическое предоставление прекращено'))
    expect(stopLetters).toHaveLength(2)
    const toApplicant = stopLetters.find((l) => l.to.includes(app.applicantEmail))
    expect(toApplicant?.text).toContain('По вашей просьбе периодическое предоставление информации по заявлению прекращено')
    expect(stopLetters.find((l) => l !== toApplicant)?.text).toContain('Заявитель отказался от дальнейших выписок')

    // The following months make nothing, and a second stop is refused in Russian.
    await runPeriodicDeliveries(at(addDays(endOfMonth, 32)))
    await runPeriodicDeliveries(at(addDays(endOfMonth, 63)))
    expect(await db.delivery.count({ where: { applicationId: app.id, kind: 'periodic-extract' } })).toBe(1)
    const again = await settle(() => statusAction(args(post({ intent: 'stop' }))))
    expect(again.status).toBe(400)
    expect((await again.json()).error).toBe(
      'Действие «Прекратить периодическое предоставление» недоступно: периодическое предоставление по заявлению не идёт',
    )
  })

  it('staff stop a periodic application only citing the applicant’s written request', async () => {
    const year = await schoolYear()
    const app = await activeApplication('weekly', addDays(year.startsOn, 15), '10А')
    let friday = addDays(year.startsOn, 16)
    while (weekdayOf(friday) !== 5) friday = addDays(friday, 1)
    expect((await runPeriodicDeliveries(at(addDays(friday, 1)))).created).toBeGreaterThanOrEqual(1)
    const cookie = await signIn('responsible')
    const stop = async (reason: string) => {
      const { version } = await db.application.findUniqueOrThrow({ where: { id: app.id } })
      return settle(() =>
        pageAction({
          request: formRequest(`/staff/applications/${app.id}`, { intent: 'STOP_PERIODIC', version: String(version), reason }, cookie),
          params: { id: app.id },
          context: {},
        }),
      )
    }
    const missing = await stop('  ')
    expect(missing.status).toBe(400)
    expect(JSON.stringify(await missing.json())).toContain('Укажите реквизиты письменного заявления заявителя о прекращении предоставления')
    expect((await db.application.findUniqueOrThrow({ where: { id: app.id } })).status).toBe('active')
    expect((await stop('заявление от 20.10.2026 вх. № 88')).status).toBe(200)
    expect((await db.application.findUniqueOrThrow({ where: { id: app.id } })).status).toBe('completed')
    // The paper extract prepared for the week is not to be handed over any more.
    expect((await db.delivery.findMany({ where: { applicationId: app.id, kind: 'periodic-extract' } })).map((d) => d.status)).toEqual([
      'cancelled',
    ])
    const event = await db.applicationEvent.findFirstOrThrow({ where: { applicationId: app.id, event: 'STOP_PERIODIC' } })
    expect(JSON.parse(event.data)).toMatchObject({ reason: 'заявление от 20.10.2026 вх. № 88' })
  })
})
