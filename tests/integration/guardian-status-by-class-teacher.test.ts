// ADR 114: a guardian the administrator's import adds gets no parent account until the class teacher, with the document
// before them, records the status (Порядок 1.2, 2.7; Положение 3.1, 4.3.7). Before, the import's «Статус подтверждён:
// да» confirmed it, and the administrator opened the account of a «parent» of their own making on the class page.
import { describe, expect, it } from 'vitest'
import { applyImport } from '#app/import/run.server'
import { action as credentialsAction } from '#app/routes/classes.$classId.credentials'
import { db } from '#app/utils/db.server'
import { signIn } from '#tests/helpers/auth'
import { settle } from '#tests/helpers/http'
import { issueOneTimePassword } from '#app/operations/access-grants.server'

const ORIGIN = 'http://localhost:3000'
const fmt = (d: string) => d.slice(0, 10).split('-').reverse().join('.')

function post(cookie: string, classId: string, fields: string[][]) {
  const request = new Request(`${ORIGIN}/classes/${classId}/credentials`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: ORIGIN, 'x-client-ip': '127.0.0.1', Cookie: cookie },
    body: new URLSearchParams(fields),
  })
  return settle(() => credentialsAction({ request, params: { classId }, context: {} }))
}

async function importGuardian(lastName: string, mailbox: string, userId: string | null) {
  const cls = await db.schoolClass.findFirstOrThrow({ where: { name: '5А' } })
  const pupil = await db.pupil.findFirstOrThrow({ where: { classId: cls.id, leftOn: null }, orderBy: { lastName: 'desc' } })
  const header = ['Фамилия', 'Имя', 'Отчество', 'Эл. почта', 'Обучающийся', 'Дата рождения обучающегося', 'Степень родства']
  const extra = ['Статус подтверждён', 'Документ']
  const row = [lastName, 'Ирина', 'Олеговна', `${mailbox}@example.org`, `${pupil.lastName} ${pupil.firstName} ${pupil.middleName}`]
  const cells = [...row, fmt(pupil.birthDate), 'опекун', 'да', 'постановление об опеке № 1']
  const bytes = new TextEncoder().encode([[...header, ...extra], cells].map((r) => r.join(';')).join('\n'))
  const report = await applyImport({ schoolId: cls.schoolId, kind: 'guardians', fileName: 'g.csv', bytes, userId })
  expect(report.errors).toEqual([])
  expect(report.applied).toBe(true)
  const guardian = await db.guardian.findFirstOrThrow({ where: { lastName }, include: { links: true } })
  return { cls, pupil, guardian, report }
}

describe('the status of a guardian added by import (ADR 114)', () => {
  it('the administrator’s «да» confirms nothing: no account for them until the class teacher records the document', async () => {
    const admin = await db.user.findUniqueOrThrow({ where: { login: 'admin' } })
    const { cls, pupil, guardian, report } = await importGuardian('Подставная', 'podstavnaya', admin.id)
    expect(guardian.links).toMatchObject([{ pupilId: pupil.id, statusConfirmed: false, confirmedBy: '' }])
    expect(report.warnings.map((w) => w.message).join(' ')).toMatch(/статус законного представителя подтверждает классный руководитель/)

    // The administrator opens the «parent's» account on the class page: refused, nothing created.
    const adminCookie = await signIn('admin')
    const users = await db.user.count()
    const opened = await post(adminCookie, cls.id, [
      ['from', 'staff'],
      ['guardianId', guardian.id],
    ])
    expect(opened.headers.get('Location')).toBe(`/staff/classes/${cls.id}?credentials=unconfirmed#credentials`)
    expect(await db.user.count()).toBe(users)

    // Nor may the administrator record the status themselves.
    const confirm = (doc: string) => [
      ['from', 'teacher'],
      ['intent', 'confirm-status'],
      ['guardianId', guardian.id],
      ['pupilId', pupil.id],
      ['document', doc],
    ]
    const byAdmin = await post(adminCookie, cls.id, confirm('свидетельство о рождении'))
    expect(byAdmin.headers.get('Location')).toBe(`/teacher/classes/${cls.id}?credentials=status-not-yours#credentials`)
    // The class teacher without the document's words: refused.
    const teacher = await signIn('popova.ym')
    const blank = await post(teacher, cls.id, confirm('   '))
    expect(blank.headers.get('Location')).toBe(`/teacher/classes/${cls.id}?credentials=status-document#credentials`)
    expect(await db.guardianLink.findFirstOrThrow({ where: { guardianId: guardian.id } })).toMatchObject({ statusConfirmed: false })

    // The class teacher checks the document: confirmed and audited; the account can now be opened.
    const done = await post(teacher, cls.id, confirm('постановление об опеке № 17 от 01.09.2026'))
    expect(done.status).toBe(303)
    expect(await db.guardianLink.findFirstOrThrow({ where: { guardianId: guardian.id } })).toMatchObject({
      statusConfirmed: true,
      confirmedBy: 'постановление об опеке № 17 от 01.09.2026',
    })
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: 'confirm:guardian-status', entityId: guardian.id } })
    expect(audit.userId).toBe((await db.user.findUniqueOrThrow({ where: { login: 'popova.ym' } })).id)
    const issued = await post(adminCookie, cls.id, [
      ['from', 'staff'],
      ['guardianId', guardian.id],
    ])
    expect(issued.status).toBe(200)
    expect((await db.guardian.findUniqueOrThrow({ where: { id: guardian.id } })).userId).not.toBeNull()

    // The administrator's next import with «да» and another «Документ» leaves the class teacher's record alone.
    const again = await importGuardian('Подставная', 'podstavnaya', admin.id)
    expect(again.guardian.links).toMatchObject([{ statusConfirmed: true, confirmedBy: 'постановление об опеке № 17 от 01.09.2026' }])
  })

  it('the administrator cannot reset a class teacher’s password alone and confirm a «parent» as them', async () => {
    const admin = await db.user.findUniqueOrThrow({ where: { login: 'admin' } })
    await importGuardian('Подставнова', 'podstavnova', admin.id)
    const teacher = await db.user.findUniqueOrThrow({ where: { login: 'popova.ym' } })
    // The reset waits for the director, who is shown the password; the administrator sees none, nothing changes.
    const reset = await issueOneTimePassword(teacher.schoolId, teacher.id, admin.id)
    expect(reset).toEqual({ ok: true, waits: 'director', login: 'popova.ym' })
    expect((await db.user.findUniqueOrThrow({ where: { id: teacher.id } })).passwordHash).toBe(teacher.passwordHash)
    const grant = await db.accessGrant.findFirstOrThrow({ where: { userId: teacher.id, kind: 'one-time-password', outcome: null } })
    expect(grant).toMatchObject({ approver: 'director', requestedById: admin.id })
    expect(JSON.parse(grant.roles)).toEqual(['class_teacher'])
    expect(await db.auditEvent.count({ where: { action: 'issue:one-time-password', entityId: teacher.id } })).toBe(0)
  })

  it('the operator’s script import still writes the status it was given', async () => {
    const { guardian, report } = await importGuardian('Сценарная', 'scenarnaya', null)
    expect(guardian.links).toMatchObject([{ statusConfirmed: true, confirmedBy: 'постановление об опеке № 1' }])
    expect(report.warnings).toEqual([])
  })
})
