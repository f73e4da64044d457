import { readFileSync } from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { getCalendar, listCalendarYears, loadCalendarYear } from '#app/models/calendar.server'
import { action, loader } from '#app/routes/admin.calendar'
import { loader as adminHome } from '#app/routes/admin._index'
import { loader as staffHome } from '#app/routes/staff._index'
import { loader as apiLoader } from '#app/routes/api.deadlines'
import { loader as applicationPage } from '#app/routes/staff.applications.$id'
import { registerApplication } from '#app/operations/steps.server'
import { receive, staffActor } from '#tests/helpers/applications'
import { db } from '#app/utils/db.server'
import { signIn } from '#tests/helpers/auth'
import { ORIGIN, getRequest, settle } from '#tests/helpers/http'

const args = (request: Request) => ({ request, params: {}, context: {} })
const xml2026 = readFileSync(path.resolve(__dirname, '../fixtures/production-calendar/ru-2026.xml'), 'utf8')

/**
 * A «2027» file made from the 2026 one: the 2026 transfers go, and 2027's weekend holidays move to the next
 * Monday (1 May → 3 May, 9 May → 10 May, 12 June → 14 June), as a decree would have it.
 */
function make2027(): string {
  const drop = ['01.09', '03.09', '05.08', '05.11']
  let text = xml2026.replace('year="2026"', 'year="2027"')
  for (const d of drop) text = text.replace(new RegExp(`\\s*<day d="${d.replace('.', '\\.')}"[^>]*/>`), '')
  return text.replace(
    '</days>',
    [
      '<day d="02.22" t="2"/>',
      '<day d="03.05" t="2"/>',
      '<day d="05.03" t="1" f="05.01"/>',
      '<day d="05.10" t="1" f="05.09"/>',
      '<day d="06.14" t="1" f="06.12"/>',
      '</days>',
    ].join('\n        '),
  )
}

function uploadRequest(content: string, cookie: string, fileName = 'ru-2027.xml'): Request {
  const form = new FormData()
  form.append('file', new File([content], fileName, { type: 'text/xml' }))
  return new Request(`${ORIGIN}/admin/calendar`, {
    method: 'POST',
    body: form,
    headers: { Cookie: cookie, Origin: ORIGIN, 'x-client-ip': '127.0.0.1' },
  })
}

async function upload(content: string, cookie: string) {
  const response = await settle(() => action(args(uploadRequest(content, cookie))))
  return { status: response.status, body: await response.json() }
}

async function registrationDue(receivedAt: string) {
  const query = new URLSearchParams({ channel: 'email', receivedAt })
  return await (await settle(() => apiLoader(args(getRequest(`/api/deadlines?${query}`))))).json()
}

/** The calendar warning of the staff home page (the administrator's overview for `admin`), as `login` sees it on `day`. */
async function homeWarnings(login: string, day: string) {
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(new Date(`${day}T09:00:00+04:00`))
  const cookie = await signIn(login)
  if (login === 'admin')
    return (await (await settle(() => adminHome(args(getRequest('/admin', cookie))))).json()).calendarWarning as string | null
  return (await (await settle(() => staffHome(args(getRequest('/staff', cookie))))).json()).calendarWarning as string | null
}
/** The calendar warning of one application's page (beside its deadlines), as the responsible employee sees it on `day`. */
async function applicationWarning(id: string, day: string) {
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(new Date(`${day}T09:00:00+04:00`))
  const cookie = await signIn('responsible')
  const response = await settle(() =>
    applicationPage({ request: getRequest(`/staff/applications/${id}`, cookie), params: { id }, context: {} }),
  )
  return (await response.json()).page.calendarWarning as string | null
}

let decemberApplication = ''

afterEach(() => vi.useRealTimers())

describe('production calendar administration', () => {
  it('lists the shipped years with their figures and warns about a year without data', async () => {
    const years = await listCalendarYears()
    expect(years.map((y) => [y.year, y.source])).toEqual([
      [2025, 'shipped'],
      [2026, 'shipped'],
    ])
    expect(years[1]).toMatchObject({ workingDays: 247, daysOff: 118, holidays: 18, loadedAt: null })

    const cookie = await signIn('admin')
    const data = await (await settle(() => loader(args(getRequest('/admin/calendar', cookie))))).json()
    expect(data.years).toHaveLength(2)
    const thisYear = Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Saratov', year: 'numeric' }).format(new Date()))
    for (const year of [thisYear, thisYear + 1]) expect(data.missingYears.includes(year)).toBe(year !== 2025 && year !== 2026)
  })

  it('refuses a bad file with a Russian message and stores nothing', async () => {
    const cookie = await signIn('admin')
    const auditBefore = await db.auditEvent.count({ where: { action: 'load:calendar-year' } })
    const broken = make2027().replace('<day d="01.07" t="1" h="2"/>', '<day d="01.07" t="3"/>')
    const cases: Array<[string, RegExp]> = [
      [broken, /^Файл не загружен: .*07\.01\.2027 отмечен как рабочий \(t=3\).*ст\. 112 ТК РФ/],
      [make2027().split('</days>')[0], /^Файл не загружен: Тег <days> .*не закрыт — файл обрезан/], // cut off mid-download
      ['%PDF-1.4 какой-то документ', /^Файл не загружен: Файл не похож на XML/],
      // A file chosen but empty is said to be empty (session 23), not «choose a file».
      ['', /^Файл «.+» пустой \(0 байт\): выберите файл ещё раз/],
    ]
    for (const [content, message] of cases) {
      const { status, body } = await upload(content, cookie)
      expect(status).toBe(400)
      expect(body.error).toMatch(message)
    }
    const tooBig = await upload(make2027() + `<!-- ${'x'.repeat(210 * 1024)} -->`, cookie)
    expect(tooBig.status).toBe(400)
    expect(tooBig.body.error).toMatch(/больше 200 КБ/)

    expect(await db.calendarYear.count()).toBe(0)
    expect(await db.auditEvent.count({ where: { action: 'load:calendar-year' } })).toBe(auditBefore)
    expect((await getCalendar()).hasDataFor(2027)).toBe(false)
  })

  it('does not let a parent or a teacher load a calendar (403)', async () => {
    const teacher = await db.user.findFirstOrThrow({
      where: { roles: { some: { role: 'teacher' } }, AND: { roles: { none: { role: 'admin' } } } },
    })
    for (const login of ['parent', teacher.login]) {
      const cookie = await signIn(login)
      expect((await settle(() => action(args(uploadRequest(make2027(), cookie))))).status).toBe(403)
      expect((await settle(() => loader(args(getRequest('/admin/calendar', cookie))))).status).toBe(403)
    }
    expect(await db.calendarYear.count()).toBe(0)
  })

  it('warns who handles applications, and the administrator, while the coming deadlines fall into a year with no calendar', async () => {
    // 07.12.2026: an application received today is answered in January 2027, and there is no 2027 calendar.
    const responsible = await homeWarnings('responsible', '2026-12-07')
    expect(responsible).toMatch(/^Нет производственного календаря на 2027 год: сроки .* без переносов по постановлению Правительства РФ/)
    // Who handles applications cannot load a calendar: told whom to tell, the school's ЭЖ administrator by name
    // (dative), not sent to a page they cannot open.
    const admin = await db.staff.findFirstOrThrow({ where: { user: { login: 'admin' } } })
    expect(responsible).toMatch(
      new RegExp(`Календарь загружает администратор ЭЖ: сообщите об этом ${admin.lastName}\\S* ${admin.firstName.slice(0, -1)}`),
    )
    expect(responsible).not.toMatch(/Загрузите календарь|«Администрирование → Производственный календарь»/)
    expect(await homeWarnings('director', '2026-12-07')).toBe(responsible)
    // The administrator, who can, is sent to the calendar's page.
    const administrator = await homeWarnings('admin', '2026-12-07')
    expect(administrator).toMatch(/^Нет производственного календаря на 2027 год: /)
    expect(administrator).toMatch(/Загрузите календарь .* на странице «Администрирование → Производственный календарь»\.$/)
    expect(administrator).not.toMatch(/сообщите/)
    // The deputy (учебная часть) does not handle applications; and in the summer the deadlines stay in a year with data.
    expect(await homeWarnings('deputy', '2026-12-07')).toBeNull()
    expect(await homeWarnings('admin', '2026-06-01')).toBeNull()
    expect(await homeWarnings('responsible', '2026-06-01')).toBeNull()
  })

  it("warns on an application's page when its deadlines reach a year with no calendar", async () => {
    // Received and registered 07.12.2026 by e-mail: answered in January 2027.
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2026-12-07T10:30:00+04:00'))
    const december = await receive('email', '5А', {}, new Date('2026-12-07T10:00:00+04:00'))
    decemberApplication = december.id
    // Only the registration runs (due 08.12.2026): nothing to warn about yet.
    expect(await applicationWarning(decemberApplication, '2026-12-07')).toBeNull()
    vi.setSystemTime(new Date('2026-12-07T10:30:00+04:00'))
    await registerApplication({ applicationId: december.id, schoolId: december.schoolId, actor: await staffActor('responsible') })
    expect(await applicationWarning(decemberApplication, '2026-12-07')).toBe(await homeWarnings('responsible', '2026-12-07'))
    // An application received in June has its deadlines in 2026, which has data.
    vi.setSystemTime(new Date('2026-06-01T10:30:00+04:00'))
    const june = (await receive('email', '5А', {}, new Date('2026-06-01T10:00:00+04:00'))).id
    expect(await applicationWarning(june, '2026-06-01')).toBeNull()
  })

  it('loads a 2027 file: the deadlines for 2027 change and the load is audited', async () => {
    // Fri 07.05.2027 by e-mail: without data the weekend and Mon 10 May are skipped — Sun 9 May moves the day off by
    // ТК РФ ст. 112 ч. 2 itself — with the fallback's warning.
    const before = await registrationDue('2027-05-07T10:00')
    expect(before).toMatchObject({
      registrationDue: '2027-05-11T23:59:59+04:00',
      skippedDays: ['2027-05-08', '2027-05-09', '2027-05-10'],
      usedFallbackYears: [2027],
    })
    expect((await getCalendar()).describeDay('2027-05-10')).toMatchObject({ working: false, source: 'fallback' })
    // Thu 30.12.2027: only the decree (the file) makes Fri 31 December a day off.
    expect(await registrationDue('2027-12-30T10:00')).toMatchObject({
      registrationDue: '2027-12-31T23:59:59+04:00',
      skippedDays: [],
      usedFallbackYears: [2027, 2028],
    })

    const cookie = await signIn('admin')
    const { status, body } = await upload(make2027(), cookie)
    expect(status).toBe(200)
    expect(body).toMatchObject({ ok: true, year: 2027, daysOff: 117 })
    expect(body.message).toBe('Загружен производственный календарь на 2027 год: 117 выходных и праздничных дней, 248 рабочих дней.')

    const calendar = await getCalendar()
    expect(calendar.describeDay('2027-05-10')).toMatchObject({ working: false, source: 'loaded' })
    const after = await registrationDue('2027-05-07T10:00')
    expect(after).toMatchObject({
      registrationDue: '2027-05-11T23:59:59+04:00',
      skippedDays: ['2027-05-08', '2027-05-09', '2027-05-10'],
      usedFallbackYears: [],
    })
    // The decree's day off, then 2028's January holidays (ст. 112, fallback for 2028) up to Mon 10 January.
    expect(await registrationDue('2027-12-30T10:00')).toMatchObject({
      registrationDue: '2028-01-10T23:59:59+04:00',
      skippedDays: ['2027-12-31', ...[1, 2, 3, 4, 5, 6, 7, 8, 9].map((d) => `2028-01-0${d}`)],
      usedFallbackYears: [2028],
    })

    const row = await db.calendarYear.findUniqueOrThrow({ where: { year: 2027 } })
    expect(row.source).toBe('ru-2027.xml')
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: 'load:calendar-year', entityId: '2027' } })
    expect(JSON.parse(audit.data)).toMatchObject({ source: 'ru-2027.xml', daysOff: 117, replaced: false })

    const listed = await (await settle(() => loader(args(getRequest('/admin/calendar', cookie))))).json()
    expect(listed.years.map((y: { year: number; source: string }) => [y.year, y.source])).toEqual([
      [2025, 'shipped'],
      [2026, 'shipped'],
      [2027, 'loaded'],
    ])
    expect(listed.years[2].loadedAt).toMatch(/^\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}$/)
  })

  it('says nothing more about 2027 once its calendar is loaded', async () => {
    expect(await homeWarnings('admin', '2026-12-07')).toBeNull()
    expect(await homeWarnings('responsible', '2027-11-01')).toMatch(/^Нет производственного календаря на 2028 год/)
    expect(await applicationWarning(decemberApplication, '2026-12-07')).toBeNull()
  })

  it('a second load of the same year replaces it; a shipped year can be overridden', async () => {
    const admin = await db.user.findUniqueOrThrow({ where: { login: 'admin' } })
    const again = await loadCalendarYear(make2027().replace('<day d="05.10" t="1" f="05.09"/>', ''), 'ru-2027-v2.xml', admin.id)
    expect(again).toMatchObject({ year: 2027, replaced: true, daysOff: 116 })
    expect((await getCalendar()).isWorkingDay('2027-05-10')).toBe(true)
    expect(await db.calendarYear.count()).toBe(1)

    const override = await loadCalendarYear(xml2026, 'ru-2026.xml', admin.id)
    expect(override).toMatchObject({ year: 2026, replaced: true, workingDays: 247 })
    expect((await listCalendarYears()).find((y) => y.year === 2026)?.source).toBe('loaded')
  })
})
