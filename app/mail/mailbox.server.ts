// Polls the school's mailbox over IMAP. A letter is flagged on the server only after its InboundMessage row is
// committed, so a crash in between means it is fetched again and found by its Message-ID — never lost, never
// doubled. We mark our own keyword besides \Seen, so a letter a person has already opened is still picked up.
import { ImapFlow, type FetchMessageObject } from 'imapflow'
import type { Task } from '#app/jobs/worker.server'
import { INSTALLATION, writeSettingOnce } from '#app/models/settings.server'
import { mailSettings, type ImapSettings } from './config.server'
import { MAX_MESSAGE_BYTES } from './inbound-files.server'
import { storeInbound, type InboundResult } from './inbound.server'
import { storeOversized } from './inbound-oversized.server'

export const STORED_KEYWORD = '$SpravkaStored'
const SINCE_KEY = 'mail.imap.since'
const BATCH = 10

type PollSummary = { fetched: number; created: number; duplicates: number; failed: number }

/** The day the school started polling: older letters that were already read are history, not applications. */
async function pollingSince(now: Date): Promise<Date> {
  return new Date(await writeSettingOnce(INSTALLATION, SINCE_KEY, new Date(now.getTime() - 86_400_000).toISOString()))
}

function client(imap: ImapSettings) {
  return new ImapFlow({ host: imap.host, port: imap.port, secure: imap.secure, auth: { user: imap.user, pass: imap.password }, logger: false, disableAutoIdle: true })
}

async function storeOne(msg: FetchMessageObject): Promise<InboundResult> {
  const internalDate = msg.internalDate instanceof Date ? msg.internalDate : new Date(msg.internalDate ?? Date.now())
  if ((msg.size ?? 0) > MAX_MESSAGE_BYTES) return storeOversized({ envelope: msg.envelope, size: msg.size ?? 0, internalDate })
  if (!msg.source) throw new Error('сервер не отдал текст письма')
  return storeInbound({ raw: msg.source, internalDate, source: 'imap' })
}

export async function pollMailbox(now = new Date(), imap: ImapSettings | null = mailSettings().imap): Promise<PollSummary> {
  const summary: PollSummary = { fetched: 0, created: 0, duplicates: 0, failed: 0 }
  if (!imap) return summary
  const since = await pollingSince(now)
  const conn = client(imap)
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
          ...(small.length ? await conn.fetchAll(small.join(','), { uid: true, internalDate: true, size: true, source: true }, { uid: true }) : []),
          ...(big.length ? await conn.fetchAll(big.join(','), { uid: true, internalDate: true, size: true, envelope: true }, { uid: true }) : []),
        ]
        for (const msg of messages) {
          summary.fetched++
          try {
            const result = await storeOne(msg)
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

/** A worker task: polls every IMAP_POLL_SECONDS, and only when IMAP is configured. */
async function pollIfDue(now = new Date()): Promise<PollSummary | null> {
  const imap = mailSettings().imap
  if (!imap || Date.now() - lastPoll < imap.pollSeconds * 1000) return null
  lastPoll = Date.now()
  return pollMailbox(now, imap)
}

// everyMs: the poll interval holds across instances too (the lease row keeps when any instance last polled).
export const mailboxPollTask: Task = { name: 'mailbox-poll', run: (now) => pollIfDue(now), everyMs: () => (mailSettings().imap?.pollSeconds ?? 0) * 1000 }
