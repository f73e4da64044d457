// Issue 20.10: the manual check on /staff/log (and `npm run verify-log`) uses the anchor the daily check stores —
// the newest row of its last clean pass. Deleting the newest rows leaves a valid, shorter chain that only the anchor
// reveals; deleting the first rows breaks the numbering. Neither may be reported as «no record was deleted».
import { describe, expect, it } from 'vitest'
import { db } from '#app/utils/db.server'
import { verifyRegistrationLogs } from '#app/jobs/integrity.server'
import { readAnchor } from '#app/models/registration-log-check.server'
import { registerApplication } from '#app/operations/steps.server'
import { action as logAction } from '#app/routes/staff.log'
import { receive, staffActor } from '#tests/helpers/applications'
import { signIn } from '#tests/helpers/auth'
import { formRequest, settle } from '#tests/helpers/http'

async function manualCheck(cookie: string): Promise<{ ok: boolean; message: string }> {
  const res = await settle(() => logAction({ request: formRequest('/staff/log', {}, cookie), params: {}, context: {} }))
  expect(res.status).toBe(200)
  return res.json()
}

async function registerSome(n: number) {
  const responsible = await staffActor('responsible')
  for (let i = 0; i < n; i++) {
    const app = await receive('online', '8А')
    await registerApplication({ applicationId: app.id, schoolId: app.schoolId, actor: responsible })
  }
}

describe('the manual check of the registration log uses the stored anchor', { timeout: 120_000 }, () => {
  it('says what it can vouch for, and catches deleted newest rows, deleted first rows and an emptied log', async () => {
    const school = await db.school.findFirstOrThrow()
    const cookie = await signIn('responsible')
    await registerSome(3)

    // Before any daily check there is no anchor, and the message does not claim what it cannot see.
    await db.setting.deleteMany({ where: { key: 'integrity.anchor' } })
    const early = await manualCheck(cookie)
    expect(early.ok).toBe(true)
    expect(early.message).toMatch(/Контрольной отметки ещё нет .* удаление последних записей эта проверка не обнаружит\.$/)
    expect(early.message).not.toContain('не удалена')

    await verifyRegistrationLogs()
    const anchor = await readAnchor(school.id)
    const newest = await db.registrationLogEntry.findFirstOrThrow({ where: { schoolId: school.id }, orderBy: { sequence: 'desc' } })
    expect(anchor).toEqual({ sequence: newest.sequence, hash: newest.hash })
    const clean = await manualCheck(cookie)
    expect(clean).toEqual({
      ok: true,
      message: expect.stringContaining(
        `записи с порядковыми номерами до ${newest.sequence} включительно (контрольная отметка ежедневной проверки) не удалены.`,
      ),
    })

    // The newest two rows deleted: the rest is a valid chain, and only the anchor shows the loss.
    const all = await db.registrationLogEntry.findMany({ where: { schoolId: school.id }, orderBy: { sequence: 'asc' } })
    await db.registrationLogEntry.deleteMany({ where: { id: { in: all.slice(-2).map((r) => r.id) } } })
    const tail = await manualCheck(cookie)
    expect(tail.ok).toBe(false)
    expect(tail.message).toBe(
      `Журнал регистрации нарушен: запись с порядковым номером ${newest.sequence} — журнал не ` +
        'совпадает с контрольной отметкой: последние записи удалены или изменены',
    )

    // The first rows deleted: the numbering no longer starts at 1.
    await db.registrationLogEntry.deleteMany({ where: { id: { in: all.slice(0, 2).map((r) => r.id) } } })
    const head = await manualCheck(cookie)
    expect(head.ok).toBe(false)
    expect(head.message).toMatch(/^Журнал регистрации нарушен: запись с порядковым номером 3 — /)

    // Every row deleted: an empty log is not «цел» once an anchor exists.
    await db.registrationLogEntry.deleteMany({ where: { schoolId: school.id } })
    const empty = await manualCheck(cookie)
    expect(empty.ok).toBe(false)
    expect(empty.message).toContain('журнал не совпадает с контрольной отметкой')
    // The audit row records the failed check.
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: 'verify:registration-log' }, orderBy: { at: 'desc' } })
    expect(JSON.parse(audit.data)).toMatchObject({ ok: false, count: 0 })
  })
})
