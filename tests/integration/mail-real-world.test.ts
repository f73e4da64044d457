// The real-world mail corpus (tests/fixtures/real-world/mail/*.eml, expected.ts beside them) over BOTH ways a
// letter reaches the school: an .eml uploaded by hand, and the school's mailbox on a real Dovecot polled over
// IMAP. Letters of each client shape keep their text and files; HTML-only letters read as text; forwarded letters
// and winmail.dat are unpacked; bounces of each MTA mark the school's letter undelivered and tell staff.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '#app/utils/db.server'
import { overrideMailSettings } from '#app/mail/config.server'
import { uploadEml } from '#app/mail/eml-upload.server'
import { getInboundItem } from '#app/mail/inbox.server'
import { pollMailbox } from '#app/mail/mailbox.server'
import { receive } from '#tests/helpers/applications'
import { deliver, dovecotAvailable, imapSettings, startDovecot, type Dovecot } from '#tests/setup/mail-servers'
import { EXPECTED } from '../fixtures/real-world/mail/expected'
import { OUR_LETTER_ID, buildCorpus } from '../fixtures/real-world/mail/generate'

const FIXTURES = path.resolve('tests/fixtures/real-world/mail')
const files = fs
  .readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.eml'))
  .sort()
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mail-real-'))
const available = dovecotAvailable()
if (!available)
  console.warn('ПРОПУСК части mail-real-world: нет программы dovecot (apt-get install -y dovecot-imapd); в CI она установлена.')

let dovecot: Dovecot | undefined
let letter: { jobId: string; deliveryId: string; applicationId: string }

/** The same letter through the other path must be another letter: its own Message-ID (top header block only). */
function renamed(raw: Buffer, prefix: string): Buffer {
  const text = raw.toString('latin1')
  const end = text.search(/\r?\n\r?\n/)
  const head = text.slice(0, end).replace(/^(Message-ID:\s*<)/im, `$1${prefix}.`)
  return Buffer.from(head + text.slice(end), 'latin1')
}

/** The school's answer letter every bounce of the corpus returns: sent, its Delivery row «emailed». */
async function resetOurLetter() {
  await db.outboxJob.update({ where: { id: letter.jobId }, data: { status: 'done', lastError: '' } })
  await db.delivery.update({ where: { id: letter.deliveryId }, data: { status: 'emailed', lastError: '' } })
}

beforeAll(async () => {
  overrideMailSettings({ dataDir, messageIdDomain: 'school8.example.org', smtp: null })
  const app = await receive('online', '5А', { delivery: 'email' })
  const delivery = await db.delivery.create({
    data: {
      applicationId: app.id,
      kind: 'extract',
      channel: 'email',
      status: 'emailed',
      idempotencyKey: `${app.id}:extract`,
      deliveredAt: new Date(),
    },
  })
  const job = await db.outboxJob.create({
    data: {
      kind: 'send-email',
      status: 'done',
      idempotencyKey: 'email:real-world-answer',
      payload: JSON.stringify({
        applicationId: app.id,
        to: ['ivanova.wrong@parents-isp.ru'],
        subject: 'Заявление № 15 от 12.05.2026 — выписка',
        text: '…',
        attachments: [],
        deliveryId: delivery.id,
        messageId: OUR_LETTER_ID,
      }),
    },
  })
  letter = { jobId: job.id, deliveryId: delivery.id, applicationId: app.id }
  if (available) {
    dovecot = await startDovecot()
    overrideMailSettings({ imap: imapSettings(dovecot) })
  }
})
afterAll(async () => {
  overrideMailSettings({ imap: null })
  await dovecot?.close()
  fs.rmSync(dataDir, { recursive: true, force: true })
})

describe('the corpus', () => {
  it('is what generate.ts writes, and every letter has an expected outcome', () => {
    const built = buildCorpus()
    expect(files).toEqual([...built.keys()].sort())
    for (const file of files) expect(fs.readFileSync(path.join(FIXTURES, file)).equals(built.get(file)!), file).toBe(true)
    expect(Object.keys(EXPECTED).sort()).toEqual(files)
  })
})

type Path = { name: 'upload' | 'imap'; store: (raw: Buffer) => Promise<string> }

const paths: Path[] = [
  {
    name: 'upload',
    store: async (raw) => (await uploadEml({ raw, receivedAt: new Date(Date.now() - 60_000) })).message.id,
  },
  {
    name: 'imap',
    store: async (raw) => {
      const before = new Set((await db.inboundMessage.findMany({ select: { id: true } })).map((m) => m.id))
      await deliver(dovecot!, raw, new Date(Math.floor((Date.now() - 120_000) / 1000) * 1000))
      const summary = await pollMailbox(new Date())
      expect(summary).toMatchObject({ fetched: 1, created: 1, failed: 0 })
      const created = (await db.inboundMessage.findMany({ where: { source: 'imap' }, select: { id: true } })).filter(
        (m) => !before.has(m.id),
      )
      expect(created).toHaveLength(1)
      return created[0].id
    },
  },
]

for (const via of paths) {
  describe.skipIf(via.name === 'imap' && !available)(
    `over ${via.name === 'imap' ? 'the IMAP mailbox (Dovecot)' : 'the .eml upload'}`,
    () => {
      for (const file of files) {
        it(file, async () => {
          const expected = EXPECTED[file]
          const raw = renamed(fs.readFileSync(path.join(FIXTURES, file)), via.name)
          await resetOurLetter()
          const id = await via.store(raw)
          const item = await db.inboundMessage.findUniqueOrThrow({ where: { id } })
          expect({ kind: item.kind, status: item.status }).toEqual({ kind: expected.kind, status: expected.status })
          if (expected.subject) expect(item.subject).toBe(expected.subject)
          for (const fragment of expected.text ?? []) expect(item.text).toContain(fragment)
          for (const pattern of expected.notText ?? []) expect(item.text).not.toMatch(pattern)

          const view = await getInboundItem(item.schoolId, item.id)
          if (expected.files) expect(view!.uploads.map((u) => u.fileName)).toEqual(expected.files)
          if (expected.files) expect(view!.refused).toEqual([]) // nothing of the parent's lost as «недопустимый тип»
          for (const note of expected.notes ?? []) expect(view!.notes.join('\n')).toMatch(note)
          if (!expected.notes) expect(view!.notes.filter((n) => /не удалось|не распаковано/.test(n))).toEqual([])

          const job = await db.outboxJob.findUniqueOrThrow({ where: { id: letter.jobId } })
          const delivery = await db.delivery.findUniqueOrThrow({ where: { id: letter.deliveryId } })
          if (expected.kind === 'bounce') {
            expect(job.status).toBe('failed')
            expect(job.lastError).toMatch(/^Возврат: письмо не доставлено\./)
            expect(job.lastError).toMatch(expected.bounceReason!)
            expect(delivery).toMatchObject({ status: 'failed', lastError: job.lastError })
            expect(item.applicationId).toBe(letter.applicationId)
            // Staff are told: a notice to the responsible employee, and the mail page names the application.
            const notice = await db.outboxJob.findUniqueOrThrow({
              where: { idempotencyKey: `${item.id}:${letter.applicationId}:notify-bounce` },
            })
            expect(JSON.parse(notice.payload)).toMatchObject({ reason: 'LETTER_BOUNCED', role: 'responsible' })
            expect(view!.letters.map((l) => l.id)).toEqual([letter.applicationId])
          } else {
            // Anything else leaves the school's letter as it was.
            expect([job.status, delivery.status]).toEqual(['done', 'emailed'])
          }
        })
      }
    },
  )
}
