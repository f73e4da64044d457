import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'

// Stored files go to a temporary DATA_DIR, set before the app's environment is first read.
const dataDir = vi.hoisted(() => {
  const dir = `${process.cwd()}/tests/.tmp/data-retention-${process.pid}`
  process.env.DATA_DIR = dir
  return dir as string
})

import { db } from '#app/utils/db.server'
import { ANONYMISED, cutoffDay, listExpired, listRetentionRuns, purgeExpired } from '#app/models/retention.server'
import { action, loader } from '#app/routes/admin.retention'
import { signIn } from '#tests/helpers/auth'
import { formRequest, getRequest, settle } from '#tests/helpers/http'
import { build, T } from './control-helpers'
import { otherSchool } from '#tests/helpers/schools'

const tz = 'Europe/Saratov'
const now = T('2032-11-20T12:00')
let old: { id: string; schoolId: string }
let recent: { id: string }
let uploadFile: string
let otherSchoolId: string

beforeAll(async () => {
  old = await build({
    channel: 'post',
    receivedAt: '2026-10-05T09:00',
    register: { at: '2026-10-05T11:00' },
    forwardAt: '2026-10-12T10:00',
    decide: { at: '2026-10-14T10:00', outcome: 'grant' },
    deliver: { at: '2026-10-15T10:00' },
  })
  recent = await build({
    channel: 'post',
    receivedAt: '2026-11-02T09:00',
    register: { at: '2026-11-02T11:00' },
    forwardAt: '2026-11-12T10:00',
    decide: { at: '2026-11-14T10:00', outcome: 'grant' },
    deliver: { at: '2026-11-30T10:00' },
  })
  // closed 15.10.2026: expired on 20.11.2032 with 5 years; the recent one closed 30.11.2026 is kept (cutoff 20.11.2027)
  await db.application.update({ where: { id: recent.id }, data: { closedAt: T('2027-11-21T10:00') } })
  uploadFile = path.join(dataDir, 'uploads', '2026-10', 'upl_old.pdf')
  fs.mkdirSync(path.dirname(uploadFile), { recursive: true })
  fs.writeFileSync(uploadFile, '%PDF-1.4 паспорт')
  await db.upload.create({
    data: {
      id: 'upl_old',
      applicationId: old.id,
      kind: 'identity',
      fileName: 'паспорт.pdf',
      mime: 'application/pdf',
      size: 20,
      sha256: 'x',
      storagePath: 'uploads/2026-10/upl_old.pdf',
    },
  })
  await db.storedDocument.create({
    data: {
      applicationId: old.id,
      kind: 'extract',
      fileName: 'выписка.docx',
      mime: 'application/octet-stream',
      sha256: 'y',
      content: Buffer.from('выписка'),
    },
  })
  await db.delivery.updateMany({ where: { applicationId: old.id }, data: { recipient: 'Иванова Мария Петровна' } })
  // Another school on the installation: its old files without an application are not this school's to purge.
  const other = await otherSchool()
  await db.upload.create({
    data: {
      id: 'upl_other',
      schoolId: other.id,
      kind: 'scan',
      fileName: 'скан.pdf',
      mime: 'application/pdf',
      size: 20,
      sha256: 'z',
      storagePath: 'uploads/2026-10/upl_other.pdf',
      createdAt: T('2026-10-01T10:00'),
    },
  })
  otherSchoolId = other.id
  await db.storedDocument.create({
    data: {
      id: 'doc_other',
      schoolId: other.id,
      kind: 'activity-report',
      fileName: 'отчёт.docx',
      mime: 'application/octet-stream',
      sha256: 'z',
      content: Buffer.from('отчёт'),
      createdAt: T('2026-10-01T10:00'),
    },
  })
})

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }))

describe('retention', () => {
  it('counts the period back from today in school time', () => {
    expect(cutoffDay(now, 5, tz)).toBe('2027-11-20')
    expect(cutoffDay(T('2028-02-29T10:00'), 5, tz)).toBe('2023-02-28')
  })

  it('lists only applications closed before the cutoff', async () => {
    const list = await listExpired(old.schoolId, now, tz)
    expect(list).toMatchObject({ years: 5, cutoff: '2027-11-20' })
    expect(list.applications.map((a) => [a.id, a._count.documents, a._count.uploads])).toEqual([[old.id, 1, 1]])
    expect(list.strayUploads).toEqual([])
    expect(list.strayDocuments).toEqual([])
  })

  it('purges personal data, keeps an anonymised record and a report', async () => {
    // The postcode is personal data too (issue 19, item 6).
    await db.application.update({ where: { id: old.id }, data: { applicantPostcode: '410012' } })
    const applicant = await db.application.findUniqueOrThrow({ where: { id: old.id } })
    expect(
      await purgeExpired({ schoolId: old.schoolId, user: { id: 'x', displayName: 'Админ' }, now, timeZone: tz, expectedCount: 2 }),
    ).toEqual({ changed: true })
    const report = await purgeExpired({
      schoolId: old.schoolId,
      user: { id: 'x', displayName: 'Админ' },
      now,
      timeZone: tz,
      expectedCount: 1,
    })
    if ('changed' in report) throw new Error('список не должен был измениться')
    expect(report).toMatchObject({ years: 5, cutoff: '2027-11-20', documents: 1, uploads: 1, files: 1, missingFiles: 0 })
    expect(report.applications).toEqual([
      expect.objectContaining({ id: old.id, registrationNumber: applicant.registrationNumber, status: 'delivered' }),
    ])

    const kept = await db.application.findUniqueOrThrow({
      where: { id: old.id },
      include: { documents: true, uploads: true, events: true, deliveries: true },
    })
    expect(kept).toMatchObject({
      applicantLastName: ANONYMISED,
      applicantFirstName: '',
      applicantEmail: '',
      applicantPostalAddress: '',
      applicantPostcode: '',
      applicantIdentityDocument: '',
      pupilName: ANONYMISED,
      pupilId: null,
      status: 'delivered',
      channel: 'post',
      registrationNumber: applicant.registrationNumber,
      receivedAt: applicant.receivedAt,
      closedAt: applicant.closedAt,
      className: applicant.className,
    })
    expect(kept.statusToken).not.toBe(applicant.statusToken)
    expect(kept.documents).toEqual([])
    expect(kept.uploads).toEqual([])
    expect(kept.events.map((e) => e.event)).toContain('DELIVER')
    expect(JSON.stringify(kept.events)).not.toContain('Проверено')
    expect(kept.deliveries.every((d) => d.recipient === '')).toBe(true)
    expect(fs.existsSync(uploadFile)).toBe(false)
    expect(await db.outboxJob.count({ where: { payload: { contains: old.id } } })).toBe(0)
    expect(await db.upload.count({ where: { id: 'upl_other' } })).toBe(1)
    expect(await db.storedDocument.count({ where: { id: 'doc_other' } })).toBe(1)
    // the recent one is untouched; the registration log is not changed
    expect((await db.application.findUniqueOrThrow({ where: { id: recent.id } })).applicantLastName).not.toBe(ANONYMISED)
    expect(await db.registrationLogEntry.count({ where: { applicationId: old.id } })).toBeGreaterThan(0)
    expect((await listExpired(old.schoolId, now, tz)).applications).toEqual([])
    // The stored run says what the report said, file counts included; it belongs to this school only.
    expect(await listRetentionRuns(old.schoolId)).toEqual([report])
    expect(await listRetentionRuns(otherSchoolId)).toEqual([])
    expect(await db.auditEvent.count({ where: { action: 'retention:purge' } })).toBe(1)
  })

  it('the screen is the administrator’s and asks for confirmation', async () => {
    const director = await signIn('director')
    expect((await settle(() => loader({ request: getRequest('/admin/retention', director), params: {}, context: {} }))).status).toBe(403)
    const admin = await signIn('admin')
    const unconfirmed = await settle(() =>
      action({ request: formRequest('/admin/retention', { intent: 'purge', count: '0' }, admin), params: {}, context: {} }),
    )
    expect(unconfirmed.status).toBe(400)
    expect((await unconfirmed.json()).field).toBe('confirm')
    const years = await settle(() =>
      action({ request: formRequest('/admin/retention', { intent: 'years', years: '6' }, admin), params: {}, context: {} }),
    )
    expect(await years.json()).toMatchObject({ ok: true })
    expect((await (await loader({ request: getRequest('/admin/retention', admin), params: {}, context: {} })).json()).years).toBe(6)
  })

  // ADR 077: the purge anonymises every confirmed application in one transaction; a snapshot value of a shape it does
  // not expect neither stops it nor survives it, and the audit record names the application and the value dropped.
  it('purges an application whose snapshot holds an unexpected shape: the value is dropped and named, the purge goes on', async () => {
    const odd = await build({
      channel: 'post',
      receivedAt: '2026-10-06T09:00',
      register: { at: '2026-10-06T11:00' },
      forwardAt: '2026-10-12T10:00',
      decide: { at: '2026-10-14T10:00', outcome: 'grant' },
      deliver: { at: '2026-10-15T10:00' },
    })
    const row = await db.application.findUniqueOrThrow({ where: { id: odd.id } })
    const snapshot = JSON.parse(row.snapshot) as { value: string; context: Record<string, unknown> }
    await db.application.update({
      where: { id: odd.id },
      data: { snapshot: JSON.stringify({ ...snapshot, context: { ...snapshot.context, proposal: 'Иванова просила не звонить' } }) },
    })
    const list = await listExpired(odd.schoolId, now, tz)
    expect(list.applications.map((a) => a.id)).toEqual([odd.id])
    const report = await purgeExpired({
      schoolId: odd.schoolId,
      user: { id: 'x', displayName: 'Админ' },
      now,
      timeZone: tz,
      expectedCount: 1,
    })
    if ('changed' in report) throw new Error('список не должен был измениться')
    const kept = await db.application.findUniqueOrThrow({ where: { id: odd.id } })
    expect(kept).toMatchObject({ applicantLastName: ANONYMISED, pupilName: ANONYMISED, status: row.status })
    expect(kept.snapshot).not.toContain('Иванова')
    expect(JSON.parse(kept.snapshot)).toEqual({ ...snapshot, context: { ...snapshot.context, proposal: null } })
    const audited = (await db.auditEvent.findMany({ where: { action: 'retention:purge' } })).map((e) => JSON.parse(e.data))
    expect(audited).toHaveLength(2)
    expect(audited).toContainEqual(
      expect.objectContaining({ applications: 1, unexpectedSnapshots: [{ id: odd.id, dropped: ['context.proposal'] }] }),
    )
    expect(audited.filter((d) => 'unexpectedSnapshots' in d)).toHaveLength(1)
  })
})
