import PizZip from 'pizzip'
import { beforeAll, describe, expect, it } from 'vitest'
import { Prisma } from '#app/generated/prisma/client'
import { db } from '#app/utils/db.server'
import { addFinding, checkReportDocx, closeCheck, getCheck, listChecks, startCheck } from '#app/models/control-checks.server'
import { action as startAction } from '#app/routes/staff.checks._index'
import { loader as reportLoader } from '#app/routes/staff.checks.$id.docx'
import { staffActor } from '#tests/helpers/applications'
import { signIn } from '#tests/helpers/auth'
import { formRequest, getRequest, settle } from '#tests/helpers/http'
import { build, T } from './control-helpers'
import { otherSchool } from '#tests/helpers/schools'

const tz = 'Europe/Saratov'
const now = T('2026-11-20T12:00')
const period = { from: '2026-10-01', to: '2026-10-31' }
const refusal = { outcome: 'refuse' as const, grounds: ['Запрошенная информация отсутствует в электронном журнале'] }
let id: Record<string, string>
let schoolId: string
let director: { id: string; displayName: string; schoolId: string }

// Clean applications plus exactly one planted deviation of each kind.
beforeAll(async () => {
  const secretary = await staffActor('secretary')
  const made = {
    clean1: await build({
      channel: 'post',
      receivedAt: '2026-10-05T09:00',
      register: { at: '2026-10-05T11:00' },
      forwardAt: '2026-10-12T10:00',
      decide: { at: '2026-10-14T10:00', outcome: 'grant' },
      deliver: { at: '2026-10-15T10:00' },
    }),
    clean2: await build({
      channel: 'in_person',
      receivedAt: '2026-10-06T10:00',
      register: { at: '2026-10-06T10:05' },
      forwardAt: '2026-10-13T10:00',
      decide: { at: '2026-10-14T10:00', ...refusal },
      deliver: { at: '2026-10-16T10:00' },
    }),
    lateReg: await build({
      channel: 'post',
      receivedAt: '2026-10-06T09:00',
      register: { at: '2026-10-08T09:00', by: secretary },
      forwardAt: '2026-10-15T10:00',
      decide: { at: '2026-10-16T10:00', outcome: 'grant' },
      deliver: { at: '2026-10-19T10:00' },
    }),
    // review due 05.11 (29 days), answer due 06.11 (30 days): decided late, handed over in time
    lateReview: await build({
      channel: 'post',
      receivedAt: '2026-10-07T09:00',
      register: { at: '2026-10-07T10:00' },
      forwardAt: '2026-11-04T10:00',
      decide: { at: '2026-11-06T09:00', outcome: 'grant' },
      deliver: { at: '2026-11-06T15:00' },
    }),
    lateDelivery: await build({
      channel: 'email',
      receivedAt: '2026-10-08T09:00',
      register: { at: '2026-10-08T10:00' },
      forwardAt: '2026-10-20T10:00',
      decide: { at: '2026-10-22T10:00', outcome: 'grant' },
      deliver: { at: '2026-11-09T10:00' },
    }),
    bareRefusal: await build({
      channel: 'in_person',
      receivedAt: '2026-10-09T10:00',
      register: { at: '2026-10-09T10:05' },
      forwardAt: '2026-10-15T10:00',
      decide: { at: '2026-10-15T12:00', ...refusal },
      deliver: { at: '2026-10-16T10:00' },
    }),
    noRecord: await build({
      channel: 'post',
      receivedAt: '2026-10-12T09:00',
      register: { at: '2026-10-12T10:00' },
      forwardAt: '2026-10-19T10:00',
      decide: { at: '2026-10-20T10:00', outcome: 'grant' },
      deliver: { at: '2026-10-21T10:00', record: false },
    }),
  }
  id = Object.fromEntries(Object.entries(made).map(([k, a]) => [k, a.id]))
  schoolId = made.clean1.schoolId
  await db.$executeRaw`UPDATE "Application" SET "grounds" = '[]' WHERE "id" = ${id.bareRefusal}`
  const forge = Prisma.sql`UPDATE "RegistrationLogEntry" SET "applicantName" = 'Подменённый Заявитель'`
  await db.$executeRaw`${forge} WHERE "applicationId" = ${id.clean1} AND "correctsSequence" IS NULL`
  const user = await db.user.findUniqueOrThrow({ where: { login: 'director' } })
  director = { id: user.id, displayName: 'Тушинская Татьяна Викторовна', schoolId }
})

const start = (employeeUserId: string | null = null) =>
  startCheck({ user: director, kind: 'unplanned', ...period, employeeUserId, basis: 'Жалоба заявителя от 10.11.2026', now, timeZone: tz })

describe('a check', () => {
  it('finds each planted deviation and no others', async () => {
    const check = await start()
    expect(check.applications).toBe(7)
    expect(check.deviations.map((d) => `${d.kind}:${d.applicationId}`)).toEqual([
      `late_registration:${id.lateReg}`,
      `late_review:${id.lateReview}`,
      `late_delivery:${id.lateDelivery}`,
      `refusal_without_grounds:${id.bareRefusal}`,
      `delivery_without_record:${id.noRecord}`,
      `log_chain_break:${id.clean1}`,
    ])
    expect(check.deviations.at(-1)).toMatchObject({ logSequence: 1, note: expect.stringMatching(/изменена после внесения/) })
  })

  it('of one employee finds that employee’s deviations (and the chain break, which is everyone’s)', async () => {
    const secretary = await staffActor('secretary')
    const check = await start(secretary.userId)
    expect(check.employeeName).toMatch(/\S+ \S+/)
    expect(check.deviations.map((d) => `${d.kind}:${d.applicationId}`)).toEqual([
      `late_registration:${id.lateReg}`,
      `log_chain_break:${id.clean1}`,
    ])
  })

  it('keeps findings and the conclusion, and its Word report says what was found', async () => {
    let check = await start()
    check = await addFinding(
      check,
      director,
      'Ответственному работнику дать объяснение по заявлениям с нарушением сроков',
      T('2026-11-20T13:00'),
    )
    check = await closeCheck(
      check,
      'Выявлены нарушения сроков; журнал регистрации подлежит проверке администратором ЭЖ.',
      T('2026-11-20T14:00'),
    )
    const stored = (await getCheck(schoolId, check.id))!
    expect(stored.findings).toHaveLength(1)
    expect(stored.closedAt).toBe(T('2026-11-20T14:00').toISOString())
    const xml = new PizZip(await checkReportDocx(stored, tz)).file('word/document.xml')!.asText()
    const text = xml.replace(/<[^>]+>/g, '')
    expect(text).toContain(`СПРАВКА №\u00a0${stored.number}`)
    expect(text).toContain('внеплановой')
    expect(text).toContain('с 01.10.2026 по 31.10.2026')
    expect(text).toContain('Нарушен срок рассмотрения заявления (Порядок 3.1.2)')
    expect(text).toContain('срок до 05.11.2026 23:59, выполнено 06.11.2026 09:00')
    expect(text).toContain('дать объяснение')
    expect(text).toContain('Т.В. Тушинская')
    expect(text).not.toMatch(/\{[a-z.]+\}/)
    expect((await listChecks(schoolId)).length).toBeGreaterThanOrEqual(3)
  })

  it('is recorded in the audit trail in the transaction that starts it: one row per check, with the director and the period', async () => {
    const check = await start()
    const rows = await db.auditEvent.findMany({ where: { entity: 'ControlCheck', entityId: check.id } })
    expect(rows).toMatchObject([{ action: 'control:start-check', userId: director.id, schoolId }])
    expect(JSON.parse(rows[0].data)).toEqual({ kind: 'unplanned', from: period.from, to: period.to })
  })

  it('is numbered in its school without gaps or repeats, even when two start at once; another school does not see it', async () => {
    const before = (await listChecks(schoolId)).map((c) => c.number)
    const [a, b] = await Promise.all([start(), start()])
    const numbers = [...before, a.number, b.number].sort((x, y) => x - y)
    expect(numbers).toEqual(numbers.map((_, i) => i + 1))
    const other = await otherSchool()
    expect(await getCheck(other.id, a.id)).toBeNull()
    expect(await listChecks(other.id)).toEqual([])
  })
})

describe('the check screens', () => {
  it('start a check for the director only, then give its report as a Word file', async () => {
    const fields = {
      intent: 'start',
      kind: 'planned',
      from: '2026-10-01',
      to: '2026-10-31',
      employeeUserId: '',
      basis: 'План контроля на 2026/2027 учебный год',
    }
    const responsible = await signIn('responsible')
    expect(
      (await settle(() => startAction({ request: formRequest('/staff/checks', fields, responsible), params: {}, context: {} }))).status,
    ).toBe(403)
    const cookie = await signIn('director')
    const bad = await settle(() =>
      startAction({ request: formRequest('/staff/checks', { ...fields, to: '2026-09-01' }, cookie), params: {}, context: {} }),
    )
    expect(bad.status).toBe(400)
    expect((await bad.json()).errors.to).toMatch(/позже/)
    const res = await settle(() => startAction({ request: formRequest('/staff/checks', fields, cookie), params: {}, context: {} }))
    expect(res.status).toBe(302)
    const checkId = res.headers.get('Location')!.split('/').at(-1)!
    const docx = await settle(() =>
      reportLoader({ request: getRequest(`/staff/checks/${checkId}/docx`, cookie), params: { id: checkId }, context: {} }),
    )
    expect(docx.headers.get('Content-Type')).toMatch(/wordprocessingml/)
    expect(new PizZip(Buffer.from(await docx.arrayBuffer())).file('word/document.xml')!.asText()).toContain('плановой')
  })
})
