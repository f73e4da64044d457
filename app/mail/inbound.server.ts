// One incoming letter → one InboundMessage, exactly once per Message-ID (however often it is fetched or
// uploaded): the raw .eml is stored first, then the row; a second arrival finds the row and adds nothing.
import { randomBytes } from 'node:crypto'
import { simpleParser, type HeaderValue, type ParsedMail } from 'mailparser'
import { db } from '#app/utils/db.server'
import type { InboundMessage } from '#app/generated/prisma/client'
import { autoReplyText, bounceReason, classifyHeaders, dsnActions, ourMessageIds, type HeaderView, type MailKind } from './classify'
import { bodyText, intakeContent } from './intake-content.server'
import { mailSettings } from './config.server'
import { MAX_MESSAGE_BYTES, checkAttachments, sha256, storeAttachments, storeRaw } from './inbound-files.server'
import { findLetters, markLettersBounced } from './letters.server'
import { withLegacyCharset } from './legacy-charset.server'
import { decodeBody, headerAt, headerParam, headerValue, partRanges, readEntity } from './mime-entity.server'
import { reopenReturnedAnswers } from '#app/operations/letter-returned.server'
import { findApplicationFor } from './inbound-match.server'
import { cleanLine, cleanMultiline, clip } from '#app/utils/text'
import { jobPayload } from '#app/jobs/payloads'

/** `schoolId`: whose mailbox (or whose employee's upload) the letter is — the first school's when not said (ADR 056). */
type InboundInput = { raw: Buffer; internalDate: Date; source: 'imap' | 'upload'; schoolId?: string }
export type InboundResult = { message: InboundMessage; created: boolean }

const MAX_TEXT = 100_000

function headerText(value: HeaderValue | undefined): string {
  if (value == null) return ''
  if (typeof value === 'string') return value
  if (Array.isArray(value)) return value.map((v) => headerText(v as HeaderValue)).join(', ')
  if (value instanceof Date) return value.toISOString()
  if ('value' in value && typeof value.value === 'string') return value.value
  if ('text' in value && typeof value.text === 'string') return value.text
  return ''
}

function headerView(parsed: ParsedMail): HeaderView {
  const type = parsed.headers.get('content-type') as { value?: string; params?: Record<string, string> } | undefined
  return {
    get: (name) => headerText(parsed.headers.get(name)).trim(),
    contentType: (type?.value ?? '').toLowerCase(),
    reportType: (type?.params?.['report-type'] ?? '').toLowerCase(),
    from: parsed.from?.value[0]?.address?.toLowerCase() ?? '',
    subject: parsed.subject ?? '',
  }
}

function messageIdOf(parsed: ParsedMail, raw: Buffer): string {
  const id = parsed.messageId?.trim()
  if (id && /^<[^<>\s]+>$/.test(id)) return id
  if (id && /^[^<>\s]+$/.test(id)) return `<${id}>`
  // No usable Message-ID: the content itself identifies the letter (the same bytes again are the same letter).
  return `<${sha256(raw).slice(0, 32)}@no-message-id>`
}

function referencesOf(parsed: ParsedMail): string[] {
  const refs = [parsed.inReplyTo ?? '', ...(Array.isArray(parsed.references) ? parsed.references : [parsed.references ?? ''])]
  return [...new Set(refs.join(' ').match(/<[^<>\s]+>/g) ?? [])]
}

/**
 * Everything a bounce may quote our letter in, decoded: the raw bytes (headers, quoted-printable), the text parts
 * (base64 bodies of Yandex / Mail.ru reports) and the returned original or its headers (message/rfc822,
 * text/rfc822-headers, message/delivery-status).
 */
function bounceSearchText(parsed: ParsedMail, raw: Buffer): string {
  const parts = parsed.attachments
    .filter((a) => /^(message\/|text\/)/i.test(a.contentType ?? '') && a.content.length <= 5 * 1024 * 1024)
    .map((a) => a.content.toString('utf8'))
  return [raw.toString('latin1'), parsed.text ?? '', ...parts].join('\n')
}

/**
 * The delivery-status part of a report (RFC 3464: a part of the top multipart/report), decoded; '' for any other
 * letter. Read from the raw letter: mailparser folds this part into the letter's text.
 */
function deliveryStatusText(raw: Buffer): string {
  const top = readEntity(raw)
  const type = top ? top.lines[headerAt(top.lines, 'content-type')] : undefined
  const boundary = type && /^content-type:\s*multipart\/report\b/i.test(type) ? headerParam(headerValue(type), 'boundary') : undefined
  if (!top || !boundary) return ''
  const texts: string[] = []
  for (const [from, to] of partRanges(top.body, boundary)) {
    const part = readEntity(top.body.subarray(from, to))
    if (!part) continue
    const partType = headerValue(part.lines[headerAt(part.lines, 'content-type')] ?? '')
    if (!/^message\/(global-)?delivery-status\b/i.test(partType)) continue
    const encoding = headerValue(part.lines[headerAt(part.lines, 'content-transfer-encoding')] ?? '').toLowerCase()
    texts.push(decodeBody(part.body, encoding).toString('utf8'))
  }
  return texts.join('\n')
}

/**
 * One of our letters the report names (by Message-ID, In-Reply-To, References) had a secret attachment. The sender
 * wipes a secret attachment once the server accepted the letter (`{ fileName, wipedAt }`, send-email.server.ts) — and
 * a bounce only ever comes after that — so a wiped attachment counts as secret: only secret ones are ever wiped.
 */
async function returnsSecretLetter(schoolId: string, messageIds: string[]): Promise<boolean> {
  const letters = await findLetters(db, schoolId, messageIds)
  return letters.some(
    (l) =>
      (l.letter.attachments ?? []).some((a) => ('secret' in a && a.secret) || 'wipedAt' in a) || /"secret":true|"wipedAt":/.test(l.payload),
  )
}

const WITHHELD =
  'Возвращённое исходное письмо не сохранено: в нём было вложение с паролем (его хранить нельзя). Сохранены заголовки ' +
  'отчёта, его текст и сведения о доставке.'

/** The report's text up to where the returned letter starts (its header lines), and the note that the rest is withheld. */
function reportOnly(text: string): string {
  const lines = text.split(/\r?\n/)
  const start = lines.findIndex((l) => /^(Return-Path|Received|Message-ID|Content-Type|MIME-Version|DKIM-Signature):/i.test(l))
  return [...(start < 0 ? lines : lines.slice(0, start)), '', WITHHELD].join('\n')
}

/**
 * The report stored instead of what came: its own header lines, its text (the returned letter cut off), the delivery
 * status part and a note — never the returned letter nor its attachments.
 */
function withheldBounce(raw: Buffer, parsed: ParsedMail, statusText: string): Buffer {
  const top = readEntity(raw)
  const keep = (top?.lines ?? []).filter((l) => !/^(content-type|content-transfer-encoding|mime-version):/i.test(l))
  const boundary = `withheld-${randomBytes(8).toString('hex')}`
  const b64 = (s: string) =>
    (
      Buffer.from(s, 'utf8')
        .toString('base64')
        .match(/.{1,76}/g) ?? []
    ).join('\r\n')
  const head = Buffer.from(keep.map((l) => `${l}\r\n`).join(''), 'latin1')
  const rest = Buffer.from(
    [
      'MIME-Version: 1.0',
      `Content-Type: multipart/report; report-type=delivery-status; boundary="${boundary}"`,
      '',
      `--${boundary}`,
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: base64',
      '',
      b64(reportOnly(parsed.text ?? '')),
      ...(statusText ? [`--${boundary}`, 'Content-Type: message/delivery-status', '', statusText.trim()] : []),
      `--${boundary}--`,
      '',
    ].join('\r\n'),
    'utf8',
  )
  return Buffer.concat([head, rest])
}

export async function storeInbound(input: InboundInput): Promise<InboundResult> {
  if (input.raw.length > MAX_MESSAGE_BYTES) throw new Error(`Письмо больше ${MAX_MESSAGE_BYTES / 1024 / 1024} МБ`)
  const parsed = await simpleParser(withLegacyCharset(input.raw), { skipTextLinks: true, skipImageLinks: true })
  const messageId = messageIdOf(parsed, input.raw)
  const school = await db.school.findFirstOrThrow({
    where: input.schoolId ? { id: input.schoolId } : {},
    orderBy: { id: 'asc' },
    select: { id: true, timeZone: true },
  })
  // One Message-ID is one item per school: the same letter sent to two schools is each one's (ADR 056).
  const existing = await db.inboundMessage.findUnique({ where: { schoolId_messageId: { schoolId: school.id, messageId } } })
  if (existing) return { message: existing, created: false }

  const headers = headerView(parsed)
  const references = referencesOf(parsed)
  const bounceText = bounceSearchText(parsed, input.raw)
  const domain = mailSettings().messageIdDomain
  const quoted = ourMessageIds(bounceText, domain).filter((id) => id !== messageId)
  const nullSender = /^\s*<\s*>\s*$/.test(headers.get('return-path'))
  const statusText = deliveryStatusText(input.raw)
  const actions = dsnActions(statusText)
  let kind: MailKind = classifyHeaders(headers, { nullSender, quotesOurs: quoted.length, actions })
  // ADR 114: a report that returns one of our letters with a secret attachment (a one-time password, ADR 019, 102)
  // may carry it back whole; staff read and download stored mail. Only the report's facts are kept.
  const secret = kind === 'bounce' && (await returnsSecretLetter(school.id, [...quoted, ...references]))
  const rawPath = await storeRaw(secret ? withheldBounce(input.raw, parsed, statusText) : input.raw, input.internalDate)
  let applicationId: string | null = null
  if (kind === 'message') {
    applicationId = await findApplicationFor(school.id, { references, subject: headers.subject, from: headers.from })
    if (applicationId) kind = 'reply'
    // An out-of-office reply from a mailer that sets no header, known by its text only when nothing else can be lost
    // (ADR 121): no attachments, in no application's thread — a reply to the school is never dropped by its text.
    // The letter's text as the intake reads it: an HTML-only letter's too, which mailparser gives no text for when
    // its HTML sits in a multipart (ADR 125).
    else if (parsed.attachments.length === 0 && autoReplyText(bodyText(parsed))) kind = 'auto_reply'
  }
  const id = `inb_${randomBytes(9).toString('base64url')}`
  // A bounce quotes our letter (and may carry it back whole): its text is kept, its "attachments" are not files.
  const content =
    kind === 'message' || kind === 'reply'
      ? await intakeContent(parsed, school.timeZone)
      : { text: clip((secret ? reportOnly(parsed.text ?? '') : bodyText(parsed)).trim(), MAX_TEXT), files: [], notes: [] }
  const files = content.files.length ? await storeAttachments(id, checkAttachments(content.files).accepted) : []

  let bounced: string[] = []
  try {
    const message = await db.$transaction(async (tx) => {
      let linked = applicationId
      if (kind === 'bounce') {
        // Our letter is found by the Message-ID the report quotes, or by its In-Reply-To / References — among the
        // letters of the school whose mailbox received the report (ADR 069), never another school's.
        const ours = [...new Set([...quoted, ...references.filter((r) => r.endsWith(`@${domain}>`))])]
        const letters = await markLettersBounced(tx, ours, bounceReason(bounceText, headers.get('x-failed-recipients')), {
          inboundId: id,
          schoolId: school.id,
          now: input.internalDate,
        })
        linked = letters.find((l) => l.letter.applicationId)?.letter.applicationId ?? null
        bounced = [...new Set(letters.flatMap((l) => (l.letter.applicationId ? [l.letter.applicationId] : [])))]
      }
      const created = await tx.inboundMessage.create({
        data: {
          id,
          schoolId: school.id,
          messageId,
          source: input.source,
          internalDate: input.internalDate,
          // ADR 027: a letter's text is stored cleaned of control characters (the raw .eml keeps the original).
          fromAddress: headers.from,
          fromName: cleanLine(parsed.from?.value[0]?.name ?? ''),
          subject: clip(cleanLine(headers.subject), 500),
          text: clip(cleanMultiline(content.text), MAX_TEXT),
          rawPath,
          kind,
          status: kind === 'message' ? 'new' : kind === 'reply' ? 'attached' : 'ignored',
          applicationId: linked,
        },
      })
      for (const f of files) {
        await tx.upload.create({
          data: {
            schoolId: school.id,
            applicationId: kind === 'reply' ? applicationId : null,
            kind: f.kind,
            fileName: f.fileName,
            mime: f.mime,
            size: f.size,
            sha256: f.sha256,
            storagePath: f.storagePath,
          },
        })
      }
      if (kind === 'reply' && applicationId) {
        // The responsible employee learns that the applicant wrote (e.g. a correction) without watching the mailbox.
        await tx.outboxJob.create({
          data: {
            kind: 'notify-staff',
            payload: jobPayload('notify-staff', { applicationId, role: 'responsible', reason: 'INBOUND_REPLY' }),
            idempotencyKey: `${id}:notify-reply`,
            schoolId: school.id,
          },
        })
      }
      return created
    })
    // ADR 064: a returned answer reopens its application now; if this fails, the worker's next pass does it.
    if (bounced.length) {
      await reopenReturnedAnswers({ applicationIds: bounced }).catch((error: unknown) => {
        console.error('Возврат письма: заявление будет возвращено к предоставлению при следующем проходе', error)
      })
    }
    return { message, created: true }
  } catch (error) {
    // The same letter stored at the same moment by another poll: the unique Message-ID keeps one row.
    if (error && typeof error === 'object' && 'code' in error && (error as { code: string }).code === 'P2002') {
      const winner = await db.inboundMessage.findUnique({ where: { schoolId_messageId: { schoolId: school.id, messageId } } })
      if (winner) return { message: winner, created: false }
    }
    throw error
  }
}
