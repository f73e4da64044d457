// ADR 114 (review of ADR 102): an application's e-mailed credentials letter resets the parent's password once — a
// template that fails to render (the school edits it) changes nothing, however often the job is retried — and does not
// go to an address an import changed less than 14 days ago (the rule of the administrator's mailed reset). Real
// database, real Word rendering, the outbox as it runs.
import PizZip from 'pizzip'
import { describe, expect, it } from 'vitest'
import { runOutbox } from '#app/jobs/outbox.server'
import { loadTemplate } from '#app/documents/render.server'
import { auditRow } from '#app/models/audit.server'
import { reviewPrecheck } from '#app/models/review-precheck.server'
import { forwardToDirector, registerApplication, startDelivery, startReview } from '#app/operations/steps.server'
import { transitionApplication } from '#app/operations/transition.server'
import { db } from '#app/utils/db.server'
import { hashPassword } from '#app/utils/password.server'
import { receive, staffActor } from '#tests/helpers/applications'

const DAY = 86_400_000
const later = (ms: number) => new Date(Date.now() + ms)
const EMAIL = 'roditel.5a@example.org'

/** The first guardian of 5А's first pupil: confirmed by a document, the address on file; an account when asked. */
async function applicant(opts: { account: boolean; signedIn: boolean }) {
  const pupil = await db.pupil.findFirstOrThrow({
    where: { class: { name: '5А' }, leftOn: null },
    orderBy: { lastName: 'asc' },
    include: { guardians: { include: { guardian: true } } },
  })
  const link = pupil.guardians[0]
  await db.guardianLink.update({ where: { id: link.id }, data: { statusConfirmed: true, confirmedBy: 'свидетельство о рождении' } })
  let userId: string | null = opts.account ? link.guardian.userId : null
  if (opts.account && !userId) {
    const user = await db.user.create({
      data: {
        schoolId: pupil.schoolId,
        login: 'roditel.mailed',
        passwordHash: await hashPassword('Parol-roditelya-1'),
        mustChangePassword: false,
        roles: { create: { role: 'parent' } },
      },
    })
    userId = user.id
  }
  const guardian = await db.guardian.update({ where: { id: link.guardian.id }, data: { email: EMAIL, userId } })
  if (opts.signedIn && userId)
    await db.auditEvent.create({
      data: {
        ...auditRow({ schoolId: pupil.schoolId, userId, action: 'sign-in', entity: 'user', entityId: userId }),
        at: new Date(Date.now() - DAY),
      },
    })
  return { guardian, userId }
}

async function forwarded() {
  const app = await receive('online', '5А', { kinds: ['access'], delivery: 'email' })
  const responsible = await staffActor('responsible')
  const t = { applicationId: app.id, schoolId: app.schoolId }
  await registerApplication({ ...t, actor: responsible })
  await startReview({ ...t, actor: responsible })
  await forwardToDirector({ ...t, actor: responsible, comment: 'Проверено', proposal: 'grant' })
  return app
}

async function grantAndDeliver(app: { id: string; schoolId: string }) {
  const t = { applicationId: app.id, schoolId: app.schoolId }
  await transitionApplication({ ...t, actor: await staffActor('director'), event: { type: 'GRANT' } })
  await startDelivery({ ...t, actor: await staffActor('responsible') })
}

/** The shipped letter with a tag left open, as a school's edit in Word may leave it: docxtemplater refuses to render. */
function brokenTemplate(): Buffer {
  const zip = new PizZip(loadTemplate('rekvizity-dostupa'))
  const xml = zip.file('word/document.xml')!.asText()
  zip.file('word/document.xml', xml.replace(/<w:sectPr\b/, '<w:p><w:r><w:t>{#незакрытый</w:t></w:r></w:p><w:sectPr'))
  return zip.generate({ type: 'nodebuffer', compression: 'DEFLATE' })
}

const parentNotices = (userId: string) =>
  db.outboxJob.count({ where: { idempotencyKey: { contains: `parent-account:password-reset:${userId}:` } } })

describe('the credentials letter of an application by e-mail (ADR 114)', () => {
  it('a template that fails to render resets nothing, tells nobody, retry after retry; then one reset, one notice', async () => {
    const { userId } = await applicant({ account: true, signedIn: true })
    const before = await db.user.findUniqueOrThrow({ where: { id: userId! } })
    const app = await forwarded()
    const school = await db.school.findUniqueOrThrow({ where: { id: app.schoolId } })
    const broken = await db.templateVersion.create({
      data: {
        schoolId: school.id,
        name: 'rekvizity-dostupa',
        version: 90,
        content: new Uint8Array(brokenTemplate()),
        sha256: 'broken',
        active: true,
      },
    })
    await grantAndDeliver(app)
    for (let i = 1; i <= 3; i++) await runOutbox(later(i * 3_600_000))
    const job = await db.outboxJob.findFirstOrThrow({ where: { kind: 'credentials', payload: { contains: app.id } } })
    expect(job.attempts).toBeGreaterThanOrEqual(2)
    expect(job.lastError).toBeTruthy()
    const after = await db.user.findUniqueOrThrow({ where: { id: userId! } })
    expect(after.passwordHash).toBe(before.passwordHash)
    expect(after.mustChangePassword).toBe(false)
    expect(await parentNotices(userId!)).toBe(0)
    expect(await db.auditEvent.count({ where: { action: 'issue:credentials', entityId: app.id } })).toBe(0)
    expect(await db.storedDocument.count({ where: { applicationId: app.id, kind: 'credentials' } })).toBe(0)

    // The school puts the template right: the next run resets the password once and tells the parent once.
    await db.templateVersion.update({ where: { id: broken.id }, data: { active: false } })
    await db.outboxJob.update({ where: { id: job.id }, data: { status: 'pending', runAt: new Date() } })
    await runOutbox(later(5 * 3_600_000))
    await runOutbox(later(6 * 3_600_000))
    expect((await db.user.findUniqueOrThrow({ where: { id: userId! } })).passwordHash).not.toBe(before.passwordHash)
    expect(await parentNotices(userId!)).toBe(1)
    expect(await db.auditEvent.count({ where: { action: 'issue:credentials', entityId: app.id } })).toBe(1)
    expect(await db.outboxJob.count({ where: { kind: 'send-email', payload: { contains: '"secret":true' }, applicationId: app.id } })).toBe(
      1,
    )
  })

  it('an address an import changed lately gets no password (in person or by post instead); one held longer does', async () => {
    const { guardian } = await applicant({ account: false, signedIn: false })
    // Entered with this address, no account yet: the procedure's own check (documents, the director's decision, the
    // address the applicant wrote) vouches for it — Порядок 3.3's credentials by e-mail are for a parent with no account.
    const app = await forwarded()
    expect((await reviewPrecheck(app.schoolId, app.id))!.credentialsRefusal).toBeNull()

    // The import changed it three days ago, the old address told: still too fresh.
    await db.auditEvent.create({
      data: {
        ...auditRow({
          schoolId: app.schoolId,
          action: 'change:guardian-email',
          entity: 'guardian',
          entityId: guardian.id,
          data: { was: 'staryi@example.org', told: true },
        }),
        at: new Date(Date.now() - 3 * DAY),
      },
    })
    const fresh = await reviewPrecheck(app.schoolId, app.id)
    expect(fresh!.credentialsRefusal).toMatch(/изменён в журнале менее 14 дней назад/)
    expect(fresh!.correction.join(' ')).toMatch(/лично у классного руководителя под роспись .* или почтой/)
    // Granted all the same (the state machine, past the director's screen): the worker refuses, nothing is issued.
    await grantAndDeliver(app)
    await runOutbox(later(1000))
    const job = await db.outboxJob.findFirstOrThrow({ where: { kind: 'credentials', payload: { contains: app.id } } })
    expect(job.lastError).toMatch(/менее 14 дней/)
    expect((await db.guardian.findUniqueOrThrow({ where: { id: guardian.id } })).userId).toBeNull()
    expect(await db.auditEvent.count({ where: { action: 'issue:credentials', entityId: app.id } })).toBe(0)

    // The same change twenty days old, the previous address told of it: the address is vouched for.
    await db.auditEvent.updateMany({
      where: { action: 'change:guardian-email', entityId: guardian.id },
      data: { at: new Date(Date.now() - 20 * DAY) },
    })
    expect((await reviewPrecheck(app.schoolId, app.id))!.credentialsRefusal).toBeNull()
    await db.outboxJob.update({ where: { id: job.id }, data: { status: 'pending', runAt: new Date() } })
    await runOutbox(later(3_600_000))
    expect((await db.guardian.findUniqueOrThrow({ where: { id: guardian.id } })).userId).not.toBeNull()
    expect(await db.auditEvent.count({ where: { action: 'issue:credentials', entityId: app.id } })).toBe(1)
  })
})
