import { describe, expect, it } from 'vitest'
import { db } from '#app/utils/db.server'
import { changePassword, getUser, login } from '#app/utils/auth.server'
import { loader as changePasswordLoader } from '#app/routes/change-password'
import { action, loader } from '#app/routes/parent.compromised'
import { action as staffAction, loader as staffLoader } from '#app/routes/staff.compromise'
import { action as statusAction, loader as statusLoader } from '#app/routes/s.$token'
import { APPLICANT_ACTOR, actorOf } from '#app/operations/actor'
import { receiveApplication } from '#app/operations/receive-application.server'
import { applicantOf, applicationFor } from '#tests/helpers/applications'
import { signIn } from '#tests/helpers/auth'
import { formRequest, getRequest, settle } from '#tests/helpers/http'
import { toIsoWithOffset } from '#workflows/time'
import { listApplicationsOfGuardian } from '#app/models/application-status.server'
import { runOutbox } from '#app/jobs/outbox.server'
import '#app/mail/index.server'

const args = (request: Request) => ({ request, params: {}, context: {} })
const HOUR = 3_600_000
/** A datetime-local value in school time (Saratov, +04:00). */
const local = (d: Date) => toIsoWithOffset(d, 'Europe/Saratov').slice(0, 16)

async function parentWithHistory(loginName: string) {
  const user = await db.user.findUniqueOrThrow({ where: { login: loginName }, include: { roles: true, guardian: true } })
  const actor = actorOf({ id: user.id, displayName: user.guardian!.lastName, roles: user.roles.map((r) => r.role) })
  const now = Date.now()
  const at = (hoursAgo: number) => new Date(now - hoursAgo * HOUR)
  await db.auditEvent.createMany({
    data: [
      { schoolId: user.schoolId, userId: user.id, action: 'view:pupil', at: at(5) },
      { schoolId: user.schoolId, userId: user.id, action: 'view:pupil', at: at(1) },
    ],
  })
  const receiveAt = async (hoursAgo: number) =>
    (
      await receiveApplication({
        schoolId: user.schoolId,
        channel: 'online',
        data: await applicationFor('5А'),
        actor,
        receivedAt: at(hoursAgo),
      })
    ).application
  const early = await receiveAt(6)
  const late = await receiveAt(0.5)
  return { user, early, late, moment: at(2) }
}

describe('«Мой пароль скомпрометирован» (Регламент 3.3, 1.16)', () => {
  it(
    "«Все операции … с момента получения информации директором … признаются недействительными»: the parent's " +
      'report is that moment; what came before stays valid, a moment the parent names is ignored',
    async () => {
      const cookie = await signIn('parent')
      const other = await signIn('parent') // a second device
      const { user, early, late, moment } = await parentWithHistory('parent')
      const before = Date.now()

      const response = await settle(() =>
        action(args(formRequest('/parent/compromised', { since: local(moment), confirm: 'yes' }, cookie))),
      )
      expect(response.status).toBe(302)
      expect(response.headers.get('Location')).toBe('/parent/compromised?done=1')
      expect(response.headers.get('Set-Cookie')).toMatch(/^sid=; .*Max-Age=0/)

      const after = await db.user.findUniqueOrThrow({ where: { id: user.id } })
      expect(after.lockedAt).not.toBeNull()
      expect(after.compromisedAt!.getTime()).toBeGreaterThanOrEqual(before)
      const report = await db.compromiseReport.findFirstOrThrow({ where: { userId: user.id } })
      expect(report).toMatchObject({ via: 'portal', takenById: null, supportNotifiedAt: null })
      expect(report.directorReceivedAt!.getTime()).toBe(report.reportedAt.getTime())
      expect(after.compromisedAt!.getTime()).toBe(report.directorReceivedAt!.getTime())
      expect(await db.session.count({ where: { userId: user.id } })).toBe(0)
      expect(await getUser(getRequest('/parent', other))).toBeNull()
      expect(await login(formRequest('/login', {}), 'parent', 'demo2026')).toEqual({
        ok: false,
        error: 'Учётная запись заблокирована. Обратитесь к администратору электронного журнала.',
      })

      // Everything before the report — 5 h, 1 h ago, the applications 6 h and 30 min ago — stays valid.
      expect(await db.auditEvent.count({ where: { userId: user.id, invalid: true } })).toBe(0)
      expect(await db.applicationEvent.count({ where: { applicationId: { in: [early.id, late.id] }, invalid: true } })).toBe(0)

      const job = (await db.outboxJob.findMany({ where: { kind: 'notify-staff' } }))
        .map((j) => JSON.parse(j.payload))
        .find((p) => p.reason === 'account-compromised' && p.userId === user.id)
      expect(job).toMatchObject({ role: 'director', login: 'parent', via: 'portal', invalidApplicationEvents: 0 })
      await runOutbox()
      const director = await db.staff.findFirstOrThrow({ where: { user: { login: 'director' } } })
      const letter = (await db.outboxJob.findMany({ where: { kind: 'send-email' } }))
        .map((j) => JSON.parse(j.payload))
        .find((p) => String(p.subject).startsWith('Скомпрометирована учётная запись parent'))
      expect(letter?.to).toEqual([director.email])
      expect(letter?.text).toContain('(получение сообщения директором), признаны недействительными (Регламент 1.16)')
      expect(letter?.text).toContain('Сообщите о нарушении в службу технической поддержки Школьного портала (Регламент 3.3)')

      const page = await (
        await statusLoader({ request: getRequest(`/s/${late.statusToken}`), params: { token: late.statusToken }, context: {} })
      ).json()
      expect(page.view.history[0]).toMatchObject({ text: 'Заявление получено', invalid: false })
      const done = await (await loader(args(getRequest('/parent/compromised?done=1')))).json()
      expect(done.done).toBe(true)
    },
  )

  it('refuses without the confirmation, changing nothing', async () => {
    const cookie = await signIn('parent2')
    const user = await db.user.findUniqueOrThrow({ where: { login: 'parent2' } })
    const unconfirmed = await settle(() => action(args(formRequest('/parent/compromised', {}, cookie))))
    expect(unconfirmed.status).toBe(400)
    expect((await unconfirmed.json()).errors.confirm).toBe('Подтвердите, что хотите заблокировать вход')
    const row = await db.user.findUniqueOrThrow({ where: { id: user.id } })
    expect([row.lockedAt, row.compromisedAt]).toEqual([null, null])
    expect(await db.compromiseReport.count({ where: { userId: user.id } })).toBe(0)
    expect(await getUser(getRequest('/parent', cookie))).not.toBeNull()
  })
})

describe(
  'a report taken by staff (Регламент 3.3: «уведомляют … руководителя ' +
    'общеобразовательного учреждения, службу технической поддержки Школьного портала»)',
  () => {
    const staffArgs = (request: Request) => ({ request, params: {}, context: {} })

    it(
      'the secretary records a phone call; the account is locked at once, operations are invalid from the ' +
        "director's acknowledgement (п. 1.16); the school records when it told the technical support",
      async () => {
        const parentCookie = await signIn('parent2')
        const target = await db.user.findUniqueOrThrow({ where: { login: 'parent2' } })
        const twoHoursAgo = new Date(Date.now() - 2 * HOUR)
        await db.auditEvent.create({
          data: { schoolId: target.schoolId, userId: target.id, action: 'view:pupil', at: new Date(Date.now() - HOUR) },
        })

        const secretary = await signIn('secretary')
        const bad = await settle(() =>
          staffAction(staffArgs(formRequest('/staff/compromise', { intent: 'record', login: 'nobody', via: 'phone' }, secretary))),
        )
        expect(bad.status).toBe(400)
        expect((await bad.json()).fieldErrors).toEqual({ login: 'Учётная запись с таким логином в школе не найдена' })
        const future = await settle(() =>
          staffAction(
            staffArgs(
              formRequest(
                '/staff/compromise',
                { intent: 'record', login: 'parent2', via: 'phone', reportedAt: local(new Date(Date.now() + 3 * HOUR)) },
                secretary,
              ),
            ),
          ),
        )
        expect(future.status).toBe(400)
        expect(await db.compromiseReport.count({ where: { userId: target.id } })).toBe(0)

        const ok = await settle(() =>
          staffAction(
            staffArgs(
              formRequest(
                '/staff/compromise',
                { intent: 'record', login: 'parent2', via: 'phone', reportedAt: local(twoHoursAgo), note: 'звонок матери' },
                secretary,
              ),
            ),
          ),
        )
        expect(ok.status).toBe(200)
        const report = await db.compromiseReport.findFirstOrThrow({ where: { userId: target.id } })
        expect(report).toMatchObject({ via: 'phone', directorReceivedAt: null, note: 'звонок матери' })
        expect(report.takenByName).not.toBe('')
        expect((await db.user.findUniqueOrThrow({ where: { id: target.id } })).lockedAt).not.toBeNull()
        expect(await getUser(getRequest('/parent', parentCookie))).toBeNull()
        // Not yet received by the director: nothing is invalid, even what came after the call.
        expect(await db.auditEvent.count({ where: { userId: target.id, invalid: true } })).toBe(0)

        // Only the director acknowledges.
        const refused = await settle(() =>
          staffAction(staffArgs(formRequest('/staff/compromise', { intent: 'acknowledge', reportId: report.id }, secretary))),
        )
        expect(refused.status).toBe(403)
        // An operation recorded for the account after the call but before the director learnt of it stays valid.
        const inBetween = await db.auditEvent.create({
          data: { schoolId: target.schoolId, userId: target.id, action: 'view:pupil', at: new Date() },
        })
        const director = await signIn('director')
        await new Promise((r) => setTimeout(r, 5))
        const ack = await settle(() =>
          staffAction(staffArgs(formRequest('/staff/compromise', { intent: 'acknowledge', reportId: report.id }, director))),
        )
        expect(ack.status).toBe(200)
        const acknowledged = await db.compromiseReport.findUniqueOrThrow({ where: { id: report.id } })
        expect(acknowledged.directorReceivedAt!.getTime()).toBeGreaterThan(inBetween.at.getTime())
        expect((await db.user.findUniqueOrThrow({ where: { id: target.id } })).compromisedAt!.getTime()).toBe(
          acknowledged.directorReceivedAt!.getTime(),
        )
        // A second acknowledgement changes nothing.
        await settle(() =>
          staffAction(staffArgs(formRequest('/staff/compromise', { intent: 'acknowledge', reportId: report.id }, director))),
        )
        expect((await db.compromiseReport.findUniqueOrThrow({ where: { id: report.id } })).directorReceivedAt).toEqual(
          acknowledged.directorReceivedAt,
        )
        expect((await db.auditEvent.findUniqueOrThrow({ where: { id: inBetween.id } })).invalid).toBe(false)

        // Регламент 3.3: the technical support was told; before the report is refused.
        const early = await settle(() =>
          staffAction(
            staffArgs(
              formRequest(
                '/staff/compromise',
                { intent: 'support', reportId: report.id, supportNotifiedAt: local(new Date(twoHoursAgo.getTime() - HOUR)) },
                secretary,
              ),
            ),
          ),
        )
        expect(early.status).toBe(400)
        const told = new Date(Date.now() - 30 * 60_000)
        const support = await settle(() =>
          staffAction(
            staffArgs(
              formRequest('/staff/compromise', { intent: 'support', reportId: report.id, supportNotifiedAt: local(told) }, secretary),
            ),
          ),
        )
        expect(support.status).toBe(200)
        expect((await db.compromiseReport.findUniqueOrThrow({ where: { id: report.id } })).supportNotifiedAt!.getTime()).toBe(
          Math.floor(told.getTime() / 60_000) * 60_000,
        )

        const page = await (await staffLoader(staffArgs(getRequest('/staff/compromise', director)))).json()
        expect(page.reports.find((r: { login: string }) => r.login === 'parent2')).toMatchObject({
          via: 'по телефону',
          note: 'звонок матери',
        })
      },
    )

    it('a report the director takes in person is received at once: operations from its moment are invalid', async () => {
      const target = await db.user.findUniqueOrThrow({ where: { login: 'newparent' } })
      const call = new Date(Date.now() - 3 * HOUR)
      const before = await db.auditEvent.create({
        data: { schoolId: target.schoolId, userId: target.id, action: 'view:pupil', at: new Date(call.getTime() - HOUR) },
      })
      const after = await db.auditEvent.create({
        data: { schoolId: target.schoolId, userId: target.id, action: 'view:pupil', at: new Date(call.getTime() + HOUR) },
      })
      const director = await signIn('director')
      const ok = await settle(() =>
        staffAction(
          staffArgs(
            formRequest('/staff/compromise', { intent: 'record', login: 'newparent', via: 'in_person', reportedAt: local(call) }, director),
          ),
        ),
      )
      expect(ok.status).toBe(200)
      const report = await db.compromiseReport.findFirstOrThrow({ where: { userId: target.id } })
      expect(report.directorReceivedAt!.getTime()).toBe(Math.floor(call.getTime() / 60_000) * 60_000)
      expect((await db.auditEvent.findUniqueOrThrow({ where: { id: before.id } })).invalid).toBe(false)
      expect((await db.auditEvent.findUniqueOrThrow({ where: { id: after.id } })).invalid).toBe(true)
    })
  },
)

describe('the private links of the account’s applications after a report (Регламент 1.16, 3.6)', () => {
  /** An application the parent's list shows (their own child, in their name) and one of another family. */
  async function ownAndForeign(loginName: string) {
    // The tests above have locked the demo parents: unlocked again, as a new one-time password would.
    await db.user.update({ where: { login: loginName }, data: { lockedAt: null } })
    const user = await db.user.findUniqueOrThrow({ where: { login: loginName }, include: { roles: true, guardian: true } })
    const g = user.guardian!
    const link = await db.guardianLink.findFirstOrThrow({ where: { guardianId: g.id }, include: { pupil: { include: { class: true } } } })
    const data = {
      ...(await applicationFor(link.pupil.class.name)),
      applicant: applicantOf(g),
      pupil: {
        lastName: link.pupil.lastName,
        firstName: link.pupil.firstName,
        middleName: link.pupil.middleName,
        className: link.pupil.class.name,
      },
    }
    const actor = actorOf({ id: user.id, displayName: g.lastName, roles: user.roles.map((r) => r.role) })
    const own = (await receiveApplication({ schoolId: user.schoolId, channel: 'online', data, actor, guardianId: g.id })).application
    const foreign = (
      await receiveApplication({ schoolId: user.schoolId, channel: 'online', data: await applicationFor('7Б'), actor: APPLICANT_ACTOR })
    ).application
    return { own, foreign }
  }
  const status = (token: string) => settle(() => statusLoader({ request: getRequest(`/s/${token}`), params: { token }, context: {} }))
  const withdraw = (token: string, version: number) =>
    settle(() =>
      statusAction({
        request: formRequest(`/s/${token}`, { intent: 'withdraw', version: String(version) }),
        params: { token },
        context: {},
      }),
    )

  it(
    "the parent's own report replaces them: a link copied by whoever had the password opens nothing and withdraws " +
      'nothing; the parent finds the new one in the account; another family’s link is untouched',
    async () => {
      const { own, foreign } = await ownAndForeign('parent')
      const cookie = await signIn('parent')
      expect((await status(own.statusToken)).status).toBe(200)

      const reported = await settle(() => action(args(formRequest('/parent/compromised', { confirm: 'yes' }, cookie))))
      expect(reported.status).toBe(302)

      expect((await status(own.statusToken)).status).toBe(404)
      expect((await withdraw(own.statusToken, own.version)).status).toBe(404)
      const now = await db.application.findUniqueOrThrow({ where: { id: own.id } })
      expect(now.status).toBe('received')
      expect(now.statusToken).not.toBe(own.statusToken)
      expect((await status(now.statusToken)).status).toBe(200)
      expect((await db.application.findUniqueOrThrow({ where: { id: foreign.id } })).statusToken).toBe(foreign.statusToken)
      const user = await db.user.findUniqueOrThrow({ where: { login: 'parent' } })
      const audit = await db.auditEvent.findFirstOrThrow({
        where: { action: 'report-compromise', entityId: user.id },
        orderBy: { at: 'desc' },
      })
      expect(JSON.parse(audit.data ?? '{}').statusLinksReplaced).toBeGreaterThanOrEqual(1)
    },
  )

  it(
    'a report replaces only the account’s own links: a same-named second guardian of the same child keeps theirs, ' +
      'and neither parent’s list shows the other’s',
    async () => {
      const { own } = await ownAndForeign('parent')
      const a = await db.user.findUniqueOrThrow({ where: { login: 'parent' }, include: { guardian: { include: { links: true } } } })
      const ga = a.guardian!
      const pupilId = ga.links[0].pupilId
      // The same surname and first name, another middle name: a grandmother, a father and a grown son.
      const bUser = await db.user.create({
        data: { schoolId: a.schoolId, login: 'namesake', passwordHash: a.passwordHash, roles: { create: { role: 'parent' } } },
      })
      const gb = await db.guardian.create({
        data: {
          schoolId: a.schoolId,
          lastName: ga.lastName,
          firstName: ga.firstName,
          middleName: `${ga.middleName}-другое`,
          email: 'namesake@example.org',
          userId: bUser.id,
          links: { create: { pupilId, relationship: 'бабушка' } },
        },
      })
      const pupil = await db.pupil.findUniqueOrThrow({ where: { id: pupilId }, include: { class: true } })
      const data = {
        ...(await applicationFor(pupil.class.name)),
        applicant: applicantOf(gb),
        pupil: { lastName: pupil.lastName, firstName: pupil.firstName, middleName: pupil.middleName, className: pupil.class.name },
      }
      const bActor = actorOf({ id: bUser.id, displayName: gb.lastName, roles: ['parent'] })
      const signedB = (await receiveApplication({ schoolId: a.schoolId, channel: 'online', data, actor: bActor, guardianId: gb.id }))
        .application
      const paperB = (await receiveApplication({ schoolId: a.schoolId, channel: 'online', data, actor: APPLICANT_ACTOR })).application
      expect(signedB.guardianId).toBe(gb.id)
      expect(paperB.guardianId).toBeNull()
      // A's own on paper, the name as people type it: no middle name, the surname in small letters — A's still.
      const paperA = (
        await receiveApplication({
          schoolId: a.schoolId,
          channel: 'online',
          data: { ...data, applicant: { ...applicantOf(ga), lastName: ga.lastName.toLowerCase(), middleName: '' } },
          actor: APPLICANT_ACTOR,
        })
      ).application
      const listed = async (guardianId: string) => (await listApplicationsOfGuardian(guardianId)).rows.map((r) => r.id)
      expect(await listed(ga.id)).toEqual(expect.arrayContaining([own.id, paperA.id]))
      expect(await listed(ga.id)).not.toContain(signedB.id)
      expect(await listed(ga.id)).not.toContain(paperB.id)
      expect(await listed(gb.id)).toEqual(expect.arrayContaining([signedB.id, paperB.id]))
      expect(await listed(gb.id)).not.toContain(own.id)
      // A's paper one fits B's name too (no middle name on it): A's e-mail on it tells it is A's, not B's.
      expect(await listed(gb.id)).not.toContain(paperA.id)
      // The same with an e-mail neither has: it is nobody's by its name — neither list shows it.
      const unknown = (
        await receiveApplication({
          schoolId: a.schoolId,
          channel: 'online',
          data: { ...data, applicant: { ...applicantOf(ga), middleName: '', email: 'someone.else@example.org' } },
          actor: APPLICANT_ACTOR,
        })
      ).application
      expect(await listed(ga.id)).not.toContain(unknown.id)
      expect(await listed(gb.id)).not.toContain(unknown.id)

      const cookie = await signIn('parent')
      expect((await settle(() => action(args(formRequest('/parent/compromised', { confirm: 'yes' }, cookie))))).status).toBe(302)
      expect((await db.application.findUniqueOrThrow({ where: { id: own.id } })).statusToken).not.toBe(own.statusToken)
      expect((await db.application.findUniqueOrThrow({ where: { id: signedB.id } })).statusToken).toBe(signedB.statusToken)
      expect((await db.application.findUniqueOrThrow({ where: { id: paperB.id } })).statusToken).toBe(paperB.statusToken)
    },
  )

  it('a report recorded by staff replaces them as well', async () => {
    const { own } = await ownAndForeign('parent2')
    const secretary = await signIn('secretary')
    const ok = await settle(() =>
      staffAction({
        request: formRequest('/staff/compromise', { intent: 'record', login: 'parent2', via: 'phone' }, secretary),
        params: {},
        context: {},
      }),
    )
    expect(ok.status).toBe(200)
    expect((await status(own.statusToken)).status).toBe(404)
    const now = await db.application.findUniqueOrThrow({ where: { id: own.id } })
    expect((await status(now.statusToken)).status).toBe(200)
  })

  it('a parent’s own password change keeps them (e-mailed, bookmarked); the page points to the report instead', async () => {
    const { own } = await ownAndForeign('parent2')
    const page = async (cookie: string) =>
      (await (await changePasswordLoader(args(getRequest('/change-password', cookie)))).json()) as object
    const cookie = await signIn('parent2')
    expect(await page(cookie)).toMatchObject({ forced: false, compromiseHint: true })
    const user = (await getUser(getRequest('/change-password', cookie)))!
    expect((await changePassword(user, 'demo2026', 'another-password-42')).problem).toBeNull()
    expect((await status(own.statusToken)).status).toBe(200)
    // Staff report to the administrator, not on this parents' page; a first sign-in only sets the password.
    expect(await page(await signIn('secretary'))).toMatchObject({ compromiseHint: false })
    await db.user.update({ where: { login: 'newparent' }, data: { lockedAt: null } }) // withdrawn by a report above
    expect(await page(await signIn('newparent', 'vremya2026'))).toMatchObject({ forced: true, compromiseHint: false })
  })
})
