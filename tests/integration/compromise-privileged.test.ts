// A compromise report about an administrator's or the director's account (Регламент 3.3, 1.16; ADR 034):
// - whoever had an administrator's password saw what it issued and showed once — portal tokens, other accounts'
//   one-time passwords: the lock withdraws them;
// - a secretary's (or a phished low account's) word alone does not lock the director or the administrators, which
//   would stop the school: the lock waits for the director's acknowledgement.
import { describe, expect, it } from 'vitest'
import { db } from '#app/utils/db.server'
import { getUser, login } from '#app/utils/auth.server'
import { action as staffAction } from '#app/routes/staff.compromise'
import { authenticateApiRequest, issueApiToken } from '#app/models/api-tokens.server'
import { confirmAccessGrant, issueOneTimePassword } from '#app/operations/access-grants.server'
import { issueClassCredentials } from '#app/operations/issue-class-credentials.server'
import { acknowledgeCompromiseReport, recordCompromiseReport } from '#app/operations/report-compromise.server'
import { compromiseLetter } from '#app/mail/compose-staff.server'
import { signIn, staffSession } from '#tests/helpers/auth'
import { formRequest, getRequest, settle } from '#tests/helpers/http'
import { DEMO_PASSWORD } from '../../prisma/seed/generate'

const args = (request: Request) => ({ request, params: {}, context: {} })
const record = (loginName: string, cookie: string) =>
  settle(() => staffAction(args(formRequest('/staff/compromise', { intent: 'record', login: loginName, via: 'phone' }, cookie))))
const acknowledge = (reportId: string, cookie: string) =>
  settle(() => staffAction(args(formRequest('/staff/compromise', { intent: 'acknowledge', reportId }, cookie))))
const bearer = (token: string) => new Request('http://localhost/api/v1/applications', { headers: { Authorization: `Bearer ${token}` } })
const account = (loginName: string) => db.user.findUniqueOrThrow({ where: { login: loginName } })

describe('a compromised administrator account', () => {
  it('withdraws the portal tokens it issued and the one-time passwords it gave that are still unused', async () => {
    const admin = await account('admin')
    const issued = await issueApiToken(admin, 'Региональный портал', '192.0.2.1')
    expect(await authenticateApiRequest(bearer(issued.token))).not.toBeNull()
    const deputy = await account('deputy')
    const teacher = await db.user.findFirstOrThrow({
      where: {
        roles: { some: { role: 'teacher' } },
        NOT: { roles: { some: { role: { in: ['director', 'responsible', 'secretary', 'class_teacher'] } } } },
      },
    })
    const responsible = await account('responsible')
    const pending = await issueOneTimePassword(admin.schoolId, deputy.id, admin.id)
    const used = await issueOneTimePassword(admin.schoolId, teacher.id, admin.id)
    // ADR 093: the responsible employee's reset is only asked — and the request dies with the administrator's account.
    const asked = await issueOneTimePassword(admin.schoolId, responsible.id, admin.id)
    if (!pending.ok || pending.waits || !('password' in pending) || !used.ok || used.waits || !asked.ok || asked.waits !== 'director')
      throw new Error('one-time password refused')
    // The teacher has already replaced theirs: it is their own password now.
    await db.user.update({ where: { id: teacher.id }, data: { mustChangePassword: false, passwordSetAt: new Date(Date.now() + 1000) } })
    const deputyCookie = await signIn('deputy', pending.password)

    const director = await signIn('director')
    const response = await record('admin', director)
    expect(response.status).toBe(200)
    expect((await account('admin')).lockedAt).not.toBeNull()

    expect(await authenticateApiRequest(bearer(issued.token))).toBeNull()
    expect((await db.apiToken.findUniqueOrThrow({ where: { id: issued.id } })).revokedAt).not.toBeNull()
    expect((await account('deputy')).lockedAt).not.toBeNull()
    expect(await getUser(getRequest('/change-password', deputyCookie))).toBeNull()
    expect(await login(formRequest('/login', {}), 'deputy', pending.password)).toMatchObject({ ok: false })
    expect((await db.user.findUniqueOrThrow({ where: { id: teacher.id } })).lockedAt).toBeNull()
    expect(await db.accessGrant.findFirstOrThrow({ where: { userId: responsible.id } })).toMatchObject({
      outcome: 'refused',
      decidedVia: 'compromise',
    })
    expect((await account('responsible')).passwordHash).toBe(responsible.passwordHash)
    // The refusal is in the audit, with the request it refused (review 3, finding 4).
    const grantId = (await db.accessGrant.findFirstOrThrow({ where: { userId: responsible.id } })).id
    const refusal = await db.auditEvent.findFirstOrThrow({ where: { action: 'refuse:access-grant', entityId: responsible.id } })
    expect(JSON.parse(refusal.data)).toEqual({ grantId, via: 'compromise', requestedById: admin.id })
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: 'report-compromise:record', entityId: admin.id } })
    expect(JSON.parse(audit.data)).toMatchObject({ apiTokensRevoked: 1, oneTimePasswordsWithdrawn: 1 })
  })
})

describe("a report about the director's or an administrator's account taken by other staff", () => {
  it("locks it only at the director's acknowledgement", async () => {
    const directorCookie = await signIn('director')
    const secretary = await signIn('secretary')
    const response = await record('director', secretary)
    expect(response.status).toBe(200)
    expect((await response.json()).message).toMatch(/заблокирует отметка директора/)
    const director = await account('director')
    expect(director.lockedAt).toBeNull()
    expect(await getUser(getRequest('/staff', directorCookie))).not.toBeNull()
    const job = await db.outboxJob.findFirstOrThrow({ where: { kind: 'notify-staff', payload: { contains: director.id } } })
    const payload = JSON.parse(job.payload)
    expect(payload).toMatchObject({ login: 'director', lockDeferred: true })
    expect(compromiseLetter(payload, 'Europe/Saratov').blocks[1]).toMatch(
      /^Учётная запись директора или администратора ЭЖ ещё не заблокирована/,
    )

    const report = await db.compromiseReport.findFirstOrThrow({ where: { userId: director.id } })
    const acknowledged = await acknowledge(report.id, directorCookie)
    expect(acknowledged.status).toBe(200)
    expect((await acknowledged.json()).message).toMatch(
      'Учётная запись заблокирована: новые реквизиты выдаёт администратор ЭЖ — для учётной записи директора с ' +
        'подтверждения администратора органа управления образованием или на сервере: npm run confirm-access -- --reset ' +
        '<логин> (если заблокирован единственный администратор ЭЖ — npm run create-admin -- --login <логин> --reset).',
    )
    expect((await account('director')).lockedAt).not.toBeNull()
    expect(await getUser(getRequest('/staff', directorCookie))).toBeNull()
  })

  it('is locked at the acknowledgement although its password was changed since (the thief can change it too)', async () => {
    // Both given new credentials since the tests above (the administrator's own password is the demo one).
    await db.user.updateMany({ where: { login: { in: ['director', 'admin'] } }, data: { lockedAt: null } })
    const secretary = await signIn('secretary')
    expect((await record('admin', secretary)).status).toBe(200)
    const admin = await account('admin')
    expect(admin.lockedAt).toBeNull()
    // Whoever holds the stolen password changes it, as /change-password lets anyone who knows the current one.
    await db.user.update({ where: { id: admin.id }, data: { passwordSetAt: new Date(Date.now() + 1000) } })
    const report = await db.compromiseReport.findFirstOrThrow({ where: { userId: admin.id }, orderBy: { createdAt: 'desc' } })
    expect((await acknowledge(report.id, await signIn('director'))).status).toBe(200)
    expect((await account('admin')).lockedAt).not.toBeNull()
    expect(await login(formRequest('/login', {}), 'admin', DEMO_PASSWORD)).toMatchObject({ ok: false })
  })

  it('is not locked at the acknowledgement when an administrator gave it a new one-time password since the report', async () => {
    await db.user.updateMany({ where: { login: { in: ['director', 'admin'] } }, data: { lockedAt: null } })
    expect((await record('director', await signIn('secretary'))).status).toBe(200)
    const director = await account('director')
    const admin = await account('admin')
    // ADR 093: the administrator asks, the authority's administrator confirms and is shown the password.
    const asked = await issueOneTimePassword(admin.schoolId, director.id, admin.id)
    if (!asked.ok || asked.waits !== 'authority') throw new Error('one-time password not asked')
    const grant = await db.accessGrant.findFirstOrThrow({ where: { userId: director.id, outcome: null } })
    const fresh = await confirmAccessGrant(grant.id, { via: 'console' })
    if (fresh.kind !== 'one-time-password') throw new Error('no one-time password')
    const report = await db.compromiseReport.findFirstOrThrow({ where: { userId: director.id }, orderBy: { createdAt: 'desc' } })
    // The director signs in with the new password and acknowledges the report about the old one.
    const result = await acknowledgeCompromiseReport({ director: await staffSession('director'), reportId: report.id })
    expect(result.locked).toBe(false)
    expect((await account('director')).lockedAt).toBeNull()
    expect(await login(formRequest('/login', {}), 'director', fresh.password!)).toMatchObject({ ok: true })
  })

  it('withdraws the parents’ one-time passwords of a class sheet the account printed, not those already replaced', async () => {
    await db.user.updateMany({ where: { login: 'admin' }, data: { lockedAt: null } })
    // The director has replaced the one-time password of the test above: their own now.
    await db.user.updateMany({
      where: { login: 'director' },
      data: { mustChangePassword: false, passwordSetAt: new Date(Date.now() + 1000) },
    })
    const cls = await db.schoolClass.findFirstOrThrow({
      where: { name: '4А' },
      include: { pupils: { include: { guardians: { include: { guardian: true } } } } },
    })
    const guardians = [...new Map(cls.pupils.flatMap((p) => p.guardians.map((g) => [g.guardian.id, g.guardian]))).values()].slice(0, 2)
    await issueClassCredentials({
      user: await staffSession('admin'),
      classId: cls.id,
      guardianIds: guardians.map((g) => g.id),
      confirmReissue: true,
    })
    const holders = await db.guardian.findMany({ where: { id: { in: guardians.map((g) => g.id) } }, select: { userId: true } })
    const [pendingId, usedId] = holders.map((h) => h.userId!)
    await db.user.update({ where: { id: usedId }, data: { mustChangePassword: false, passwordSetAt: new Date(Date.now() + 1000) } })

    // The director signs in with the one-time password of the test above: the operation the page calls.
    await recordCompromiseReport({ staff: await staffSession('director'), login: 'admin', via: 'phone' })
    expect((await db.user.findUniqueOrThrow({ where: { id: pendingId } })).lockedAt).not.toBeNull()
    expect((await db.user.findUniqueOrThrow({ where: { id: usedId } })).lockedAt).toBeNull()
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { action: 'report-compromise:record', entityId: (await account('admin')).id },
      orderBy: { at: 'desc' },
    })
    expect(JSON.parse(audit.data)).toMatchObject({ oneTimePasswordsWithdrawn: 1 })
  })

  it('an ordinary account is still locked at once, whoever takes the call', async () => {
    expect((await record('parent2', await signIn('secretary'))).status).toBe(200)
    expect((await account('parent2')).lockedAt).not.toBeNull()
  })
})
