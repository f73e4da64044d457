// One pooled SMTP transport per process (STACK: pool: true — about 100 ms per letter are spent on the
// handshake otherwise). Rebuilt when the settings change (tests, benchmark).
import { Transform } from 'node:stream'
import nodemailer, { type Mail, type SMTPPoolOptions, type SMTPPoolSentMessageInfo, type SMTPTransportOptions } from 'nodemailer'
import { mailSettings, onMailSettingsChange, type SmtpSettings } from './config.server'

/** Letters in flight at once; many school mail providers refuse more parallel connections than this. */
export const POOL_CONNECTIONS = 3

export type PooledTransport = Mail<SMTPPoolSentMessageInfo, SMTPPoolOptions>

let pooled: PooledTransport | null = null

export function smtpOptions(smtp: SmtpSettings): SMTPTransportOptions {
  const dkim = mailSettings().dkim
  return {
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    auth: smtp.user ? { user: smtp.user, pass: smtp.password ?? '' } : undefined,
    // A hung server fails the send; the job's lease (a minute, renewed while the send runs) never expires meanwhile.
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 60_000,
    ...(dkim ? { dkim } : {}),
  }
}

export function getTransport(): PooledTransport {
  const smtp = mailSettings().smtp
  if (!smtp) throw new Error('SMTP не настроен')
  if (!pooled) {
    pooled = nodemailer.createTransport({ ...smtpOptions(smtp), pool: true, maxConnections: POOL_CONNECTIONS, maxMessages: 500 })
    // ADR 113: notes each letter whose whole text went into the connection, so a broken connection after that point
    // (the server may have accepted it) is told from one before it (the server cannot have it).
    pooled.use('stream', (mail, done) => {
      const id = bare(mail.message.messageId())
      mail.message.transform(
        () =>
          new Transform({
            transform: (chunk, _encoding, callback) => callback(null, chunk),
            flush: (callback) => {
              streamed.add(id)
              callback()
            },
          }),
      )
      done()
    })
  }
  return pooled
}

const streamed = new Set<string>()
const bare = (messageId: string) => messageId.trim().replace(/^<|>$/g, '')

/** Whether the whole text of the letter with this Message-ID went to the server on its last send; forgets it. */
export function takeStreamed(messageId: string): boolean {
  return streamed.delete(bare(messageId))
}

/** Drops the mark of the letter with this Message-ID: set at the start of each attempt and after it (ADR 113). */
export function forgetStreamed(messageId: string): void {
  streamed.delete(bare(messageId))
}

export function closeTransport(): void {
  pooled?.close()
  pooled = null
}

onMailSettingsChange(closeTransport)
