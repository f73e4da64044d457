// The JSON columns of the schema, each read through ONE parser (issue 20.6) instead of `JSON.parse(x) as T` at
// every reader: a row that does not hold what the code expects fails loudly here, naming the column, instead of
// travelling on as a wrongly typed value into a document or a page.
import { z } from '#workflows/zod'
import { KINDS, type Kind } from '#workflows/journal-rules'
import { CHANNELS } from '#workflows/deadlines'
import { APPLICATION_STATUSES } from '#workflows/statuses'
import type { ApplicationContext, PersistedApplication } from '#workflows/application.machine'
import { DEVIATION_LABELS, type DeviationKind } from '#workflows/check-rules'
import type { StoredDeviation } from './control-checks.server'
import type { RetentionReport } from './retention.server'

export class JsonColumnError extends Error {
  constructor(column: string, detail: string) {
    super(`Столбец ${column} содержит данные не того вида: ${detail}`)
    this.name = 'JsonColumnError'
  }
}

function parseJson(column: string, json: string): unknown {
  try {
    return JSON.parse(json)
  } catch {
    throw new JsonColumnError(column, 'это не JSON')
  }
}

/** One column's reader: JSON text → the schema's value, or a JsonColumnError naming the column. */
function columnParser<T>(column: string, schema: z.ZodType<T>): (json: string) => T {
  return (json) => {
    const result = schema.safeParse(parseJson(column, json))
    if (!result.success)
      throw new JsonColumnError(column, result.error.issues.map((i) => `${i.path.join('.') || 'значение'}: ${i.message}`).join('; '))
    return result.data
  }
}

const strings = z.array(z.string())
const nullableText = z.string().nullable()

/** Application.kinds, RegistrationLogEntry.kinds: the kinds of information asked for. */
export const parseKinds = columnParser<Kind[]>('kinds', z.array(z.enum(KINDS)))

/** AccessGrant.roles: the roles a pending grant gives, or the reading roles of the account it resets (ADR 093). */
export const parseGrantRoles = columnParser<string[]>('AccessGrant.roles', strings)

/** Application.grounds: the refusal grounds printed in the notice. */
export const parseGrounds = columnParser<string[]>('Application.grounds', strings)

/**
 * Application.grounds for counting (the dashboard's figures and their definition): a row that does not parse counts
 * no grounds instead of failing the whole page — the one lenient reader, so both count the same way.
 */
export function readGroundsLeniently(json: string): string[] {
  try {
    return parseGrounds(json)
  } catch {
    return []
  }
}

const byAt = z.object({ by: nullableText, at: nullableText, reason: nullableText })
const contextSchema: z.ZodType<ApplicationContext> = z.looseObject({
  applicationId: z.string(),
  periodicity: z.enum(['once', 'weekly', 'monthly', 'period']),
  channel: z.enum(CHANNELS),
  kinds: strings,
  registrationNumber: z.number().nullable(),
  registeredAt: nullableText,
  grounds: strings,
  acceptanceRefusalForm: z.enum(['oral', 'written']).nullable(),
  corrections: z.array(z.object({ items: strings, requestedAt: nullableText, submittedAt: nullableText, note: nullableText })),
  proposal: z
    .object({
      value: z.enum(['grant', 'refuse', 'partial']),
      comment: z.string(),
      grounds: strings,
      refusedKinds: strings.optional(),
      by: nullableText,
    })
    .nullable(),
  directorComment: nullableText,
  decision: z.object({ outcome: z.enum(['grant', 'refuse', 'partial']), by: nullableText, at: nullableText }).nullable(),
  refusedKinds: strings.optional(),
  deliveries: z.number(),
  lastDeliveredAt: nullableText,
  withdrawal: byAt.nullable(),
  stopped: byAt.nullable().optional(),
})

/** Application.snapshot: the machine's persisted state (value = the status column) and context. */
export const parseSnapshot = columnParser<PersistedApplication>(
  'Application.snapshot',
  z.looseObject({
    status: z.enum(['active', 'done']),
    value: z.enum(APPLICATION_STATUSES),
    context: contextSchema,
    historyValue: z.unknown().optional(),
    children: z.unknown().optional(),
  }),
)

/** ApplicationEvent.data: the event's own fields (actor and time are columns of their own). */
export const parseEventData = columnParser<Record<string, unknown>>('ApplicationEvent.data', z.record(z.string(), z.unknown()))

/** OutboxJob.result: what the mail server answered for a sent letter (send-email.server.ts writes it). */
export const parseJobResult = columnParser<{ response?: string }>('OutboxJob.result', z.object({ response: z.string().optional() }))

/** ControlCheck.deviations: the deviations found when the check was started (Положение 7.1). */
export const parseDeviations = columnParser<StoredDeviation[]>(
  'ControlCheck.deviations',
  z.array(
    z.object({
      kind: z.enum(Object.keys(DEVIATION_LABELS) as [DeviationKind, ...DeviationKind[]]),
      applicationId: nullableText,
      application: z.string(),
      due: nullableText,
      actual: nullableText,
      employeeUserIds: strings,
      logSequence: z.number().int().nullable(),
      note: nullableText,
    }),
  ),
)

/** RetentionRun.applications: the applications a purge removed, as the report lists them. */
export const parseRetentionApplications = columnParser<RetentionReport['applications']>(
  'RetentionRun.applications',
  z.array(
    z.object({
      id: z.string(),
      registrationNumber: z.number().int().nullable(),
      receiptNumber: z.string(),
      receivedAt: z.string(),
      closedAt: z.string(),
      status: z.string(),
    }),
  ),
)
