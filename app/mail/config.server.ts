// Mail settings, read from the environment once; tests and the benchmark point them at their own servers.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { getEnv, publicUrl } from '#app/utils/env.server'

export type SmtpSettings = { host: string; port: number; secure: boolean; user?: string; password?: string }
export type ImapSettings = {
  host: string
  port: number
  secure: boolean
  user: string
  password: string
  mailbox: string
  pollSeconds: number
}
export type DkimSettings = { domainName: string; keySelector: string; privateKey: string }

export type MailSettings = {
  /** null = SMTP not configured: letters are held in the outbox and readable in the viewer. */
  smtp: SmtpSettings | null
  imap: ImapSettings | null
  from: string
  messageIdDomain: string
  dkim: DkimSettings | null
  /** Raw .eml files and inbound attachments live under this directory, never under public/. */
  dataDir: string
  publicUrl: string
}

function domainOf(from: string): string {
  const match = /@([A-Za-z0-9.-]+)>?\s*$/.exec(from)
  return match ? match[1].toLowerCase() : 'localhost'
}

function fromEnv(): MailSettings {
  const env = getEnv()
  const dkim =
    env.DKIM_DOMAIN && env.DKIM_SELECTOR && env.DKIM_PRIVATE_KEY_FILE
      ? { domainName: env.DKIM_DOMAIN, keySelector: env.DKIM_SELECTOR, privateKey: readFileSync(env.DKIM_PRIVATE_KEY_FILE, 'utf8') }
      : null
  return {
    smtp: env.SMTP_HOST
      ? { host: env.SMTP_HOST, port: env.SMTP_PORT, secure: env.SMTP_SECURE === 'true', user: env.SMTP_USER, password: env.SMTP_PASSWORD }
      : null,
    imap:
      env.IMAP_HOST && env.IMAP_USER && env.IMAP_PASSWORD
        ? {
            host: env.IMAP_HOST,
            port: env.IMAP_PORT,
            secure: env.IMAP_SECURE === 'true',
            user: env.IMAP_USER,
            password: env.IMAP_PASSWORD,
            mailbox: env.IMAP_MAILBOX,
            pollSeconds: env.IMAP_POLL_SECONDS,
          }
        : null,
    from: env.MAIL_FROM,
    messageIdDomain: env.MAIL_MESSAGE_ID_DOMAIN ?? env.DKIM_DOMAIN ?? domainOf(env.MAIL_FROM),
    dkim,
    dataDir: path.resolve(env.DATA_DIR),
    publicUrl: publicUrl(null, env),
  }
}

let base: MailSettings | undefined
let override: Partial<MailSettings> = {}
const listeners: Array<() => void> = []

export function mailSettings(): MailSettings {
  base ??= fromEnv()
  return { ...base, ...override }
}

/** For tests and the benchmark: servers on free ports, a temporary data directory. */
export function overrideMailSettings(next: Partial<MailSettings>): void {
  override = { ...override, ...next }
  for (const listener of listeners) listener()
}

export function onMailSettingsChange(listener: () => void): void {
  listeners.push(listener)
}

export function isSmtpConfigured(): boolean {
  return mailSettings().smtp !== null
}
