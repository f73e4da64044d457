// Every school's own mailbox (ADR 056). A school's IMAP settings are its Setting «mail.imap» (JSON: host, port,
// secure, user, password, mailbox; ADR 014 — per-school settings). The environment's IMAP_* is the mailbox of the
// school it has always served: the only school when there is one — recorded then (installation Setting
// «mail.imap.school»), so adding a second school changes nothing for the first — unless that school has its own.
// The poll interval (IMAP_POLL_SECONDS) is the installation's. A school with neither has no mailbox poll: its letters
// come as .eml uploads.
import { ImapFlow, type ImapFlowOptions } from 'imapflow'
import { db } from '#app/utils/db.server'
import { INSTALLATION, readSetting, writeSetting, writeSettingOnce } from '#app/models/settings.server'
import { z } from '#workflows/zod'
import { mailSettings, type ImapSettings } from './config.server'

export const IMAP_KEY = 'mail.imap'

/** A client of a school's mailbox (not yet connected); `timeouts` for a reader that must not hold the worker long. */
export function imapClient(
  imap: ImapSettings,
  timeouts: Pick<ImapFlowOptions, 'connectionTimeout' | 'greetingTimeout' | 'socketTimeout'> = {},
) {
  return new ImapFlow({
    host: imap.host,
    port: imap.port,
    secure: imap.secure,
    auth: { user: imap.user, pass: imap.password },
    logger: false,
    disableAutoIdle: true,
    ...timeouts,
  })
}
/** The school's mailbox address (set at creation or on the authority's screen): parents write to it (Порядок 2.4). */
export const MAILBOX_ADDRESS_KEY = 'mail.mailbox'

const schoolImapSchema = z.object({
  host: z.string().trim().min(1, 'Укажите сервер IMAP').max(253),
  port: z.coerce.number().int().min(1, 'Порт от 1 до 65535').max(65535, 'Порт от 1 до 65535').default(993),
  secure: z.boolean().default(true),
  user: z.string().trim().min(1, 'Укажите имя пользователя почтового ящика').max(200),
  password: z.string().min(1, 'Укажите пароль почтового ящика').max(500),
  mailbox: z.string().trim().min(1).max(200).default('INBOX'),
})
export type SchoolImapInput = z.input<typeof schoolImapSchema>

export type SchoolMailbox = { schoolId: string; imap: ImapSettings; own: boolean }

function parseOwn(value: string | null, pollSeconds: number): ImapSettings | null {
  if (!value) return null
  try {
    const parsed = schoolImapSchema.safeParse(JSON.parse(value))
    return parsed.success ? { ...parsed.data, pollSeconds } : null
  } catch {
    return null
  }
}

export const ENV_MAILBOX_SCHOOL_KEY = 'mail.imap.school'
let warned = false

/**
 * The school whose mailbox IMAP_* is: the recorded one; else the only school (recorded now); else the school that
 * already holds letters polled from it. Null — with a warning in the log — on an installation of several schools that
 * never polled: the city then gives each school its own «mail.imap».
 */
export async function environmentMailboxSchool(schools?: Array<{ id: string }>): Promise<string | null> {
  const all = schools ?? (await db.school.findMany({ select: { id: true } }))
  const recorded = await readSetting(INSTALLATION, ENV_MAILBOX_SCHOOL_KEY)
  if (recorded && all.some((s) => s.id === recorded)) return recorded
  if (all.length === 1) return writeSettingOnce(INSTALLATION, ENV_MAILBOX_SCHOOL_KEY, all[0].id)
  const polled = await db.inboundMessage.findFirst({ where: { source: 'imap' }, orderBy: { createdAt: 'asc' }, select: { schoolId: true } })
  if (polled) return writeSettingOnce(INSTALLATION, ENV_MAILBOX_SCHOOL_KEY, polled.schoolId)
  if (!warned)
    console.warn(
      'IMAP_* из окружения не отнесён ни к одной школе: в установке несколько школ. Задайте ' +
        `школе почтовый ящик (настройка ${IMAP_KEY}) или ${ENV_MAILBOX_SCHOOL_KEY}.`,
    )
  warned = true
  return null
}

/** The mailboxes the worker polls: one per school that has one. */
export async function schoolMailboxes(): Promise<SchoolMailbox[]> {
  const env = mailSettings().imap
  const pollSeconds = env?.pollSeconds ?? 60
  const schools = await db.school.findMany({ orderBy: { id: 'asc' }, select: { id: true } })
  const rows = await db.setting.findMany({ where: { key: IMAP_KEY, schoolId: { in: schools.map((s) => s.id) } } })
  const envSchool = env ? await environmentMailboxSchool(schools) : null
  const result: SchoolMailbox[] = []
  for (const school of schools) {
    const own = parseOwn(rows.find((r) => r.schoolId === school.id)?.value ?? null, pollSeconds)
    if (own) result.push({ schoolId: school.id, imap: own, own: true })
    else if (env && school.id === envSchool) result.push({ schoolId: school.id, imap: env, own: false })
  }
  return result
}

const EMAIL = /^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$/

/**
 * The envelope sender (Return-Path) of each school's letters (ADR 069), by school id: the school's mailbox address
 * («mail.mailbox», else its IMAP user when that is an address) when the school has its own IMAP mailbox, so the
 * bounces of its letters come back to the mailbox polled into its own intake. A school without one is absent: its
 * letters keep MAIL_FROM's envelope, whose bounces reach the environment's mailbox (its school's intake).
 */
export async function returnPaths(): Promise<Map<string, string>> {
  const rows = await db.setting.findMany({ where: { key: { in: [IMAP_KEY, MAILBOX_ADDRESS_KEY] }, schoolId: { not: INSTALLATION } } })
  const result = new Map<string, string>()
  for (const row of rows) {
    if (row.key !== IMAP_KEY) continue
    const own = parseOwn(row.value, 60)
    if (!own) continue
    const address = rows.find((r) => r.schoolId === row.schoolId && r.key === MAILBOX_ADDRESS_KEY)?.value.trim() ?? ''
    const returnPath = EMAIL.test(address) ? address : EMAIL.test(own.user) ? own.user : ''
    if (returnPath) result.set(row.schoolId, returnPath)
  }
  return result
}

/** One school's mailbox, for its administrator's mail page: never another school's. */
/** The address parents write to: the school's mailbox as set for it, else the school's own e-mail. */
export async function mailboxAddress(schoolId: string, schoolEmail: string): Promise<string> {
  const row = await db.setting.findFirst({ where: { schoolId, key: MAILBOX_ADDRESS_KEY }, select: { value: true } })
  return row?.value.trim() || schoolEmail
}

/**
 * The addresses that are the school's own: its mailbox (as set, its IMAP user), its e-mail, its staff's e-mails and
 * the letters' From. A letter from one of them is the school's own forward, and none of them is ever an applicant's
 * address (prefill's mailApplicant).
 */
export async function schoolOwnAddresses(schoolId: string): Promise<string[]> {
  const [school, staff, settings] = await Promise.all([
    db.school.findUnique({ where: { id: schoolId }, select: { email: true } }),
    db.staff.findMany({ where: { schoolId, email: { not: '' } }, select: { email: true } }),
    db.setting.findMany({ where: { schoolId, key: { in: [IMAP_KEY, MAILBOX_ADDRESS_KEY] } } }),
  ])
  const imapUser = parseOwn(settings.find((r) => r.key === IMAP_KEY)?.value ?? null, 60)?.user ?? ''
  const mailbox = settings.find((r) => r.key === MAILBOX_ADDRESS_KEY)?.value ?? ''
  const env = mailSettings()
  const envUser = env.imap && (await environmentMailboxSchool()) === schoolId ? env.imap.user : ''
  const from = /<([^<>]+)>\s*$/.exec(env.from)?.[1] ?? env.from
  return [school?.email ?? '', mailbox, imapUser, envUser, from, ...staff.map((s) => s.email)]
    .map((a) => a.trim())
    .filter((a) => EMAIL.test(a))
}

export async function mailboxOf(schoolId: string): Promise<SchoolMailbox | null> {
  return (await schoolMailboxes()).find((m) => m.schoolId === schoolId) ?? null
}

/** Saves a school's own mailbox (the command or the administrator's settings). */
export async function setSchoolMailbox(schoolId: string, input: SchoolImapInput): Promise<void> {
  const parsed = schoolImapSchema.parse(input)
  await writeSetting(schoolId, IMAP_KEY, JSON.stringify(parsed))
}

/** Whether any school has a mailbox to poll: the worker task runs only then. */
export async function anyMailbox(): Promise<boolean> {
  if (mailSettings().imap) return true
  return (await db.setting.count({ where: { key: IMAP_KEY } })) > 0
}
