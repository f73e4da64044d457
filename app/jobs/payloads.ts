// Every outbox job kind and the zod schema of its payload, in one registry (issue 20.6). A payload is checked when
// it is written (jobPayload: a caller that builds a wrong one fails inside its own transaction, so nothing is
// queued) and when it is read (readJobPayload: a row that does not match fails that job with a message naming the
// kind and the field, instead of a handler reading `undefined`). Adding a kind means adding it here.
import { z } from '#workflows/zod'

const id = z.string().min(1)
/** The procedure's effect rows (effects.server.ts) carry the effect and the event that caused them. */
const cause = { effect: z.string().optional(), event: z.string().optional() }

const attachment = z.union([
  z.object({ storedDocumentId: id }),
  z.object({ fileName: z.string(), contentBase64: z.string(), contentType: z.string(), secret: z.literal(true).optional() }),
  z.object({ fileName: z.string(), wipedAt: z.string() }),
])

/** Регламент 3.3: a parent's account reported compromised — the director's notice. */
const compromiseNotice = z.object({
  role: z.literal('director'),
  reason: z.literal('account-compromised'),
  userId: id,
  login: z.string(),
  name: z.string(),
  via: z.enum(['portal', 'phone', 'in_person']),
  reportId: id,
  takenBy: z.string().optional(),
  /** The director's or an administrator's account reported to other staff: locked at the director's acknowledgement. */
  lockDeferred: z.boolean().optional(),
  compromisedAt: z.string().nullable(),
  reportedAt: z.string(),
  invalidAuditEvents: z.number().int(),
  invalidApplicationEvents: z.number().int(),
})
/**
 * An administrator asked to open applications to an account: a role that reads them (director, responsible, secretary)
 * or a one-time password while it holds one — the director is told (whoever knows the password signs in as that role);
 * the change waits for a confirmation (ADR 093).
 */
const accessNotice = z.object({
  role: z.literal('director'),
  reason: z.literal('application-access'),
  grant: z.enum(['roles', 'one-time-password', 'email']),
  accountId: id,
  roles: z.array(z.string()),
  byUserId: id,
  at: z.string(),
  /** ADR 093: the change waits for this one's confirmation (absent in a notice queued before it). */
  waits: z.enum(['director', 'authority']).optional(),
  /** ADR 102: the new staff e-mail asked (grant email). */
  email: z.string().optional(),
})
const staffNotice = z.object({
  applicationId: id,
  role: z.enum(['responsible', 'director']),
  reason: z.string(),
  due: z.iso.datetime().optional(),
  ...cause,
})

const JOB_PAYLOADS = {
  /** A Word document of the procedure rendered and stored (generate-documents.server.ts). */
  document: z.object({ applicationId: id, template: z.enum(['otkaz-v-prieme', 'otkaz-v-predostavlenii', 'vypiska']), ...cause }),
  /** The access-credentials letter (ADR 019). */
  credentials: z.object({ applicationId: id, ...cause }),
  /** A letter to the applicant about the application (outbox-mail.server.ts). */
  'notify-applicant': z.object({ applicationId: id, reason: z.string(), items: z.array(z.string()).optional(), ...cause }),
  /** A letter to staff: the application's step, a deadline, a returned letter, a compromised account, access given. */
  'notify-staff': z.union([compromiseNotice, accessNotice, staffNotice]),
  /** Порядок 2.5 ¶7, Положение 9.3: final marks of a pupil's period imported — a letter to each parent with e-diary access. */
  'notify-final-marks': z.object({
    schoolId: id,
    pupilId: id,
    periodId: id,
    marks: z.array(z.object({ subject: z.string().min(1), value: z.string().min(1) })).min(1),
  }),
  /** One letter to send (queue-email.server.ts); its Message-ID is fixed when queued (ADR 010). */
  'send-email': z.object({
    applicationId: z.string().nullable().optional(),
    to: z.array(z.string()).min(1),
    subject: z.string(),
    text: z.string(),
    html: z.string().optional(),
    attachments: z.array(attachment).optional(),
    deliveryId: z.string().optional(),
    inReplyTo: z.string().optional(),
    references: z.array(z.string()).optional(),
    messageId: z.string().min(3),
    /** ADR 119: whom the letter is for; rows queued before it have none (the applicant's address decides). */
    audience: z.enum(['applicant', 'staff']).optional(),
  }),
} as const

export type JobKind = keyof typeof JOB_PAYLOADS
export type JobPayload<K extends JobKind> = z.infer<(typeof JOB_PAYLOADS)[K]>
export const JOB_KINDS = Object.keys(JOB_PAYLOADS) as JobKind[]

export class JobPayloadError extends Error {
  constructor(kind: string, detail: string) {
    super(`Задание «${kind}»: неверные данные задания — ${detail}`)
    this.name = 'JobPayloadError'
  }
}

function isJobKind(kind: string): kind is JobKind {
  return Object.hasOwn(JOB_PAYLOADS, kind)
}

function check<K extends JobKind>(kind: K, value: unknown): JobPayload<K> {
  if (!isJobKind(kind)) throw new JobPayloadError(kind, 'такого вида заданий нет')
  const result = JOB_PAYLOADS[kind].safeParse(value)
  if (!result.success)
    throw new JobPayloadError(kind, result.error.issues.map((i) => `${i.path.join('.') || 'данные'}: ${i.message}`).join('; '))
  return result.data as JobPayload<K>
}

/** The payload column's text for a new job of this kind, checked against its schema. */
export function jobPayload<K extends JobKind>(kind: K, payload: JobPayload<K>): string {
  return JSON.stringify(check(kind, payload))
}

/** A stored job's payload, checked against its kind's schema. */
export function readJobPayload<K extends JobKind>(kind: K, json: string): JobPayload<K> {
  let value: unknown
  try {
    value = JSON.parse(json)
  } catch {
    throw new JobPayloadError(kind, 'это не JSON')
  }
  return check(kind, value)
}
