// ADR 027 (issue 13 item 4, issue 17 item 1): no control character is stored through any input boundary, and a
// row stored before that — the registration log is hash-chained and cannot be fixed — never breaks a reader.
import fs from 'node:fs'
import { afterAll, describe, expect, it, vi } from 'vitest'

const dataDir = vi.hoisted(() => {
  const dir = `${process.cwd()}/tests/.tmp/data-control-chars-${process.pid}`
  process.env.DATA_DIR = dir
  return dir
})

import { db } from '#app/utils/db.server'
import { getEnv } from '#app/utils/env.server'
import { action as applyAction } from '#app/routes/apply'
import { action as apiAction } from '#app/routes/api.v1.applications.($id)'
import { loader as logDownloadLoader } from '#app/routes/staff.log.download'
import { appendRegistration } from '#app/operations/registration-log.server'
import { readChain } from '#app/models/registration-log-check.server'
import { registerApplication, requestCorrection, startReview } from '#app/operations/steps.server'
import { ApplicationSchema } from '#app/operations/application-schema'
import { verifyChain } from '#workflows/registration-log'
import { applicationFor, receive, staffActor } from '#tests/helpers/applications'
import { signIn } from '#tests/helpers/auth'
import { docxText } from '#tests/helpers/docx'
import { ORIGIN, formRequest, getRequest, settle } from '#tests/helpers/http'
import { action as eventsAction } from '#app/routes/staff.events'
import * as authoritySchool from '#app/routes/authority.schools_.$schoolId'
import { createAuthorityAdministrator } from '#app/operations/create-authority.server'
import { hashPassword } from '#app/utils/password.server'

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }))

const args = (request: Request) => ({ request, params: {}, context: {} })
const FORBIDDEN = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n')

function applyRequest(fields: Record<string, string>) {
  const form = new FormData()
  for (const [k, v] of Object.entries(fields)) form.append(k, v)
  for (const k of ['marks', 'attendance']) form.append('kinds', k)
  for (const k of ['documents.identity', 'documents.statusProof'])
    form.append(k, new File([new Uint8Array(PDF)], `${k}.pdf`, { type: 'application/pdf' }))
  return new Request(`${ORIGIN}/apply`, { method: 'POST', body: form, headers: { Origin: ORIGIN, 'x-client-ip': '10.0.0.77' } })
}

async function logDocx(cookie: string) {
  const response = await settle(() => logDownloadLoader(args(getRequest('/staff/log/download?from=2000-01-01&to=2100-01-01', cookie))))
  return {
    status: response.status,
    text: response.status === 200 ? docxText(Buffer.from(await response.arrayBuffer())) : await response.text(),
  }
}

describe('every input boundary cleans text', () => {
  it('an anonymous /apply with U+0001 in the address and Word’s U+000B in a name stores clean text; the log downloads', async () => {
    const pupil = await db.pupil.findFirstOrThrow({ where: { class: { name: '5А' }, leftOn: null }, orderBy: { lastName: 'asc' } })
    const response = await settle(() =>
      applyAction(
        args(
          applyRequest({
            'applicant.lastName': 'Сидорова\u000b',
            'applicant.firstName': 'Анна',
            'applicant.middleName': 'Петровна',
            'identity.kind': 'passport',
            'identity.number': '6310 123456',
            'identity.issuedBy': 'ГУ МВД\u0000 России',
            'identity.issuedOn': '2015-02-01',
            'applicant.postalAddress': 'г. Саратов,\u0001 ул. Московская, д. 1\r\nкв. 2',
            // The post delivers by the postcode: /apply asks for it with an answer by post.
            'applicant.postcode': '410012',
            'applicant.email': 'anna.cc@example.org',
            'applicant.phone': '',
            'pupil.lastName': pupil.lastName,
            'pupil.firstName': pupil.firstName,
            'pupil.middleName': pupil.middleName,
            'pupil.className': '5А\u001f',
            'applicant.role': 'guardian',
            periodicity: 'once',
            delivery: 'post',
            consent: 'yes',
            idempotencyKey: crypto.randomUUID(),
          }),
        ),
      ),
    )
    expect(response.status).toBe(302)
    const app = await db.application.findFirstOrThrow({ where: { applicantEmail: 'anna.cc@example.org' } })
    expect(app.applicantPostalAddress).toBe('г. Саратов, ул. Московская, д. 1 кв. 2')
    expect(app.applicantLastName).toBe('Сидорова')
    expect(app.applicantIdentityDocument).not.toMatch(FORBIDDEN)
    const actor = await staffActor('responsible')
    await registerApplication({ applicationId: app.id, schoolId: app.schoolId, actor, originalsShown: true })
    const log = await logDocx(await signIn('director'))
    expect(log.status).toBe(200)
    expect(log.text).toContain('г. Саратов, ул. Московская, д. 1 кв. 2')
  })

  it('the portal API stores clean text too (the one ApplicationSchema), and staff’s correction items are cleaned', async () => {
    const data = await applicationFor('5А')
    const { className, ...pupil } = data.pupil
    const body = {
      ...data,
      applicant: { ...data.applicant, postalAddress: 'ул.\u0002 Мира\uFFFF, 1', identityDocument: 'паспорт\u0007 6310' },
      pupil: { ...pupil, class: className },
      delivery: 'post',
    }
    const response = await settle(() =>
      apiAction({
        request: new Request(`${ORIGIN}/api/v1/applications`, {
          method: 'POST',
          body: JSON.stringify(body),
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${getEnv().PORTAL_API_TOKEN}` },
        }),
        params: {},
        context: {},
      }),
    )
    expect(response.status).toBe(201)
    const stored = await db.application.findUniqueOrThrow({ where: { id: (await response.json()).id } })
    expect([stored.applicantPostalAddress, stored.applicantIdentityDocument]).toEqual(['ул. Мира, 1', 'паспорт 6310'])

    const actor = await staffActor('responsible')
    const t = { applicationId: stored.id, schoolId: stored.schoolId, actor }
    await registerApplication({ ...t, originalsShown: true })
    await startReview(t)
    await requestCorrection({ ...t, items: ['Копия\u0001 свидетельства\u000bо рождении'] })
    const after = await db.application.findUniqueOrThrow({ where: { id: stored.id } })
    expect(after.snapshot).toContain('"items":["Копия свидетельства о рождении"]')
    expect(after.snapshot).not.toMatch(/\\u000[1b]/i)
  })

  it('the shared schema refuses nothing a person pastes, and never passes a control character on', () => {
    const all = Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).join('')
    const parsed = ApplicationSchema.safeParse({
      applicant: {
        lastName: `Иванова${all}`,
        firstName: 'Анна',
        middleName: '',
        identityDocument: `паспорт${all}`,
        postalAddress: `адрес${all}\uFFFE`,
        email: '',
        phone: '',
      },
      pupil: { lastName: 'Иванов', firstName: 'Пётр', middleName: '', className: '5А' },
      kinds: ['marks'],
      periodicity: 'once',
      delivery: 'in_person',
    })
    expect(parsed.success).toBe(true)
    expect(JSON.stringify(parsed.data)).not.toMatch(/\\u00[01]/)
  })
})

describe('look-alike letters and invisible characters in the application (real-world pastes)', () => {
  const base = {
    applicant: {
      lastName: 'Иванова',
      firstName: 'Анна',
      middleName: '',
      identityDocument: 'паспорт',
      postalAddress: 'г. Саратов',
      email: '',
      phone: '',
    },
    pupil: { lastName: 'Иванов', firstName: 'Пётр', middleName: '', className: '5А' },
    kinds: ['marks'],
    periodicity: 'once',
    delivery: 'post',
  }
  it('reads a Latin look-alike in a Russian name as the Russian letter; refuses a letter typed on the English layout', () => {
    const corrected = ApplicationSchema.safeParse({ ...base, pupil: { ...base.pupil, lastName: 'Агaфонов' } })
    expect(corrected.data?.pupil.lastName).toBe('Агафонов')
    const parsed = ApplicationSchema.safeParse({ ...base, pupil: { ...base.pupil, lastName: 'Агafонов' } })
    expect(parsed.success).toBe(false)
    const issue = parsed.error!.issues.find((i) => i.path.join('.') === 'pupil.lastName')
    expect(issue?.message).toMatch(/^Фамилия обучающегося: В «Агafонов» смешаны русские и латинские буквы/)
  })
  it('takes a name with a typographic apostrophe and a phone number whose hyphens Word turned into dashes', () => {
    const parsed = ApplicationSchema.safeParse({
      ...base,
      applicant: { ...base.applicant, lastName: 'О’Коннор', phone: '8 (845) 123–45–67' },
    })
    expect(parsed.success).toBe(true)
  })
  it('an address of zero-width spaces only is empty, and «й» pasted decomposed is stored composed', () => {
    const empty = ApplicationSchema.safeParse({ ...base, applicant: { ...base.applicant, postalAddress: '\u200b\u200b' } })
    expect(empty.success).toBe(false)
    expect(empty.error!.issues.map((i) => i.path.join('.'))).toContain('applicant.postalAddress')
    const composed = ApplicationSchema.safeParse({ ...base, pupil: { ...base.pupil, firstName: 'Андреи\u0306' } })
    expect(composed.success).toBe(true)
    expect(composed.data!.pupil.firstName).toBe('Андрей')
  })
})

describe('the staff forms read through form-schema clean text too (ADR 070 + ADR 027)', () => {
  it('/staff/events: a title and place with NUL, U+000B and U+0001 are stored clean (PostgreSQL refuses NUL in text)', async () => {
    const cookie = await signIn('deputy')
    const year = await db.academicYear.findFirstOrThrow({ where: { current: true } })
    const day = year.startsOn.slice(0, 4) + '-12-18'
    const res = await settle(() =>
      eventsAction({
        request: formRequest(
          '/staff/events',
          {
            intent: 'save',
            id: '',
            date: day.split('-').reverse().join('.'),
            time: '',
            title: 'Ёлка\u0000 для\u000bначальной школы\u0001',
            place: 'Актовый\r\nзал',
          },
          cookie,
        ),
        params: {},
        context: {},
      }),
    )
    expect(res.status).toBe(200)
    const stored = await db.schoolEvent.findFirstOrThrow({ where: { date: day, title: { startsWith: 'Ёлка' } } })
    expect(stored).toMatchObject({ title: 'Ёлка для начальной школы', place: 'Актовый зал' })
  })

  it('/authority/schools/<id>: the IMAP user and folder with control characters are stored clean', async () => {
    await createAuthorityAdministrator(db, { login: 'organ27', name: 'Шилов Шамиль Шамилевич', schoolId: null })
    await db.user.update({
      where: { login: 'organ27' },
      data: { passwordHash: await hashPassword('Organ2027upr'), mustChangePassword: false },
    })
    const cookie = await signIn('organ27', 'Organ2027upr')
    const school = await db.school.findFirstOrThrow({ orderBy: { id: 'asc' } })
    const fields = {
      code: '',
      host: '',
      mailbox: '',
      imapHost: 'imap.example.org',
      imapPort: '993',
      imapUser: 'school\u0000\u000b8',
      imapPassword: 'Parol-pochty-8',
      imapTls: 'on',
      imapFolder: 'Заявления\u0001',
    }
    const res = await settle(() =>
      authoritySchool.action({
        request: formRequest(`/authority/schools/${school.id}`, fields, cookie),
        params: { schoolId: school.id },
        context: {},
      }),
    )
    expect(res.status).toBe(200)
    const stored = await db.setting.findUniqueOrThrow({ where: { schoolId_key: { schoolId: school.id, key: 'mail.imap' } } })
    expect(JSON.parse(stored.value)).toMatchObject({ user: 'school 8', mailbox: 'Заявления', password: 'Parol-pochty-8' })
    await db.setting.delete({ where: { schoolId_key: { schoolId: school.id, key: 'mail.imap' } } })
  })
})

describe('rows stored before the boundaries cleaned text', () => {
  it('a registration-log row with U+0001 still downloads (escaped as «␁»), and the chain stays verifiable', async () => {
    const app = await receive('post', '5А', { delivery: 'post' })
    const school = await db.school.findUniqueOrThrow({ where: { id: app.schoolId } })
    // What today's main stored from a hostile /apply: the raw characters, in the application and in the chain.
    await db.application.update({ where: { id: app.id }, data: { applicantPostalAddress: 'г. Энгельс,\u0001 ул. Тельмана\u000b, 5' } })
    const now = new Date()
    await db.$transaction(async (tx) => {
      await appendRegistration(
        tx,
        school.id,
        {
          number: 9001,
          applicationId: app.id,
          receivedAt: app.receivedAt,
          registeredAt: now,
          channel: 'post',
          applicantName: 'Злоумышленник\u0001 Тест\uFFFF',
          pupilName: 'Ученик\u0008 Тест',
          className: '5А',
          kinds: ['marks'],
        },
        school.timeZone,
      )
    })
    const log = await logDocx(await signIn('director'))
    expect(log.status).toBe(200)
    expect(log.text).toContain('Злоумышленник␁ Тест\uFFFD')
    expect(log.text).toContain('Ученик␈ Тест')
    expect(log.text).toContain('г. Энгельс,␁ ул. Тельмана')
    expect(log.text).not.toMatch(FORBIDDEN)
    // The stored value is untouched, and the hash over it still checks.
    const chain = await readChain(db, school.id)
    expect(chain.at(-1)!.applicantName).toBe('Злоумышленник\u0001 Тест\uFFFF')
    expect(verifyChain(chain)).toEqual({ ok: true, count: chain.length })
  })
})
