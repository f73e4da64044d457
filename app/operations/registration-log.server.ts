import type { Prisma } from '#app/generated/prisma/client'
import { chainRow, nextNumber, registrationYear, type RegistrationLogContent, type RegistrationLogRow } from '#workflows/registration-log'
import { parseKinds } from '#app/models/json-columns'

type Tx = Prisma.TransactionClient

function toRow(r: {
  id: string; sequence: number; year: number; number: number; applicationId: string; receivedAt: Date; registeredAt: Date
  channel: string; applicantName: string; pupilName: string; className: string; kinds: string; result: string | null
  resultAt: Date | null; correctsSequence: number | null; prevHash: string; hash: string
}): RegistrationLogRow {
  return { ...r, kinds: parseKinds(r.kinds) }
}

async function lastRow(tx: Tx, schoolId: string) {
  return tx.registrationLogEntry.findFirst({ where: { schoolId }, orderBy: { sequence: 'desc' } })
}

async function append(tx: Tx, schoolId: string, content: Omit<RegistrationLogContent, 'id' | 'sequence'>) {
  const last = await lastRow(tx, schoolId)
  const id = `log_${schoolId}_${(last?.sequence ?? 0) + 1}`
  const row = chainRow({ ...content, id, sequence: (last?.sequence ?? 0) + 1 }, last)
  // The unique (schoolId, sequence) index makes a concurrent second writer fail instead of forking the chain.
  await tx.registrationLogEntry.create({ data: { ...row, schoolId, kinds: JSON.stringify(row.kinds) } })
  return row
}

/** Next registration number of the calendar year (ADR 004): the highest number of that year + 1. */
export async function issueNumber(tx: Tx, schoolId: string, registeredAt: Date, timeZone: string): Promise<number> {
  const year = registrationYear(registeredAt, timeZone)
  const top = await tx.registrationLogEntry.findFirst({ where: { schoolId, year }, orderBy: { number: 'desc' } })
  return nextNumber(top ? { year: top.year, number: top.number } : null, year)
}

export async function appendRegistration(
  tx: Tx,
  schoolId: string,
  entry: { number: number; applicationId: string; receivedAt: Date; registeredAt: Date; channel: string; applicantName: string; pupilName: string; className: string; kinds: string[] },
  timeZone: string,
) {
  return append(tx, schoolId, { ...entry, year: registrationYear(entry.registeredAt, timeZone), result: null, resultAt: null, correctsSequence: null })
}

/** The «результат» column is filled by a new row that corrects the registration row (nothing is updated). */
export async function appendResult(tx: Tx, schoolId: string, applicationId: string, result: string, resultAt: Date) {
  const registration = await tx.registrationLogEntry.findFirst({ where: { schoolId, applicationId, correctsSequence: null }, orderBy: { sequence: 'asc' } })
  if (!registration) return null
  const base = toRow(registration)
  return append(tx, schoolId, {
    year: base.year, number: base.number, applicationId, receivedAt: base.receivedAt, registeredAt: base.registeredAt,
    channel: base.channel, applicantName: base.applicantName, pupilName: base.pupilName, className: base.className,
    kinds: base.kinds, result, resultAt, correctsSequence: base.sequence,
  })
}

export async function readChain(tx: Tx, schoolId: string): Promise<RegistrationLogRow[]> {
  const rows = await tx.registrationLogEntry.findMany({ where: { schoolId }, orderBy: { sequence: 'asc' } })
  return rows.map(toRow)
}
