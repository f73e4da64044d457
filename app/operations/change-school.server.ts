// The authority's administrator changes a school's public address and its mailbox (ADR 069) on
// /authority/schools/<id>: the code in `?school=<code>` and the host name of its own site (ADR 056), the school's
// mailbox address (the envelope sender of its letters, so their bounces come back to it) and the IMAP settings the
// worker polls. One transaction writes the school row, its settings and one audit row naming what changed — never
// the password, which is not shown back either: an empty password field keeps the stored one, but only for the same
// server and user (a stored password is never sent to a server it was not typed for). Two schools never share a
// mailbox: one polled mailbox would bring every letter into both schools' intakes, one address would bring the
// bounces of one school's letters (its letters to parents, quoted) into the other's.
import type { PrismaClient } from '#app/generated/prisma/client'
import { auditRow } from '#app/models/audit.server'
import { IMAP_KEY, MAILBOX_ADDRESS_KEY, schoolMailboxes } from '#app/mail/mailboxes.server'
import { INSTALLATION } from '#app/models/settings.server'
import { text } from '#app/utils/form-schema'
import { line } from '#app/utils/text'
import { emailKey, optionalEmail } from '#workflows/email'
import { z } from '#workflows/zod'
import { schoolCode, schoolHost } from './create-school.server'

const port = z.preprocess(
  (v) => (v === undefined || v === null || String(v).trim() === '' ? 993 : Number(String(v).trim())),
  z
    .number({ message: 'Порт IMAP: число от 1 до 65535' })
    .int('Порт IMAP: число от 1 до 65535')
    .min(1, 'Порт IMAP: число от 1 до 65535')
    .max(65535, 'Порт IMAP: число от 1 до 65535'),
)

/** The form of /authority/schools/<id>, as checkForm reads it. */
export const changeSchoolSchema = z
  .object({
    code: text().pipe(z.union([z.literal(''), schoolCode])),
    host: text().pipe(z.union([z.literal(''), schoolHost])),
    mailbox: text().pipe(optionalEmail('Почтовый ящик школы')),
    imapHost: text().pipe(
      z
        .string()
        .toLowerCase()
        .regex(/^([a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?)?$/, 'Сервер IMAP: имя вроде imap.edu-saratov.ru или IP-адрес'),
    ),
    imapPort: port,
    imapUser: text().pipe(line(z.string().trim().max(200, 'Имя пользователя почтового ящика: не длиннее 200 знаков'))),
    /** Not trimmed: a password may begin or end with a space. Empty keeps the stored one. */
    imapPassword: z.preprocess((v) => (typeof v === 'string' ? v : ''), z.string().max(500, 'Пароль: не длиннее 500 знаков')),
    imapTls: z.preprocess((v) => v === 'on' || v === 'true', z.boolean()),
    imapFolder: text().pipe(line(z.string().trim().max(200, 'Папка: не длиннее 200 знаков'))),
  })
  .superRefine((v, ctx) => {
    if (v.imapHost && !v.imapUser) ctx.addIssue({ code: 'custom', path: ['imapUser'], message: 'Укажите имя пользователя почтового ящика' })
    if (!v.imapHost && (v.imapUser || v.imapPassword))
      ctx.addIssue({ code: 'custom', path: ['imapHost'], message: 'Укажите сервер IMAP или очистите поля почтового ящика' })
  })
type ChangeSchoolInput = z.output<typeof changeSchoolSchema>

export class ChangeSchoolError extends Error {
  constructor(
    message: string,
    readonly field: keyof ChangeSchoolInput | 'form',
  ) {
    super(message)
  }
}

type StoredImap = { host: string; port: number; secure: boolean; user: string; password: string; mailbox: string }

function storedImap(value: string | null): StoredImap | null {
  if (!value) return null
  try {
    const parsed = JSON.parse(value) as Partial<StoredImap>
    return typeof parsed.host === 'string' && typeof parsed.password === 'string' ? (parsed as StoredImap) : null
  } catch {
    return null
  }
}

const folderKey = (folder: string) => (folder.toUpperCase() === 'INBOX' ? 'INBOX' : folder)
const accountKey = (m: { host: string; port: number; user: string; mailbox: string }) =>
  [m.host.toLowerCase(), m.port, m.user.toLowerCase(), folderKey(m.mailbox)].join('|')

/**
 * The short name of another school whose mailbox address this is — set as its address, or the user of the mailbox
 * polled for it (its own or the environment's) — else null.
 */
async function mailboxAddressHolder(db: PrismaClient, schoolId: string, address: string): Promise<string | null> {
  const rows = await db.setting.findMany({
    where: { key: MAILBOX_ADDRESS_KEY, schoolId: { notIn: [schoolId, INSTALLATION] } },
    select: { schoolId: true, value: true },
  })
  // Another school's polled mailbox whose user is this address is that school's too (its envelope sender, ADR 069).
  const polled = (await schoolMailboxes()).find((m) => m.schoolId !== schoolId && emailKey(m.imap.user) === emailKey(address))
  const holderId = rows.find((r) => emailKey(r.value) === emailKey(address))?.schoolId ?? polled?.schoolId
  if (!holderId) return null
  return (await db.school.findUnique({ where: { id: holderId }, select: { shortName: true } }))?.shortName ?? holderId
}

/** The short name of another school whose polled mailbox (its own or the environment's, ADR 056) this is, else null. */
async function mailboxPolledFor(
  db: PrismaClient,
  schoolId: string,
  account: { host: string; port: number; user: string; mailbox: string },
): Promise<string | null> {
  const key = accountKey(account)
  const other = (await schoolMailboxes()).find((m) => m.schoolId !== schoolId && accountKey(m.imap) === key)
  if (!other) return null
  return (await db.school.findUnique({ where: { id: other.schoolId }, select: { shortName: true } }))?.shortName ?? other.schoolId
}

/** What the screen shows of a school: its address and its mailbox without the password. */
export async function schoolForChange(db: PrismaClient, schoolId: string) {
  const school = await db.school.findUnique({
    where: { id: schoolId },
    select: { id: true, shortName: true, fullName: true, code: true, host: true },
  })
  if (!school) return null
  const settings = await db.setting.findMany({ where: { schoolId, key: { in: [IMAP_KEY, MAILBOX_ADDRESS_KEY] } } })
  const imap = storedImap(settings.find((s) => s.key === IMAP_KEY)?.value ?? null)
  return {
    ...school,
    mailbox: settings.find((s) => s.key === MAILBOX_ADDRESS_KEY)?.value ?? '',
    imap: imap
      ? {
          host: imap.host,
          port: imap.port,
          user: imap.user,
          secure: imap.secure !== false,
          folder: imap.mailbox || 'INBOX',
          hasPassword: !!imap.password,
        }
      : null,
  }
}

/** Writes the school's code, host, mailbox address and IMAP settings; returns the names of what changed. */
export async function changeSchool(
  db: PrismaClient,
  schoolId: string,
  input: ChangeSchoolInput,
  by: { userId: string; name: string },
): Promise<string[]> {
  const before = await schoolForChange(db, schoolId)
  if (!before) throw new ChangeSchoolError('Школа не найдена', 'form')
  const code = input.code || null
  const host = input.host || null
  if (code) {
    const other = await db.school.findFirst({ where: { id: { not: schoolId }, OR: [{ code }, { id: code }] }, select: { shortName: true } })
    if (other) throw new ChangeSchoolError(`Код «${code}» уже занят: ${other.shortName}`, 'code')
  }
  if (host) {
    const other = await db.school.findFirst({ where: { id: { not: schoolId }, host }, select: { shortName: true } })
    if (other) throw new ChangeSchoolError(`Сайт «${host}» уже отдан другой школе: ${other.shortName}`, 'host')
  }
  if (input.mailbox && emailKey(input.mailbox) !== emailKey(before.mailbox)) {
    const other = await mailboxAddressHolder(db, schoolId, input.mailbox)
    if (other) throw new ChangeSchoolError(`Адрес «${input.mailbox}» уже указан почтовым ящиком другой школы: ${other}`, 'mailbox')
  }
  const oldImap = storedImap((await db.setting.findUnique({ where: { schoolId_key: { schoolId, key: IMAP_KEY } } }))?.value ?? null)
  let imap: StoredImap | null = null
  if (input.imapHost) {
    // The stored password goes only to the server and user it was typed for: a changed server or user needs it again.
    const sameAccount = !!oldImap && oldImap.host === input.imapHost && oldImap.user === input.imapUser
    const password = input.imapPassword || (sameAccount ? oldImap.password : '')
    if (!password)
      throw new ChangeSchoolError(
        oldImap ? 'Сервер IMAP или имя пользователя изменились: введите пароль почтового ящика ещё раз' : 'Укажите пароль почтового ящика',
        'imapPassword',
      )
    const polledBy = await mailboxPolledFor(db, schoolId, {
      host: input.imapHost,
      port: input.imapPort,
      user: input.imapUser,
      mailbox: input.imapFolder || 'INBOX',
    })
    if (polledBy)
      throw new ChangeSchoolError(
        `Этот почтовый ящик уже опрашивается для другой школы: ${polledBy}. Письма одного ящика попадали бы в приём обеих школ`,
        'imapUser',
      )
    imap = {
      host: input.imapHost,
      port: input.imapPort,
      secure: input.imapTls,
      user: input.imapUser,
      password,
      mailbox: input.imapFolder || 'INBOX',
    }
  }

  const changed: string[] = []
  if (code !== before.code) changed.push('code')
  if (host !== before.host) changed.push('host')
  if (input.mailbox !== before.mailbox) changed.push('mailbox')
  const imapChanged =
    JSON.stringify(imap) !==
    JSON.stringify(oldImap && { ...oldImap, mailbox: oldImap.mailbox || 'INBOX', secure: oldImap.secure !== false })
  if (imapChanged) changed.push(imap ? (oldImap ? 'imap' : 'imap:set') : 'imap:removed')
  if (imap && oldImap && input.imapPassword && input.imapPassword !== oldImap.password) changed.push('imap:password')
  if (changed.length === 0) return []

  try {
    await db.$transaction(async (tx) => {
      await tx.school.update({ where: { id: schoolId }, data: { code, host } })
      if (input.mailbox)
        await tx.setting.upsert({
          where: { schoolId_key: { schoolId, key: MAILBOX_ADDRESS_KEY } },
          create: { schoolId, key: MAILBOX_ADDRESS_KEY, value: input.mailbox },
          update: { value: input.mailbox },
        })
      else await tx.setting.deleteMany({ where: { schoolId, key: MAILBOX_ADDRESS_KEY } })
      if (imap) {
        const value = JSON.stringify(imap)
        await tx.setting.upsert({
          where: { schoolId_key: { schoolId, key: IMAP_KEY } },
          create: { schoolId, key: IMAP_KEY, value },
          update: { value },
        })
      } else await tx.setting.deleteMany({ where: { schoolId, key: IMAP_KEY } })
      await tx.auditEvent.create({
        data: auditRow({
          schoolId,
          userId: by.userId,
          action: 'update:school',
          entity: 'school',
          entityId: schoolId,
          // What changed, old → new; of the mailbox only the server and the user, never the password.
          data: {
            by: by.name,
            changed,
            code: [before.code, code],
            host: [before.host, host],
            mailbox: [before.mailbox, input.mailbox],
            imap: [
              oldImap ? `${oldImap.user}@${oldImap.host}:${oldImap.port}` : null,
              imap ? `${imap.user}@${imap.host}:${imap.port}` : null,
            ],
          },
        }),
      })
    })
  } catch (error) {
    // Another change took the code or the host between the check and the write: the unique index keeps them apart.
    if (error && typeof error === 'object' && 'code' in error && (error as { code: string }).code === 'P2002')
      throw new ChangeSchoolError('Код или сайт школы только что занят другой школой: обновите страницу', 'form')
    throw error
  }
  return changed
}
