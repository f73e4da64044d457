// Polls every school's mailbox over IMAP (ADR 056: each school its own; letters land in that school's intake). A letter is flagged on the
// server only after its InboundMessage row is
// committed, so a crash in between means it is fetched again and found by its Message-ID — never lost, never
// doubled. We mark our own keyword besides \Seen, so a letter a person has already opened is still picked up.
import type { FetchMessageObject } from 'imapflow'
import type { Task } from '#app/jobs/worker.server'
import { INSTALLATION, readSetting, writeSettingOnce } from '#app/models/settings.server'
import { getEnv } from '#app/utils/env.server'
import { mailSettings, type ImapSettings } from './config.server'
import { environmentMailboxSchool, imapClient, schoolMailboxes } from './mailboxes.server'
import { MAX_MESSAGE_BYTES } from './inbound-files.server'
import { storeInbound, type InboundResult } from './inbound.server'
import { storeOversized } from './inbound-oversized.server'

export const STORED_KEYWORD = '$SpravkaStored'
const SINCE_KEY = 'mail.imap.since'
const BATCH = 10

type PollSummary = { fetched: number; created: number; duplicates: number; failed: number }

/**
 * The day the school started polling: older letters that were already read are history, not applications. Kept per
 * school; the installation-wide value of a single-school installation (before ADR 056) carries over.
 */
async function pollingSince(now: Date, schoolId: string): Promise<Date> {
  const earlier = await readSetting(INSTALLATION, SINCE_KEY)
  return new Date(await writeSettingOnce(schoolId, SINCE_KEY, earlier ?? new Date(now.getTime() - 86_400_000).toISOString()))
}

async function storeOne(msg: FetchMessageObject, schoolId: string): Promise<InboundResult> {
  const internalDate = msg.internalDate instanceof Date ? msg.internalDate : new Date(msg.internalDate ?? Date.now())
  if ((msg.size ?? 0) > MAX_MESSAGE_BYTES) return storeOversized({ envelope: msg.envelope, size: msg.size ?? 0, internalDate, schoolId })
  if (!msg.source) throw new Error('сервер не отдал текст письма')
  return storeInbound({ raw: msg.source, internalDate, source: 'imap', schoolId })
}

async function environmentSchoolId(): Promise<string> {
  const id = await environmentMailboxSchool()
  if (!id) throw new Error('Почтовый ящик из окружения (IMAP_*) не отнесён ни к одной школе')
  return id
}

/** Polls one mailbox into one school's intake: `schoolId` — whose mailbox it is (IMAP_*'s school by default). */
export async function pollMailbox(
  now = new Date(),
  imap: ImapSettings | null = mailSettings().imap,
  schoolId?: string,
): Promise<PollSummary> {
  const summary: PollSummary = { fetched: 0, created: 0, duplicates: 0, failed: 0 }
  if (!imap) return summary
  const school = schoolId ?? (await environmentSchoolId())
  const since = await pollingSince(now, school)
  const conn = imapClient(imap)
  // ImapFlow is an EventEmitter: an unhandled 'error' (server gone mid-poll) would crash the process.
  conn.on('error', (error: Error) => console.error('IMAP:', error.message))
  await conn.connect()
  try {
    const lock = await conn.getMailboxLock(imap.mailbox)
    try {
      const mailbox = conn.mailbox
      const keywords = mailbox !== false && (mailbox.permanentFlags?.has('\\*') ?? false)
      const query = keywords ? { unKeyword: STORED_KEYWORD, or: [{ seen: false }, { since }] } : { seen: false }
      const uids = (await conn.search(query, { uid: true })) || []
      for (let i = 0; i < uids.length; i += BATCH) {
        const range = uids.slice(i, i + BATCH).join(',')
        const sizes = await conn.fetchAll(range, { uid: true, size: true }, { uid: true })
        const small = sizes.filter((m) => (m.size ?? 0) <= MAX_MESSAGE_BYTES).map((m) => m.uid)
        const big = sizes.filter((m) => (m.size ?? 0) > MAX_MESSAGE_BYTES).map((m) => m.uid)
        // fetchAll, then store and flag: no IMAP command may run inside a fetch stream (STACK, imapflow).
        const messages = [
          ...(small.length
            ? await conn.fetchAll(small.join(','), { uid: true, internalDate: true, size: true, source: true }, { uid: true })
            : []),
          ...(big.length
            ? await conn.fetchAll(big.join(','), { uid: true, internalDate: true, size: true, envelope: true }, { uid: true })
            : []),
        ]
        for (const msg of messages) {
          summary.fetched++
          try {
            const result = await storeOne(msg, school)
            summary[result.created ? 'created' : 'duplicates']++
            await conn.messageFlagsAdd(String(msg.uid), keywords ? ['\\Seen', STORED_KEYWORD] : ['\\Seen'], { uid: true })
          } catch (error) {
            // Left unflagged: the next poll tries it again.
            summary.failed++
            console.error(`Письмо UID ${msg.uid} не сохранено:`, error)
          }
        }
      }
    } finally {
      lock.release()
    }
  } finally {
    await conn.logout().catch(() => conn.close())
  }
  return summary
}

let lastPoll = 0

const pollSeconds = () => mailSettings().imap?.pollSeconds ?? getEnv().IMAP_POLL_SECONDS

/**
 * Polls every school's mailbox (ADR 056), one after another; one school's unreachable mailbox is logged and does not
 * keep the others' letters waiting. Null when no school has a mailbox or the interval has not passed.
 */
export async function pollAllMailboxes(now = new Date()): Promise<PollSummary | null> {
  const boxes = await schoolMailboxes()
  if (!boxes.length) return null
  const total: PollSummary = { fetched: 0, created: 0, duplicates: 0, failed: 0 }
  for (const box of boxes) {
    try {
      const one = await pollMailbox(now, box.imap, box.schoolId)
      for (const key of Object.keys(total) as Array<keyof PollSummary>) total[key] += one[key]
    } catch (error) {
      total.failed++
      console.error(
        `Почтовый ящик школы ${box.schoolId} (${box.imap.user}@${box.imap.host}) не прочитан:`,
        error instanceof Error ? error.message : error,
      )
    }
  }
  return total
}

/** A worker task: polls every IMAP_POLL_SECONDS every school that has a mailbox. */
async function pollIfDue(now = new Date()): Promise<PollSummary | null> {
  if (Date.now() - lastPoll < pollSeconds() * 1000) return null
  lastPoll = Date.now()
  return pollAllMailboxes(now)
}

// everyMs: the poll interval holds across instances too (the lease row keeps when any instance last polled).
export const mailboxPollTask: Task = { name: 'mailbox-poll', run: (now) => pollIfDue(now), everyMs: () => pollSeconds() * 1000 }
