// Each school's own mailbox (ADR 056), against two real Dovecot servers: the environment's IMAP_* stays the mailbox of
// the school it served when the installation had one school; school B's «mail.imap» setting is B's. One poll reads
// both, every letter lands in its own school's intake, a letter sent to both schools is an item of each, and each
// school's employees and administrator see their own mailbox and letters only.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '#app/utils/db.server'
import { overrideMailSettings } from '#app/mail/config.server'
import { pollAllMailboxes, pollMailbox } from '#app/mail/mailbox.server'
import { schoolMailboxes, setSchoolMailbox } from '#app/mail/mailboxes.server'
import { createSchool } from '#app/operations/create-school.server'
import { hashPassword } from '#app/utils/password.server'
import { signIn } from '#tests/helpers/auth'
import { getRequest, settle } from '#tests/helpers/http'
import { composeRaw, deliver, dovecotAvailable, flagsOf, imapSettings, startDovecot, type Dovecot } from '#tests/setup/mail-servers'
import * as staffMail from '#app/routes/staff.mail._index'
import * as staffMailItem from '#app/routes/staff.mail.$id'
import * as adminMailList from '#app/routes/admin.mail._index'

const available = dovecotAvailable()
if (!available) console.warn('ПРОПУСК mail-per-school: нет программы dovecot (apt-get install -y dovecot-imapd); в CI она установлена.')

type Loader = (a: { request: Request; params: Record<string, string>; context: object }) => Promise<unknown>
const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} })
async function load(loader: Loader, path: string, cookie: string, params: Record<string, string> = {}) {
  const response = await settle(() => loader(args(getRequest(path, cookie), params)))
  return { status: response.status, text: await response.text() }
}

let a: Dovecot
let b: Dovecot
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mail-schools-'))
let schoolA = ''
let schoolB = ''
const letter = (from: string, to: string, subject: string, messageId?: string) =>
  composeRaw({ from, to, subject, text: `Прошу предоставить информацию об успеваемости. ${subject}`, ...(messageId ? { messageId } : {}) })

describe.skipIf(!available)('every school polls its own mailbox', () => {
  beforeAll(async () => {
    ;[a, b] = await Promise.all([startDovecot(), startDovecot()])
    overrideMailSettings({ imap: imapSettings(a), dataDir, messageIdDomain: 'school8.example.org' })
    schoolA = (await db.school.findFirstOrThrow({ select: { id: true } })).id
    // The installation's one school polls the environment's mailbox first: that makes it that school's for good.
    expect(await pollMailbox(new Date())).toMatchObject({ fetched: 0 })
    const created = await createSchool(
      db,
      {
        fullName: 'МОУ «СОШ № 55»',
        shortName: 'СОШ № 55',
        directorName: 'Петров Пётр Петрович',
        address: 'г. Саратов, ул. Пятьдесят пятая, 55',
        phone: '+7 8452 55-55-55',
        email: 'sosh55@example.org',
        responsibleName: 'Зуева Зоя Захаровна',
        adminName: 'Осипов Осип Осипович',
        adminLogin: 'admin55',
        directorLogin: 'director55',
        responsibleLogin: 'responsible55',
        mailbox: 'sosh55@example.org',
      },
      { userId: null, name: 'тест' },
    )
    schoolB = created.schoolId
    await setSchoolMailbox(schoolB, imapSettings(b))
    for (const login of ['admin55', 'responsible55'])
      await db.user.update({ where: { login }, data: { passwordHash: await hashPassword('Shkola55parol'), mustChangePassword: false } })
  })
  afterAll(async () => {
    overrideMailSettings({ imap: null })
    await Promise.all([a?.close(), b?.close()])
    fs.rmSync(dataDir, { recursive: true, force: true })
  })

  it("lists one mailbox per school: the environment's for A, B's own for B", async () => {
    const boxes = await schoolMailboxes()
    expect(boxes.map((m) => [m.schoolId, m.imap.port, m.own]).sort()).toEqual(
      [
        [schoolA, a.port, false],
        [schoolB, b.port, true],
      ].sort(),
    )
  })

  it("one poll reads both; each letter lands in its own school's intake, a letter to both schools in each", async () => {
    const now = new Date(Math.floor((Date.now() - 3_600_000) / 1000) * 1000)
    const uidA = await deliver(a, await letter('ivanova@example.ru', 'school8@example.org', 'Письмо в школу А'), now)
    const uidB = await deliver(b, await letter('petrova@example.ru', 'sosh55@example.org', 'Письмо в школу Б'), now)
    const both = await letter(
      'sidorova@example.ru',
      'school8@example.org, sosh55@example.org',
      'Письмо в обе школы',
      '<both-schools-1@example.ru>',
    )
    await deliver(a, both, now)
    await deliver(b, both, now)
    expect(await pollAllMailboxes(new Date())).toEqual({ fetched: 4, created: 4, duplicates: 0, failed: 0 })
    const subjects = async (schoolId: string) =>
      (await db.inboundMessage.findMany({ where: { schoolId }, orderBy: { subject: 'asc' } })).map((m) => m.subject)
    expect(await subjects(schoolA)).toEqual(['Письмо в обе школы', 'Письмо в школу А'])
    expect(await subjects(schoolB)).toEqual(['Письмо в обе школы', 'Письмо в школу Б'])
    expect(await db.inboundMessage.count({ where: { messageId: '<both-schools-1@example.ru>' } })).toBe(2)
    expect(await flagsOf(a, uidA)).toContain('\\Seen')
    expect(await flagsOf(b, uidB)).toContain('\\Seen')
    // Each school's polling start is its own.
    expect(await db.setting.count({ where: { key: 'mail.imap.since', schoolId: { in: [schoolA, schoolB] } } })).toBe(2)
    // Nothing new: the next poll fetches nothing from either.
    expect(await pollAllMailboxes(new Date())).toEqual({ fetched: 0, created: 0, duplicates: 0, failed: 0 })
  })

  it("a school whose mailbox does not answer does not keep the other school's letters waiting", async () => {
    await setSchoolMailbox(schoolB, { host: '127.0.0.1', port: 1, secure: false, user: 'x', password: 'y', mailbox: 'INBOX' })
    await deliver(a, await letter('kozlova@example.ru', 'school8@example.org', 'Ещё письмо в школу А'), new Date())
    const summary = await pollAllMailboxes(new Date())
    expect(summary).toMatchObject({ created: 1, failed: 1 })
    expect(await db.inboundMessage.count({ where: { schoolId: schoolA, subject: 'Ещё письмо в школу А' } })).toBe(1)
    await setSchoolMailbox(schoolB, imapSettings(b))
  })

  it("school B's employee sees B's letters only and B's mailbox; B's administrator sees B's mailbox, not A's", async () => {
    const cookie = await signIn('responsible55', 'Shkola55parol')
    const list = await load(staffMail.loader as Loader, '/staff/mail?status=all', cookie)
    const body = JSON.parse(list.text) as { items: Array<{ subject: string }>; mailboxConnected: boolean }
    expect(body.items.map((i) => i.subject).sort()).toEqual(['Письмо в обе школы', 'Письмо в школу Б'])
    expect(body.mailboxConnected).toBe(true)
    const ofA = await db.inboundMessage.findFirstOrThrow({ where: { schoolId: schoolA, subject: 'Письмо в школу А' } })
    const item = await load(staffMailItem.loader as Loader, `/staff/mail/${ofA.id}`, cookie, { id: ofA.id })
    expect([403, 404]).toContain(item.status)
    expect(item.text).not.toContain('ivanova@example.ru')
    const adminB = await signIn('admin55', 'Shkola55parol')
    const mailB = JSON.parse((await load(adminMailList.loader as Loader, '/admin/mail', adminB)).text) as { imap: string | null }
    expect(mailB.imap).toBe(`school@127.0.0.1:${b.port}`)
    const mailA = JSON.parse((await load(adminMailList.loader as Loader, '/admin/mail', await signIn('admin'))).text) as {
      imap: string | null
    }
    expect(mailA.imap).toBe(`school@127.0.0.1:${a.port}`)
    // A school with no mailbox of its own and not the environment's has none (its letters come as .eml uploads).
    await db.setting.deleteMany({ where: { schoolId: schoolB, key: 'mail.imap' } })
    expect(JSON.parse((await load(staffMail.loader as Loader, '/staff/mail', cookie)).text).mailboxConnected).toBe(false)
  })
})
