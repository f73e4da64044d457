// The public pages of an installation with several schools (ADR 056): a single-school installation looks as it always
// did; with a second school the home page offers the choice, and `?school=<code>` or the school's own host name
// shows that school's contacts and requisites, takes its applications and keeps it on every public page.
import fs from 'node:fs'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'

const dataDir = vi.hoisted(() => {
  const dir = `${process.cwd()}/tests/.tmp/data-public-school-${process.pid}`
  process.env.DATA_DIR = dir
  return dir
})

import { db } from '#app/utils/db.server'
import { createSchool } from '#app/operations/create-school.server'
import { hashPassword } from '#app/utils/password.server'
import { signIn } from '#tests/helpers/auth'
import { ORIGIN, getRequest, settle } from '#tests/helpers/http'
import * as home from '#app/routes/_index'
import * as apply from '#app/routes/apply'
import * as deadlines from '#app/routes/deadlines'
import * as apiDeadlines from '#app/routes/api.deadlines'
import * as compromised from '#app/routes/parent.compromised'
import * as slides from '#app/routes/staff.meeting.slides'
import * as root from '#app/root'

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }))

type Loader = (a: { request: Request; params: Record<string, string>; context: object }) => Promise<unknown>
const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} })
const at = (url: string, cookie?: string) =>
  new Request(url, { headers: { 'x-client-ip': '127.0.0.1', ...(cookie ? { Cookie: cookie } : {}) } })
async function json(loader: Loader, request: Request, params: Record<string, string> = {}) {
  const response = await settle(() => loader(args(request, params)))
  return {
    status: response.status,
    location: response.headers.get('Location'),
    body: response.status === 200 ? await response.json() : null,
  }
}

const A_NAME = 'Муниципальное общеобразовательное учреждение «Средняя общеобразовательная школа № 8»'
const B = {
  fullName: 'МОУ «СОШ № 77» города Саратова',
  email: 'sosh77@example.org',
  phone: '+7 8452 77-77-77',
  code: 'sosh77',
  host: 'sosh77.edu.example',
}
let schoolB = ''

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n')

/** The online form as the browser posts it, with the identity document's copy, to an origin (a school's host). */
function applyRequest(path: string, fields: Record<string, string>, origin = ORIGIN) {
  const form = new FormData()
  for (const [k, v] of Object.entries(fields)) form.append(k, v)
  for (const k of ['marks', 'attendance']) form.append('kinds', k)
  form.append('documents.identity', new File([new Uint8Array(PDF)], 'passport.pdf', { type: 'application/pdf' }))
  return new Request(`${origin}${path}`, { method: 'POST', body: form, headers: { Origin: origin, 'x-client-ip': '10.7.7.7' } })
}

describe('a single-school installation', () => {
  it('shows its only school on / and /apply, with addresses as they always were', async () => {
    const page = await json(home.loader as Loader, getRequest('/'))
    expect(page.body.schools).toBeNull()
    expect(page.body.contacts.schoolName).toBe(A_NAME)
    expect(page.body.query).toBe('')
    const form = await json(apply.loader as Loader, getRequest('/apply'))
    expect(form.status).toBe(200)
    expect(form.body.operator.fullName).toBe(A_NAME)
    expect(form.body.query).toBe('')
    expect((await json(root.loader as Loader, getRequest('/'))).body.school.fullName).toBe(A_NAME)
  })
})

describe('an installation with a second school', () => {
  beforeAll(async () => {
    const created = await createSchool(
      db,
      {
        fullName: B.fullName,
        shortName: 'СОШ № 77',
        directorName: 'Петров Пётр Петрович',
        address: 'г. Саратов, ул. Семьдесят седьмая, 77',
        phone: B.phone,
        email: B.email,
        responsibleName: 'Кузнецова Ксения Карповна',
        responsibleRoom: '7',
        adminName: 'Орлов Олег Олегович',
        adminLogin: 'admin77',
        directorLogin: 'director77',
        responsibleLogin: 'responsible77',
        code: B.code,
        host: B.host,
      },
      { userId: null, name: 'тест' },
    )
    schoolB = created.schoolId
    const year = await db.academicYear.findFirstOrThrow({ where: { schoolId: schoolB, current: true } })
    const cls = await db.schoolClass.create({ data: { schoolId: schoolB, academicYearId: year.id, grade: 5, letter: 'А', name: '5А' } })
    await db.pupil.create({
      data: {
        schoolId: schoolB,
        lastName: 'Семёнов',
        firstName: 'Семён',
        middleName: 'Семёнович',
        birthDate: '2015-01-01',
        classId: cls.id,
        enrolledOn: year.startsOn,
      },
    })
    await db.user.update({
      where: { login: 'responsible77' },
      data: { passwordHash: await hashPassword('Shkola77parol'), mustChangePassword: false },
    })
  })

  it('offers the choice of school on / when the address names none, and nothing of any one school', async () => {
    const page = await json(home.loader as Loader, getRequest('/'))
    expect(page.body.contacts).toBeNull()
    const schools = page.body.schools as Array<{ shortName: string; href: string }>
    expect(schools.map((s) => s.shortName).sort()).toEqual(['МОУ «СОШ № 8»', 'СОШ № 77'])
    // A school with its own host name is linked there; the other by ?school=.
    expect(schools.find((s) => s.shortName === 'СОШ № 77')!.href).toBe(`//${B.host}/`)
    expect(schools.find((s) => s.shortName === 'МОУ «СОШ № 8»')!.href).toMatch(/^\/\?school=/)
    // /apply without a school goes back to the choice; so does an unknown code.
    for (const path of ['/apply', '/apply?school=nosuch']) {
      const form = await json(apply.loader as Loader, getRequest(path))
      expect(form.status, path).toBe(302)
      expect(form.location).toBe('/')
    }
    expect((await json(root.loader as Loader, getRequest('/'))).body.school).toBeNull()
  })

  it("shows school B's contacts and requisites by ?school=<code> and by its host name, and keeps the school in links", async () => {
    for (const request of [getRequest(`/?school=${B.code}`), at(`http://${B.host}/`)]) {
      const page = await json(home.loader as Loader, request)
      expect(page.body.schools).toBeNull()
      expect(page.body.contacts).toMatchObject({
        schoolName: B.fullName,
        email: B.email,
        phone: B.phone,
        responsibleName: 'Кузнецова Ксения Карповна',
      })
      const header = await json(root.loader as Loader, request)
      expect(header.body.school.fullName).toBe(B.fullName)
    }
    expect((await json(home.loader as Loader, getRequest(`/?school=${B.code}`))).body.query).toBe(`?school=${B.code}`)
    // Under its own host name the address needs no query.
    expect((await json(home.loader as Loader, at(`http://${B.host}/`))).body.query).toBe('')
    const form = await json(apply.loader as Loader, getRequest(`/apply?school=${B.code}`))
    expect(form.body.operator).toMatchObject({ fullName: B.fullName, phone: B.phone })
    expect(form.body.query).toBe(`?school=${B.code}`)
    const calc = await json(deadlines.loader as Loader, getRequest(`/deadlines?school=${B.code}`))
    expect(calc.body.schoolCode).toBe(B.code)
    const api = await json(
      apiDeadlines.loader as Loader,
      getRequest(`/api/deadlines?school=${B.code}&channel=email&receivedAt=2026-10-05T10:00`),
    )
    expect(api.status).toBe(200)
  })

  it("an application made through school B's page belongs to school B; through A's — to A", async () => {
    const fields = (key: string) => ({
      'applicant.lastName': 'Семёнова',
      'applicant.firstName': 'Светлана',
      'applicant.middleName': 'Сергеевна',
      'identity.kind': 'passport',
      'identity.number': '6310 777777',
      'identity.issuedBy': 'ГУ МВД России по Саратовской области',
      'identity.issuedOn': '2015-02-01',
      'applicant.postalAddress': 'г. Саратов, ул. Семьдесят седьмая, д. 7',
      'applicant.email': 'semenova@example.org',
      'applicant.phone': '+7 845 277-77-77',
      'pupil.lastName': 'Семёнов',
      'pupil.firstName': 'Семён',
      'pupil.middleName': 'Семёнович',
      'pupil.className': '5А',
      'applicant.role': 'parent',
      periodicity: 'once',
      delivery: 'email',
      idempotencyKey: key,
    })
    const viaB = await settle(() => apply.action(args(applyRequest(`/apply?school=${B.code}`, fields(crypto.randomUUID())))))
    expect(viaB.status, await viaB.clone().text()).toBe(302)
    const tokenB = /\/apply\/received\/([A-Za-z0-9_-]+)$/.exec(viaB.headers.get('Location') ?? '')![1]
    const appB = await db.application.findUniqueOrThrow({ where: { statusToken: tokenB } })
    expect(appB.schoolId).toBe(schoolB)
    // The status page's header names the application's school, though its address names none.
    expect((await json(root.loader as Loader, getRequest(`/s/${tokenB}`))).body.school.fullName).toBe(B.fullName)
    // By the host name too.
    const viaHost = await settle(() => apply.action(args(applyRequest('/apply', fields(crypto.randomUUID()), `http://${B.host}`))))
    expect(viaHost.status).toBe(302)
    const tokenHost = /\/apply\/received\/([A-Za-z0-9_-]+)$/.exec(viaHost.headers.get('Location') ?? '')![1]
    expect((await db.application.findUniqueOrThrow({ where: { statusToken: tokenHost } })).schoolId).toBe(schoolB)
    // No school named: nothing is stored, the parent is sent to choose.
    const before = await db.application.count()
    const none = await settle(() => apply.action(args(applyRequest('/apply', fields(crypto.randomUUID())))))
    expect(none.status).toBe(400)
    expect(((await none.json()) as { formError: string }).formError).toContain('Не выбрана школа')
    expect(await db.application.count()).toBe(before)
    // School A's address takes A's applications (the pupil need not be found for the application to be received).
    const aKey = (await db.school.findFirstOrThrow({ where: { fullName: A_NAME } })).id
    const viaA = await settle(() => apply.action(args(applyRequest(`/apply?school=${aKey}`, fields(crypto.randomUUID())))))
    expect(viaA.status).toBe(302)
    const tokenA = /\/apply\/received\/([A-Za-z0-9_-]+)$/.exec(viaA.headers.get('Location') ?? '')![1]
    expect((await db.application.findUniqueOrThrow({ where: { statusToken: tokenA } })).schoolId).toBe(aKey)
  })

  it("school B's slides carry B's address; the signed-out «пароль скомпрометирован» page names the parent's school", async () => {
    const cookie = await signIn('responsible77', 'Shkola77parol')
    const shown = await json(slides.loader as Loader, getRequest('/staff/meeting/slides', cookie))
    expect(shown.body.applyUrl).toBe(`http://${B.host}/apply`)
    expect(shown.body.contacts.schoolName).toBe(B.fullName)
    const done = await json(compromised.loader as Loader, getRequest(`/parent/compromised?done=1&school=${B.code}`))
    expect(done.body.phone).toBe(B.phone)
    // A parent of school A reports: the confirmation after sign-out keeps school A.
    const parent = await signIn('parent')
    const form = new Request(`${ORIGIN}/parent/compromised`, {
      method: 'POST',
      body: new URLSearchParams({ confirm: 'yes' }),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: ORIGIN, 'x-client-ip': '127.0.0.1', Cookie: parent },
    })
    const reported = await settle(() => compromised.action(args(form)))
    expect(reported.status).toBe(302)
    const location = reported.headers.get('Location')!
    const schoolA = await db.school.findFirstOrThrow({ where: { fullName: A_NAME } })
    expect(location).toBe(`/parent/compromised?done=1&school=${schoolA.id}`)
    const after = await json(compromised.loader as Loader, getRequest(location))
    expect(after.body.phone).toBe(schoolA.phone)
    // The director's notice about it carries school A, not B.
    const notice = await db.outboxJob.findFirstOrThrow({ where: { kind: 'notify-staff', idempotencyKey: { startsWith: 'compromise:' } } })
    expect(notice.schoolId).toBe(schoolA.id)
  })
})
