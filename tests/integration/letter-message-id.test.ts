// A letter's Message-ID is an indexed column of its outbox row: replies and bounces find the letter through it.
// queueEmail writes it; a row written another way (a script, an older build during a rolling start) gets it from
// its payload by the insert trigger; the migration filled it for the letters queued before the column existed.
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { db } from '#app/utils/db.server'
import { findLetters } from '#app/mail/letters.server'
import { queueEmail } from '#app/mail/queue-email.server'
import { otherSchool } from '#tests/helpers/schools'
import { onPostgres } from '#tests/setup/test-db'

const MIGRATION = onPostgres
  ? 'prisma/postgres/migrations/20261211090000_letter_message_id/migration.sql'
  : 'prisma/migrations/20261211090000_letter_message_id/migration.sql'

async function schoolId() {
  return (await db.school.findFirstOrThrow({ select: { id: true } })).id
}

function letterRow(key: string, messageId: string, school: string) {
  return db.outboxJob.create({
    data: {
      kind: 'send-email',
      idempotencyKey: key,
      schoolId: school,
      payload: JSON.stringify({ applicationId: null, to: ['parent@example.org'], subject: 'Ответ', text: '…', attachments: [], messageId }),
    },
    select: { id: true },
  })
}

describe('the letter Message-ID column', () => {
  it('queueEmail stores the Message-ID it returns, and the letter is found by it', async () => {
    const school = await schoolId()
    const queued = await db.$transaction((tx) =>
      queueEmail(tx, { idempotencyKey: 'mid:queued', to: 'parent@example.org', subject: 'Ответ', text: '…', schoolId: school }),
    )
    const row = await db.outboxJob.findUniqueOrThrow({ where: { id: queued.jobId }, select: { messageId: true } })
    expect(row.messageId).toBe(queued.messageId.toLowerCase())
    expect((await findLetters(db, school, [queued.messageId])).map((l) => l.id)).toEqual([queued.jobId])
    // A relay that wrote the domain in capitals: the same letter.
    expect((await findLetters(db, school, [queued.messageId.toUpperCase()])).map((l) => l.id)).toEqual([queued.jobId])
  })

  it('a letter row written without the column gets it from its payload; other rows and broken payloads stay empty', async () => {
    const school = await schoolId()
    const written = await letterRow('mid:raw', '<raw-0001@School.Example.ORG>', school)
    const stored = await db.outboxJob.findUniqueOrThrow({ where: { id: written.id }, select: { messageId: true } })
    expect(stored.messageId).toBe('<raw-0001@school.example.org>')
    expect((await findLetters(db, school, ['<raw-0001@school.example.org>'])).map((l) => l.id)).toEqual([written.id])

    const notice = await db.outboxJob.create({
      data: { kind: 'notify-staff', idempotencyKey: 'mid:notice', schoolId: school, payload: JSON.stringify({ messageId: '<x@y>' }) },
    })
    const broken = await db.outboxJob.create({
      data: { kind: 'send-email', idempotencyKey: 'mid:broken', schoolId: school, payload: '{"messageId": "<half' },
    })
    const rows = await db.outboxJob.findMany({ where: { id: { in: [notice.id, broken.id] } }, select: { messageId: true } })
    expect(rows.map((r) => r.messageId)).toEqual([null, null])
  })

  it('the migration’s backfill fills letters queued before the column, and only letters', async () => {
    const school = await schoolId()
    const older = await letterRow('mid:older', '<older-0002@school.example.org>', school)
    await db.outboxJob.update({ where: { id: older.id }, data: { messageId: null } })
    expect(await findLetters(db, school, ['<older-0002@school.example.org>'])).toEqual([])
    const sql = fs.readFileSync(path.resolve(MIGRATION), 'utf8')
    const backfill = /UPDATE "OutboxJob" SET "messageId"[^;]*;/.exec(sql)
    expect(backfill).not.toBeNull()
    await db.$executeRawUnsafe(backfill![0])
    expect((await findLetters(db, school, ['<older-0002@school.example.org>'])).map((l) => l.id)).toEqual([older.id])
    expect(await db.outboxJob.count({ where: { kind: { not: 'send-email' }, messageId: { not: null } } })).toBe(0)
  })

  it('a letter of another school with the same Message-ID is not found', async () => {
    const school = await schoolId()
    const other = await otherSchool()
    const theirs = await letterRow('mid:theirs', '<shared-0003@school.example.org>', other.id)
    expect(await findLetters(db, school, ['<shared-0003@school.example.org>'])).toEqual([])
    expect((await findLetters(db, other.id, ['<shared-0003@school.example.org>'])).map((l) => l.id)).toEqual([theirs.id])
  })
})
