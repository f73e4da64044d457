// 152-ФЗ, Порядок 1.2 (ADR 089): a child's data goes to their legal representative. When the review's pre-check
// doubts that an answer does — the applicant is not among the pupil's guardians, or the answer's address is not the
// one the journal has — the director may still grant, but only saying why; the reason is in the access audit.
import { describe, expect, it } from 'vitest'
import { db } from '#app/utils/db.server'
import { staffSession } from '#tests/helpers/auth'
import { decideApplication } from '#app/operations/decide-application.server'
import { OperationError } from '#app/operations/errors'
import { forwardToDirector, registerApplication, startReview } from '#app/operations/steps.server'
import { reviewPrecheck } from '#app/models/review-precheck.server'
import { applicationFor, receive, staffActor } from '#tests/helpers/applications'

/** An application for marks by the helper's guardian with `applicant` changed, at the director's desk, proposed to grant. */
async function atDirectorWith(applicant: Record<string, string>, kinds = ['marks']) {
  const base = await applicationFor('6А')
  const app = await receive('online', '6А', { kinds, applicant: { ...base.applicant, ...applicant } })
  const t = { applicationId: app.id, schoolId: app.schoolId, actor: await staffActor('responsible') }
  await registerApplication(t)
  await startReview(t)
  await forwardToDirector({ ...t, comment: 'Предлагаю предоставить', proposal: 'grant', proposedGrounds: [], proposedRefusedKinds: [] })
  return db.application.findUniqueOrThrow({ where: { id: app.id } })
}

const refusal = async (run: Promise<unknown>) => {
  const error = await run.then(
    () => null,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(OperationError)
  return error as OperationError
}

describe('a grant the pre-check doubts needs the director’s reason', () => {
  it('an answer to an e-mail address the journal does not have: refused without a reason, granted with one, audited', async () => {
    const changed = await atDirectorWith({ email: 'stranger@example.net' })
    const pre = (await reviewPrecheck(changed.schoolId, changed.id))!
    expect(pre.concerns).toHaveLength(1)
    expect(pre.concerns[0]).toMatch(/адрес/i)
    const user = await staffSession('director')
    for (const override of [undefined, '', 'да']) {
      const error = await refusal(
        decideApplication({
          user,
          applicationId: changed.id,
          decision: 'grant',
          password: 'demo2026',
          override,
          expectedVersion: changed.version,
        }),
      )
      expect(error.status).toBe(400)
      expect(error.fieldErrors).toEqual({
        override: 'Укажите, почему информация предоставляется, несмотря на замечания проверки (не короче 10 знаков)',
      })
    }
    expect((await db.application.findUniqueOrThrow({ where: { id: changed.id } })).status).toBe(changed.status)
    expect(await db.auditEvent.count({ where: { action: 'decide:override', entityId: changed.id } })).toBe(0)

    const reason = 'Мать пришла лично, паспорт и новый адрес проверены секретарём'
    await decideApplication({ user, applicationId: changed.id, decision: 'grant', password: 'demo2026', override: reason })
    expect((await db.application.findUniqueOrThrow({ where: { id: changed.id } })).status).toBe('granted')
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: 'decide:override', entityId: changed.id } })
    // The journal linked the applicant to the pupil at the grant (a periodic answer is held if that link goes: ADR 091).
    expect(JSON.parse(audit.data)).toEqual({ decision: 'grant', reason, concerns: pre.concerns, linkAtGrant: true })
    expect(audit.userId).toBe(user.id)
  })

  it('an applicant who is not among the pupil’s guardians: the same; a refusal needs no reason', async () => {
    const stranger = await atDirectorWith({ lastName: 'Злодеева', firstName: 'Ирина', middleName: 'Петровна', email: 'evil@example.net' })
    const pre = (await reviewPrecheck(stranger.schoolId, stranger.id))!
    expect(pre.concerns).toEqual(['Заявителя нет среди родителей (законных представителей) обучающегося в журнале.'])
    const user = await staffSession('director')
    await refusal(decideApplication({ user, applicationId: stranger.id, decision: 'grant', password: 'demo2026' }))
    await decideApplication({
      user,
      applicationId: stranger.id,
      decision: 'refuse',
      grounds: ['Заявитель не является законным представителем'],
      password: 'demo2026',
    })
    expect((await db.application.findUniqueOrThrow({ where: { id: stranger.id } })).status).toBe('refused')
  })

  it('an application the pre-check has nothing against is granted without a reason', async () => {
    const app = await atDirectorWith({})
    expect((await reviewPrecheck(app.schoolId, app.id))!.concerns).toEqual([])
    await decideApplication({ user: await staffSession('director'), applicationId: app.id, decision: 'grant', password: 'demo2026' })
    expect((await db.application.findUniqueOrThrow({ where: { id: app.id } })).status).toBe('granted')
    expect(await db.auditEvent.count({ where: { action: 'decide:override', entityId: app.id } })).toBe(0)
  })

  it('access credentials to someone the journal does not know: no reason grants them; refusing them in part grants the rest', async () => {
    const stranger = await atDirectorWith({ lastName: 'Злодеева', firstName: 'Ирина', middleName: 'Петровна' }, ['marks', 'access'])
    const pre = (await reviewPrecheck(stranger.schoolId, stranger.id))!
    expect(pre.credentialsRefusal).toMatch(/реквизиты доступа не выдаются/)
    const user = await staffSession('director')
    const reason = 'Заявитель предъявил решение суда об опеке'
    const error = await refusal(
      decideApplication({ user, applicationId: stranger.id, decision: 'grant', password: 'demo2026', override: reason }),
    )
    expect(error.status).toBe(409)
    expect(error.message).toBe(
      `${pre.credentialsRefusal} Решение о предоставлении не принято: верните заявление на доработку (запрос исправления) или откажите.`,
    )
    expect((await db.application.findUniqueOrThrow({ where: { id: stranger.id } })).status).toBe(stranger.status)
    expect(await db.auditEvent.count({ where: { action: 'decide:override', entityId: stranger.id } })).toBe(0)

    await decideApplication({
      user,
      applicationId: stranger.id,
      decision: 'partial',
      refusedKinds: ['access'],
      grounds: ['Заявитель не является законным представителем'],
      password: 'demo2026',
      override: reason,
    })
    expect((await db.application.findUniqueOrThrow({ where: { id: stranger.id } })).status).toBe('granted')
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: 'decide:override', entityId: stranger.id } })
    expect(JSON.parse(audit.data)).toMatchObject({ decision: 'partial', reason, linkAtGrant: false })
  })
})
