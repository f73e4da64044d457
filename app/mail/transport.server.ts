// One pooled SMTP transport per process (STACK: pool: true — about 100 ms per letter are spent on the
// handshake otherwise). Rebuilt when the settings change (tests, benchmark).
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
  pooled ??= nodemailer.createTransport({ ...smtpOptions(smtp), pool: true, maxConnections: POOL_CONNECTIONS, maxMessages: 500 })
  return pooled
}

export function closeTransport(): void {
  pooled?.close()
  pooled = null
}

onMailSettingsChange(closeTransport)
