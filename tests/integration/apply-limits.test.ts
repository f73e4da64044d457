// Issue 18 item 1: /apply limits that fit a school (ADR 023): a class behind one Wi-Fi address all submit; a
// browser, an e-mail and a script without a page token are limited; counting is atomic under concurrency.
import fs from 'node:fs'
import { afterAll, describe, expect, it, vi } from 'vitest'

const dataDir = vi.hoisted(() => {
  const dir = `${process.cwd()}/tests/.tmp/data-apply-limits-${process.pid}`
  process.env.DATA_DIR = dir
  return dir
})

import { db } from '#app/utils/db.server'
import { action as applyAction, loader as applyLoader } from '#app/routes/apply'
import { APPLY_LIMITS, issueFormToken, verifyFormToken } from '#app/operations/apply-limits.server'
import { ORIGIN, settle } from '#tests/helpers/http'

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }))

const args = (request: Request) => ({ request, params: {}, context: {} })
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n')

async function fieldsFor(n: number, extra: Record<string, string> = {}) {
  const pupil = await db.pupil.findFirstOrThrow({
    where: { class: { name: '5А' }, leftOn: null },
    orderBy: { lastName: 'asc' },
    skip: n % 20,
  })
  return {
    'applicant.lastName': 'Иванова',
    'applicant.firstName': 'Мария',
    'applicant.middleName': 'Сергеевна',
    'identity.kind': 'passport',
    'identity.number': `6310 ${String(100000 + n)}`,
    'identity.issuedBy': 'ГУ МВД России по Саратовской области',
    'identity.issuedOn': '2015-02-01',
    'applicant.postalAddress': 'г. Саратов, ул. Московская, д. 1, кв. 2',
    'applicant.email': `parent${n}@example.org`,
    'applicant.phone': '+7 845 212-34-56',
    'pupil.lastName': pupil.lastName,
    'pupil.firstName': pupil.firstName,
    'pupil.middleName': pupil.middleName,
    'pupil.className': '5А',
    'applicant.role': 'guardian',
    periodicity: 'once',
    delivery: 'email',
    idempotencyKey: crypto.randomUUID(),
    kinds: 'marks',
    ...extra,
  } as Record<string, string>
}

function post(fields: Record<string, string>, ip: string, cookie = '') {
  const form = new FormData()
  for (const [k, v] of Object.entries(fields)) form.append(k, v)
  form.append('documents.identity', new File([new Uint8Array(PDF)], 'passport.pdf'))
  form.append('documents.statusProof', new File([new Uint8Array(PDF)], 'status.pdf'))
  return settle(() =>
    applyAction(
      args(
        new Request(`${ORIGIN}/apply`, {
          method: 'POST',
          body: form,
          headers: { Origin: ORIGIN, 'x-client-ip': ip, ...(cookie ? { Cookie: cookie } : {}) },
        }),
      ),
    ),
  )
}

/** What a parent's phone does: open the page (its own browser cookie and form token), then send the form. */
async function openPage(ip: string, cookie = '') {
  const page = await applyLoader(
    args(new Request(`${ORIGIN}/apply`, { headers: { 'x-client-ip': ip, ...(cookie ? { Cookie: cookie } : {}) } })),
  )
  const setCookie = page.headers.get('Set-Cookie')
  const { formToken } = await page.json()
  return { formToken: formToken as string, cookie: setCookie ? setCookie.split(';')[0] : cookie }
}

describe('/apply limits', () => {
  it('keeps no applicant’s e-mail or document in the counters, also for a first submission without a page', async () => {
    // First in the file: the installation's secret is not read yet (no page drawn) when the transaction counts.
    const fields = await fieldsFor(0, { 'applicant.email': 'Counted.Parent@Example.org', 'identity.number': '6310 987654' })
    expect((await post(fields, '203.0.113.150')).status).toBe(302)
    const keys = (await db.throttleCounter.findMany({ select: { key: true } })).map((c) => c.key)
    expect(keys.filter((k) => k.startsWith('apply:email:'))).toHaveLength(1)
    expect(keys.filter((k) => k.startsWith('apply:document:'))).toHaveLength(1)
    expect(keys.filter((k) => /parent@example|987654/i.test(k))).toEqual([])
  })

  it('takes 40 parents one by one from one school Wi-Fi address within ten minutes', async () => {
    const wifi = '192.0.2.200'
    const before = await db.application.count()
    for (let n = 0; n < 40; n++) {
      const { formToken, cookie } = await openPage(wifi)
      const response = await post(await fieldsFor(n, { formToken }), wifi, cookie)
      expect(response.status, `родитель ${n + 1}`).toBe(302)
    }
    expect(await db.application.count()).toBe(before + 40)
    expect(APPLY_LIMITS.address.max).toBeGreaterThanOrEqual(40)
  })

  it('counts parallel submissions exactly: a script without a page token gets three, one browser gets ten', async () => {
    const before = await db.application.count()
    const script = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => (await post(await fieldsFor(100 + i), '203.0.113.77')).status),
    )
    expect(script.filter((s) => s === 302)).toHaveLength(APPLY_LIMITS.tokenless.max)
    expect(script.filter((s) => s === 429)).toHaveLength(20 - APPLY_LIMITS.tokenless.max)
    expect(await db.application.count()).toBe(before + APPLY_LIMITS.tokenless.max)
    expect(await db.auditEvent.count({ where: { action: 'throttle:apply', ip: '203.0.113.77' } })).toBe(20 - APPLY_LIMITS.tokenless.max)

    const { formToken, cookie } = await openPage('198.51.100.40')
    const browser = await Promise.all(
      Array.from({ length: 15 }, async (_, i) => (await post(await fieldsFor(200 + i, { formToken }), '198.51.100.40', cookie)).status),
    )
    expect(browser.filter((s) => s === 302)).toHaveLength(APPLY_LIMITS.browser.max)
    const refused = await post(await fieldsFor(299, { formToken }), '198.51.100.40', cookie)
    expect((await refused.json()).formError).toMatch(/^С этого устройства подано слишком много заявлений\. Попробуйте снова после/)
    // The page drawn again in the same browser keeps its id: the limit holds.
    const again = await openPage('198.51.100.40', cookie)
    expect((await post(await fieldsFor(298, { formToken: again.formToken }), '198.51.100.40', cookie)).status).toBe(429)
  })

  it('limits one applicant’s e-mail, refuses forged and stale tokens as no token, and leaves no uploads behind', async () => {
    const uploadsBefore = await db.upload.count()
    for (let i = 0; i < APPLY_LIMITS.email.max; i++) {
      const { formToken, cookie } = await openPage(`192.0.2.${10 + i}`)
      expect(
        (await post(await fieldsFor(300 + i, { formToken, 'applicant.email': 'same@example.org' }), `192.0.2.${10 + i}`, cookie)).status,
      ).toBe(302)
    }
    const { formToken, cookie } = await openPage('192.0.2.99')
    const refused = await post(await fieldsFor(399, { formToken, 'applicant.email': 'Same@Example.org' }), '192.0.2.99', cookie)
    expect(refused.status).toBe(429)
    expect((await refused.json()).formError).toMatch(/^С этим адресом электронной почты подано слишком много заявлений/)
    expect(await db.upload.count()).toBe(uploadsBefore + 2 * APPLY_LIMITS.email.max)
    // Every file on disk has its row: the refused submissions (here and above) left no file behind.
    const onDisk = fs
      .readdirSync(`${dataDir}/uploads`, { recursive: true, withFileTypes: true })
      .filter((d) => d.isFile())
      .map((d) => d.name)
    const rows = await db.upload.findMany({ where: { id: { in: onDisk.map((n) => n.replace(/\.\w+$/, '')) } }, select: { id: true } })
    expect(onDisk.length).toBeGreaterThan(100)
    expect(rows).toHaveLength(onDisk.length)

    const real = await issueFormToken('AAAAAAAAAAAAAAAAAAAAAA')
    expect(await verifyFormToken(real)).toBe('AAAAAAAAAAAAAAAAAAAAAA')
    expect(await verifyFormToken(real.replace('AAAA', 'BBBB'))).toBeNull()
    expect(await verifyFormToken(real.slice(0, -2) + 'xx')).toBeNull()
    expect(await verifyFormToken(real, new Date(Date.now() + 25 * 3_600_000))).toBeNull()
  })
})
