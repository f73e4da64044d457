import type { Prisma } from '#app/generated/prisma/client'
import { chainRow, nextNumber, registrationYear, type RegistrationLogContent, type RegistrationLogRow } from '#workflows/registration-log'
import { parseKinds } from '#app/models/json-columns'

type Tx = Prisma.TransactionClient

function toRow(r: {
  id: string
  sequence: number
  year: number
  number: number
  applicationId: string
  receivedAt: Date
  registeredAt: Date
  channel: string
  applicantName: string
  pupilName: string
  className: string
  kinds: string
  result: string | null
  resultAt: Date | null
  correctsSequence: number | null
  prevHash: string
  hash: string
}): RegistrationLogRow {
  return { ...r, kinds: parseKinds(r.kinds) }
}

async function lastRow(tx: Tx, schoolId: string) {
  return tx.registrationLogEntry.findFirst({ where: { schoolId }, orderBy: { sequence: 'desc' } })
}

/**
 * Moves the school's log head first (ADR 043): on PostgreSQL the UPDATE locks the head row until the transaction
 * commits, so a second append of the same school waits and then reads the row this one wrote; SQLite has one writer
 * anyway. A school without a head row gets one from its log (the first append, or a database from before the table).
 */
async function advanceHead(tx: Tx, schoolId: string): Promise<void> {
  const { count } = await tx.registrationLogHead.updateMany({ where: { schoolId }, data: { sequence: { increment: 1 } } })
  if (count === 1) return
  // Not made beforehand (ensureRegistrationRows): a caller outside the one door, on one process.
  const last = await lastRow(tx, schoolId)
  await tx.registrationLogHead.create({ data: { schoolId, sequence: (last?.sequence ?? 0) + 1 } })
}

async function append(tx: Tx, schoolId: string, content: Omit<RegistrationLogContent, 'id' | 'sequence'>) {
  await advanceHead(tx, schoolId)
  const last = await lastRow(tx, schoolId)
  const id = `log_${schoolId}_${(last?.sequence ?? 0) + 1}`
  const row = chainRow({ ...content, id, sequence: (last?.sequence ?? 0) + 1 }, last)
  // The unique (schoolId, sequence) index makes a concurrent second writer fail instead of forking the chain.
  await tx.registrationLogEntry.create({ data: { ...row, schoolId, kinds: JSON.stringify(row.kinds) } })
  return row
}

function isUniqueViolation(error: unknown): boolean {
  return !!error && typeof error === 'object' && 'code' in error && (error as { code: string }).code === 'P2002'
}

/**
 * Makes sure the school's log head and this year's counter rows exist, before the transaction that moves them:
 * inside it a failed INSERT would abort the whole transaction on PostgreSQL. A row made here by two instances at
 * once is made once (the loser's unique violation is ignored); a row's start value comes from the log, which
 * nothing appends to without these rows (the migration made them for the log that existed before them).
 */
export async function ensureRegistrationRows(db: Tx, schoolId: string, year: number | null): Promise<void> {
  const make = async (exists: () => Promise<unknown>, create: () => Promise<unknown>) => {
    if (await exists()) return
    try {
      await create()
    } catch (error) {
      if (!isUniqueViolation(error)) throw error
    }
  }
  await make(
    () => db.registrationLogHead.findUnique({ where: { schoolId } }),
    async () => {
      const last = await lastRow(db, schoolId)
      await db.registrationLogHead.create({ data: { schoolId, sequence: last?.sequence ?? 0 } })
    },
  )
  if (year === null) return
  await make(
    () => db.registrationCounter.findUnique({ where: { schoolId_year: { schoolId, year } } }),
    async () => {
      const top = await db.registrationLogEntry.findFirst({ where: { schoolId, year }, orderBy: { number: 'desc' } })
      await db.registrationCounter.create({ data: { schoolId, year, last: top?.number ?? 0 } })
    },
  )
}

/**
 * Next registration number of the calendar year (ADR 004), from the school's counter row for that year (ADR 043):
 * the increment runs inside the registering transaction, so the number is taken only if the registration commits
 * (no gaps), and on PostgreSQL the row stays locked until then (no number twice; the unique
 * (schoolId, registrationYear, registrationNumber) on Application is the last guard). The row is made beforehand
 * by ensureRegistrationRows; without it (a caller outside the one door) it is made here from the log.
 */
export async function issueNumber(
  tx: Tx,
  schoolId: string,
  registeredAt: Date,
  timeZone: string,
): Promise<{ year: number; number: number }> {
  const year = registrationYear(registeredAt, timeZone)
  const { count } = await tx.registrationCounter.updateMany({ where: { schoolId, year }, data: { last: { increment: 1 } } })
  if (count === 1) {
    const row = await tx.registrationCounter.findUniqueOrThrow({ where: { schoolId_year: { schoolId, year } } })
    return { year, number: row.last }
  }
  const top = await tx.registrationLogEntry.findFirst({ where: { schoolId, year }, orderBy: { number: 'desc' } })
  const number = nextNumber(top ? { year: top.year, number: top.number } : null, year)
  await tx.registrationCounter.create({ data: { schoolId, year, last: number } })
  return { year, number }
}

export async function appendRegistration(
  tx: Tx,
  schoolId: string,
  entry: {
    number: number
    applicationId: string
    receivedAt: Date
    registeredAt: Date
    channel: string
    applicantName: string
    pupilName: string
    className: string
    kinds: string[]
  },
  timeZone: string,
) {
  return append(tx, schoolId, {
    ...entry,
    year: registrationYear(entry.registeredAt, timeZone),
    result: null,
    resultAt: null,
    correctsSequence: null,
  })
}

/** The «результат» column is filled by a new row that corrects the registration row (nothing is updated). */
export async function appendResult(tx: Tx, schoolId: string, applicationId: string, result: string, resultAt: Date) {
  const registration = await tx.registrationLogEntry.findFirst({
    where: { schoolId, applicationId, correctsSequence: null },
    orderBy: { sequence: 'asc' },
  })
  if (!registration) return null
  const base = toRow(registration)
  return append(tx, schoolId, {
    year: base.year,
    number: base.number,
    applicationId,
    receivedAt: base.receivedAt,
    registeredAt: base.registeredAt,
    channel: base.channel,
    applicantName: base.applicantName,
    pupilName: base.pupilName,
    className: base.className,
    kinds: base.kinds,
    result,
    resultAt,
    correctsSequence: base.sequence,
  })
}
