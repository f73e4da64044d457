// Issue 20.6: every outbox job kind has a payload schema (app/jobs/payloads.ts), checked when a job is written and
// when it is read; the JSON columns are read through one parser each (app/models/json-columns.ts).
import { describe, expect, it } from 'vitest'
import { db } from '#app/utils/db.server'
import { outboxHandlerKinds, runOutbox } from '#app/jobs/outbox.server'
import { JOB_KINDS, JobPayloadError, jobPayload, readJobPayload } from '#app/jobs/payloads'
import { SEND_EMAIL, queueEmail } from '#app/mail/queue-email.server'
import { overrideMailSettings } from '#app/mail/config.server'
import { sendDueEmails } from '#app/mail/send-email.server'
import { JsonColumnError, parseEventData, parseGrounds, parseKinds, parseSnapshot } from '#app/models/json-columns'
import { registerApplication } from '#app/operations/steps.server'
import { receive, staffActor } from '#tests/helpers/applications'

const later = (ms: number) => new Date(Date.now() + ms)

describe('job payloads', () => {
  it('every kind has a schema and a runner: the outbox handlers plus the mail sender', () => {
    expect([...outboxHandlerKinds(), SEND_EMAIL].sort()).toEqual([...JOB_KINDS].sort())
  })

  it('a wrong payload is refused when written, naming the field, and nothing is queued', async () => {
    // @ts-expect-error — the template is not one the generator makes
    expect(() => jobPayload('document', { applicationId: 'a1', template: 'pamyatka' })).toThrow(JobPayloadError)
    expect(() => jobPayload('notify-staff', { applicationId: 'a1', role: 'responsible', reason: 'x', due: 'завтра' })).toThrow(/due/)
    const before = await db.outboxJob.count({ where: { kind: SEND_EMAIL } })
    const schoolId = (await db.school.findFirstOrThrow()).id
    await expect(
      db.$transaction((tx) =>
        queueEmail(tx, {
          schoolId,
          to: 'parent@example.org',
          subject: 'Тема',
          text: 'Текст',
          idempotencyKey: 'payload-test',
          attachments: [{ storedDocumentId: '' }],
        }),
      ),
    ).rejects.toThrow(/attachments\.0/)
    expect(await db.outboxJob.count({ where: { kind: SEND_EMAIL } })).toBe(before)
    expect(
      readJobPayload('document', jobPayload('document', { applicationId: 'a1', template: 'vypiska', effect: 'queueExtract' })),
    ).toEqual({ applicationId: 'a1', template: 'vypiska', effect: 'queueExtract' })
  })

  it('a stored job whose payload does not match fails with the field named, instead of running with undefined', async () => {
    const bad = await db.outboxJob.create({
      data: { kind: 'document', payload: JSON.stringify({ applicationId: 'a1', template: 42 }), idempotencyKey: 'bad-document-payload' },
    })
    await runOutbox(later(1000))
    const after = await db.outboxJob.findUniqueOrThrow({ where: { id: bad.id } })
    expect(after.status).not.toBe('done')
    expect(after.lastError).toMatch(/^Задание «document»: неверные данные задания — template:/)

    overrideMailSettings({ smtp: { host: '127.0.0.1', port: 9, secure: false } }) // never reached: the row fails first
    try {
      const letter = await db.outboxJob.create({
        data: {
          kind: SEND_EMAIL,
          payload: JSON.stringify({ to: [], subject: 'x', text: 'y', messageId: '<a@b>' }),
          idempotencyKey: 'email:bad-letter',
        },
      })
      await sendDueEmails(later(2000))
      const failed = await db.outboxJob.findUniqueOrThrow({ where: { id: letter.id } })
      expect(failed.status).toBe('failed')
      expect(failed.lastError).toMatch(/^Задание «send-email»: неверные данные задания — to:/)
    } finally {
      overrideMailSettings({ smtp: null })
    }
  })

  it('the procedure writes payloads that its readers accept', async () => {
    const app = await receive('online', '5Б')
    await registerApplication({ applicationId: app.id, schoolId: app.schoolId, actor: await staffActor('responsible') })
    const jobs = await db.outboxJob.findMany({ where: { applicationId: app.id } })
    expect(jobs.length).toBeGreaterThan(0)
    for (const job of jobs) expect(() => readJobPayload(job.kind as (typeof JOB_KINDS)[number], job.payload)).not.toThrow()
  })
})

describe('JSON columns, one parser each', () => {
  it('reads what the product writes and refuses the rest naming the column', async () => {
    const app = await receive('online', '5Б', { kinds: ['marks', 'homework'] })
    const row = await db.application.findUniqueOrThrow({ where: { id: app.id } })
    expect(parseKinds(row.kinds)).toEqual(['marks', 'homework'])
    expect(parseGrounds(row.grounds)).toEqual([])
    expect(parseSnapshot(row.snapshot)).toMatchObject({
      value: 'received',
      context: { applicationId: app.id, kinds: ['marks', 'homework'] },
    })
    const event = await db.applicationEvent.findFirstOrThrow({ where: { applicationId: app.id } })
    expect(parseEventData(event.data)).toBeTypeOf('object')

    expect(() => parseKinds('["marks","grades"]')).toThrow(JsonColumnError)
    expect(() => parseKinds('not json')).toThrow('Столбец kinds содержит данные не того вида: это не JSON')
    expect(() => parseGrounds('[1]')).toThrow(/^Столбец Application.grounds/)
    expect(() => parseSnapshot(JSON.stringify({ status: 'active', value: 'lost', context: {} }))).toThrow(
      /^Столбец Application.snapshot .*value/,
    )
  })
})
