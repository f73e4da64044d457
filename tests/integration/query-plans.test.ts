// Every query the staff pages send is planned by SQLite without a full scan of a table that grows with the school's
// applications (Application, ApplicationEvent, RegistrationLogEntry, OutboxJob, AuditEvent, Delivery, StoredDocument).
// The queries are the real ones: a client that reports each query is put in place of the app's before the read
// models load; each is then asked EXPLAIN QUERY PLAN with its own parameters.
import Database from 'better-sqlite3'
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { PrismaClient } from '#app/generated/prisma/client'

type Query = { query: string; params: string }
const queries: Query[] = []
const client = new PrismaClient({
  adapter: new PrismaBetterSQLite3({ url: process.env.DATABASE_URL as string }),
  log: [{ emit: 'event', level: 'query' }],
})
client.$on('query', (e) => queries.push({ query: e.query, params: e.params }))
;(globalThis as { __db?: unknown }).__db = client

const GROWING = [
  'Application',
  'ApplicationEvent',
  'RegistrationLogEntry',
  'OutboxJob',
  'AuditEvent',
  'Delivery',
  'StoredDocument',
  'InboundMessage',
  'Upload',
  'ControlCheck',
]
const raw = new Database((process.env.DATABASE_URL as string).replace(/^file:/, ''), { readonly: true })
afterAll(() => raw.close())

/** Plan lines that read a growing table whole: «SCAN T» with or without an index, as opposed to «SEARCH T USING …». */
function fullScans(q: Query): string[] {
  // Prisma sends `WHERE 1=0` for an empty `in: []`: SQLite plans it as a scan, but it reads no row.
  if (/ WHERE 1=0 /.test(q.query)) return []
  const params = (JSON.parse(q.params) as unknown[]).map((p) => (typeof p === 'boolean' ? Number(p) : p))
  const plan = raw.prepare(`EXPLAIN QUERY PLAN ${q.query}`).all(...params) as { detail: string }[]
  return plan.map((p) => p.detail).filter((d) => GROWING.some((t) => new RegExp(`^SCAN (main\\.)?"?${t}"?( |$)`).test(d)))
}

/** The plan of one reported query, line by line. */
function planOf(q: Query): string[] {
  const params = (JSON.parse(q.params) as unknown[]).map((p) => (typeof p === 'boolean' ? Number(p) : p))
  return (raw.prepare(`EXPLAIN QUERY PLAN ${q.query}`).all(...params) as { detail: string }[]).map((p) => p.detail)
}

async function plansOf(run: () => Promise<unknown>): Promise<string[]> {
  queries.length = 0
  await run()
  expect(queries.length).toBeGreaterThan(0)
  return queries.flatMap((q) => fullScans(q).map((scan) => `${scan}\n    in: ${q.query.slice(0, 300)}`))
}

describe('query plans of the staff pages', async () => {
  const { listQueue } = await import('#app/models/applications.server')
  const { pageRegistrationLog } = await import('#app/models/applications.server')
  const { getApplicationPage } = await import('#app/models/application-page.server')
  const { receive, staffActor } = await import('#tests/helpers/applications')
  const { registerApplication } = await import('#app/operations/steps.server')
  const school = await client.school.findFirstOrThrow()
  const now = new Date()

  it('the queue, with every filter and on a later page, searches by index', async () => {
    const responsible = await staffActor('responsible')
    for (let i = 0; i < 3; i++) {
      const a = await receive('online', '5А')
      await registerApplication({ applicationId: a.id, schoolId: a.schoolId, actor: responsible })
    }
    const first = await listQueue(school.id, {}, now)
    expect(await plansOf(() => listQueue(school.id, {}, now))).toEqual([])
    for (const filters of [
      { state: 'registered' },
      { channel: 'online' },
      { className: '5А' },
      { due: 'overdue' as const },
      { due: 'soon' as const },
      { assignee: 'none' },
    ]) {
      expect(await plansOf(() => listQueue(school.id, filters, now)), JSON.stringify(filters)).toEqual([])
    }
    const cursor = Buffer.from(
      JSON.stringify({ due: first.rows[0].deadline!.dueAt, received: now.toISOString(), id: first.rows[0].id }),
    ).toString('base64url')
    expect(await plansOf(() => listQueue(school.id, {}, now, null, cursor))).toEqual([])
  })

  it('the queue’s default view reads the tally once, for its facet counts and its total alike', async () => {
    queries.length = 0
    const { total } = await listQueue(school.id, {}, now)
    const tallyReads = queries.filter((q) => /`ApplicationTally`/.test(q.query))
    expect(tallyReads.map((q) => q.query.slice(0, 100))).toHaveLength(1)
    expect(total).toBe(await client.application.count({ where: { schoolId: school.id, closedAt: null } }))
    expect(total).toBeGreaterThan(0)
  })

  it('«Найти заявление» finds by number, receipt and surname through indexes', async () => {
    const { findApplications } = await import('#app/models/applications.server')
    const app = await client.application.findFirstOrThrow({ where: { schoolId: school.id } })
    for (const q of ['12', '12/2026', app.receiptNumber, 'иванова', 'Федорова Анна']) {
      expect(await plansOf(() => findApplications(school.id, q, now)), q).toEqual([])
      // A number or a receipt is no walk of the school's applications in date order either (its unique index).
      if (!/^\d/.test(q)) continue
      const walks = queries
        .filter((query) => !/ WHERE 1=0 /.test(query.query))
        .flatMap((query) => planOf(query))
        .filter((line) => /Application_schoolId_receivedAt/.test(line))
      expect(walks, q).toEqual([])
    }
  })

  it("the director's «now» panel counts by index and tally", async () => {
    const { getControlSnapshot } = await import('#app/models/dashboard.server')
    expect(await plansOf(() => getControlSnapshot(school.id, now, 'Europe/Saratov'))).toEqual([])
  })

  it("the director's oldest open applications are read without the snapshot (the columns the panel shows)", async () => {
    const { getControlSnapshot } = await import('#app/models/dashboard.server')
    const { receive } = await import('#tests/helpers/applications')
    await receive('online', '5А')
    queries.length = 0
    const { oldest } = await getControlSnapshot(school.id, now, 'Europe/Saratov')
    expect(oldest.length).toBeGreaterThan(0)
    const reads = queries.filter((q) => /FROM `main`\.`Application` WHERE .*ORDER BY `main`\.`Application`\.`receivedAt` ASC/.test(q.query))
    expect(reads, queries.map((q) => q.query.slice(0, 160)).join('\n')).toHaveLength(1)
    expect(reads[0].query).not.toMatch(/snapshot/)
  })

  it("the director's period figures are counted by index, not by loading applications", async () => {
    const { getPeriodMetrics } = await import('#app/models/dashboard.server')
    const range = { from: '2026-09-01', to: '2027-08-31' }
    expect(await plansOf(() => getPeriodMetrics(school.id, range, now, 'Europe/Saratov'))).toEqual([])
  })

  it('the registration log page and the application page search by index', async () => {
    expect(await plansOf(() => pageRegistrationLog(school.id, new Date(now.getTime() - 30 * 86_400_000), now, null))).toEqual([])
    expect(await plansOf(() => pageRegistrationLog(school.id, new Date(now.getTime() - 30 * 86_400_000), now, 1))).toEqual([])
    const app = await client.application.findFirstOrThrow({ where: { schoolId: school.id } })
    expect(await plansOf(() => getApplicationPage(school.id, app.id, ['responsible'], now))).toEqual([])
  })

  it('the registration log page of a period the log has gone past walks the chain only to the period’s last row', async () => {
    const oldest = await client.registrationLogEntry.findFirstOrThrow({ where: { schoolId: school.id }, orderBy: { sequence: 'asc' } })
    expect(
      await client.registrationLogEntry.count({ where: { schoolId: school.id, registeredAt: { gt: oldest.registeredAt } } }),
    ).toBeGreaterThan(0)
    const from = new Date(oldest.registeredAt.getTime() - 86_400_000)
    queries.length = 0
    const { rows, next } = await pageRegistrationLog(school.id, from, oldest.registeredAt, null)
    expect(rows.map((r) => r.sequence)).toContain(oldest.sequence)
    expect(next).toBeNull()
    const page = queries.find((q) => /RegistrationLogEntry\S* WHERE .* ORDER BY \S*sequence\S* ASC LIMIT/.test(q.query))
    expect(page, queries.map((q) => q.query).join('\n')).toBeDefined()
    // Bounded by the period's last row (here its only one), not by the end of the log; and by index.
    expect((page as Query).query).toMatch(/sequence[`"] <= \?/)
    // Its first row and its last are the same one: the walk's two bounds (the log shows parameters as text).
    expect((JSON.parse((page as Query).params) as unknown[]).filter((p) => String(p) === String(oldest.sequence))).toHaveLength(2)
    expect(fullScans(page as Query)).toEqual([])
  })

  it('the other staff lists page by index: outgoing and incoming mail, the access audit, checks, retention', async () => {
    const { listLetters } = await import('#app/mail/outbox-admin.server')
    const { listInbound } = await import('#app/mail/inbox.server')
    const { searchAccess } = await import('#app/models/access-audit.server')
    const { pageChecks } = await import('#app/models/control-checks.server')
    const { pageExpired } = await import('#app/models/retention.server')
    const { encodeTimeCursor } = await import('#app/utils/keyset.server')
    const later = encodeTimeCursor({ at: now.toISOString(), id: 'zzzz' })
    const tz = 'Europe/Saratov'
    for (const [name, run] of [
      ['letters', () => listLetters(school.id, {})],
      ['failed letters', () => listLetters(school.id, { status: 'failed' })],
      ['letters, a later page', () => listLetters(school.id, { after: later })],
      ['inbound', () => listInbound(school.id)],
      ['new inbound', () => listInbound(school.id, 'new', later)],
      ['audit', () => searchAccess(school.id, {}, tz)],
      ['audit, a later page', () => searchAccess(school.id, { from: new Date(0), to: now }, tz, later)],
      ['checks', () => pageChecks(school.id, later)],
      ['retention', () => pageExpired(school.id, now, tz)],
      ['retention, a later page', () => pageExpired(school.id, now, tz, later)],
    ] as const) {
      expect(await plansOf(run), name).toEqual([])
    }
  })

  it('a reply or a bounce finds its letter by the Message-ID index, not by reading every letter of the school', async () => {
    const { findLetters } = await import('#app/mail/letters.server')
    const { queueEmail } = await import('#app/mail/queue-email.server')
    const { messageId } = await client.$transaction((tx) =>
      queueEmail(tx, { idempotencyKey: 'plan:letter', to: 'parent@example.org', subject: 'Ответ', text: '…', schoolId: school.id }),
    )
    queries.length = 0
    expect(await findLetters(client, school.id, [messageId])).toHaveLength(1)
    const lookup = queries.find((q) => /FROM `main`\.`OutboxJob`/.test(q.query))!
    const params = (JSON.parse(lookup.params) as unknown[]).map((p) => (typeof p === 'boolean' ? Number(p) : p))
    const plan = (raw.prepare(`EXPLAIN QUERY PLAN ${lookup.query}`).all(...params) as { detail: string }[]).map((p) => p.detail)
    const byIndex = /SEARCH (main\.)?"?OutboxJob"? USING INDEX OutboxJob_schoolId_messageId_idx \(schoolId=\? AND messageId=\?\)/
    expect(plan.join('\n')).toMatch(byIndex)
  })

  it('the application page reads its application once, its pre-check included (ADR 117)', async () => {
    const a = await receive('online', '5А')
    // Awaiting the director's decision: the page shows the pre-check, which used to read the same row again.
    await client.application.update({ where: { id: a.id }, data: { status: 'awaiting_decision' } })
    queries.length = 0
    const page = await getApplicationPage(school.id, a.id, ['director'], now)
    expect(page?.precheck).toBeTruthy()
    const rowReads = queries.filter((q) => /`Application`\.`snapshot`.* FROM `main`\.`Application` WHERE/.test(q.query))
    expect(rowReads.map((q) => q.query.slice(0, 120))).toHaveLength(1)
  })
})

describe('the retention page’s expired journals (ADR 120)', async () => {
  const { listExpiredJournals, markPurgedYears } = await import('#app/models/journal-retention.server')
  const school = await client.school.findFirstOrThrow()
  const JOURNAL = ['Lesson', 'Mark', 'Attendance', 'TimetableEntry', 'PlannedHours']

  it('are counted with one grouped query per table, by index, whatever the number of classes; a purged year is not read', async () => {
    const year = await client.academicYear.create({
      data: { schoolId: school.id, name: '2012/2013', startsOn: '2012-09-01', endsOn: '2013-05-31', current: false },
    })
    const subject = await client.subject.findFirstOrThrow({ where: { schoolId: school.id } })
    const workType = await client.workType.findFirstOrThrow({ where: { schoolId: school.id } })
    for (const letter of ['А', 'Б', 'В', 'Г', 'Д', 'Е']) {
      const cls = await client.schoolClass.create({
        data: { schoolId: school.id, academicYearId: year.id, grade: 5, letter, name: `5${letter}` },
      })
      const group = await client.teachingGroup.create({
        data: { schoolId: school.id, classId: cls.id, name: 'весь класс', wholeClass: true },
      })
      const pupil = await client.pupil.create({
        data: {
          schoolId: school.id,
          lastName: `Старый5${letter}`,
          firstName: 'Иван',
          birthDate: '2002-01-01',
          classId: cls.id,
          enrolledOn: '2012-09-01',
        },
      })
      const lesson = await client.lesson.create({
        data: { schoolId: school.id, groupId: group.id, subjectId: subject.id, date: '2013-02-01', period: 1 },
      })
      await client.mark.create({ data: { lessonId: lesson.id, pupilId: pupil.id, workTypeId: workType.id, value: '4' } })
      await client.attendance.create({ data: { lessonId: lesson.id, pupilId: pupil.id, kind: 'absent' } })
    }
    queries.length = 0
    const list = await listExpiredJournals(school.id, '2018-06-01')
    expect(list.find((j) => j.year === '2012/2013')?.classes.map((c) => [c.name, c.lessons, c.marks, c.attendance])).toEqual(
      ['А', 'Б', 'В', 'Г', 'Д', 'Е'].map((l) => [`5${l}`, 1, 1, 1]),
    )
    // Before: five counts per class (30 here), on every view of the page. Now one per table.
    const counting = queries.filter((q) => /COUNT\(/i.test(q.query) && JOURNAL.some((t) => new RegExp(`[\`"]${t}[\`"]`).test(q.query)))
    expect(counting.length).toBeGreaterThan(0)
    expect(counting.length).toBeLessThanOrEqual(JOURNAL.length)
    for (const q of counting) {
      const scans = planOf(q).filter((line) => JOURNAL.some((t) => new RegExp(`^SCAN (main\\.)?"?${t}"?( |$)`).test(line)))
      expect(scans, q.query).toEqual([])
    }
    // Emptied and marked, the year is not counted again.
    await client.lesson.deleteMany({ where: { group: { class: { academicYearId: year.id } } } })
    expect(await markPurgedYears(school.id, '2018-06-01', new Date())).toBeGreaterThanOrEqual(1)
    queries.length = 0
    expect((await listExpiredJournals(school.id, '2018-06-01')).find((j) => j.year === '2012/2013')).toBeUndefined()
    expect(queries.filter((q) => /[`"]Lesson[`"]/.test(q.query))).toEqual([])
  })
})
