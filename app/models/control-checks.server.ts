// Planned and unplanned checks of the procedure (Порядок 4.2–4.3), in the ControlCheck and ControlFinding tables.
// The deviations found when a check was started (or refreshed) are kept with it, so its report says what the
// director saw then (docs/decisions/011).
import { z } from '#workflows/zod'
import { Prisma, type ControlCheck as CheckRow, type ControlFinding as FindingRow } from '#app/generated/prisma/client'
import { db } from '#app/utils/db.server'
import { auditRow } from '#app/models/audit.server'
import { after, keysetOrder, pageOf } from '#app/utils/keyset.server'
import { LIST_PAGE_SIZE } from '#app/utils/paging'
import { readChain } from '#app/models/registration-log-check.server'
import {
  CHECK_KIND_LABELS,
  DEVIATION_LABELS,
  describeDeviation,
  findDeviations,
  type CheckKind,
  type Deviation,
  type DeviationKind,
} from '#workflows/check-rules'
import { verifyChain } from '#workflows/registration-log'
import { formatDate, formatDateTime, localDateOf, type LocalDay } from '#workflows/time'
import { renderCheckReport, signatureName } from './control-documents.server'
import { loadFacts, PeriodSchema } from './dashboard.server'
import { multiline } from '#app/utils/text'
import { parseDeviations } from './json-columns'

export type StoredDeviation = {
  kind: DeviationKind
  applicationId: string | null
  /** «№ 12 от 06.10.2026» or the receipt number of an unregistered application. */
  application: string
  due: string | null
  actual: string | null
  employeeUserIds: string[]
  logSequence: number | null
  note: string | null
}
export type Finding = { at: string; byUserId: string; by: string; text: string }
export type ControlCheck = {
  id: string
  number: number
  schoolId: string
  kind: CheckKind
  from: LocalDay
  to: LocalDay
  employeeUserId: string | null
  employeeName: string | null
  basis: string
  startedAt: string
  startedBy: string
  refreshedAt: string
  applications: number
  deviations: StoredDeviation[]
  findings: Finding[]
  closedAt: string | null
  conclusion: string
}

/** The start form (staff.checks._index.tsx). */
export const StartCheckSchema = z
  .object({
    intent: z.literal('start'),
    kind: z.enum(['planned', 'unplanned'], { message: 'Выберите вид проверки' }),
    employeeUserId: z.string().trim(),
    basis: multiline(z.string().trim().min(1, 'Укажите основание проверки').max(500, 'Основание: не длиннее 500 символов')),
  })
  .and(PeriodSchema)

type Person = { id: string; displayName: string; schoolId: string }

function fromRow(row: CheckRow & { findings: FindingRow[] }): ControlCheck {
  return {
    id: row.id,
    number: row.number,
    schoolId: row.schoolId,
    kind: row.kind as CheckKind,
    from: row.fromDay as LocalDay,
    to: row.toDay as LocalDay,
    employeeUserId: row.employeeUserId,
    employeeName: row.employeeName,
    basis: row.basis,
    startedAt: row.startedAt.toISOString(),
    startedBy: row.startedBy,
    refreshedAt: row.refreshedAt.toISOString(),
    applications: row.applications,
    deviations: parseDeviations(row.deviations),
    findings: row.findings.map((f) => ({ at: f.at.toISOString(), byUserId: f.byUserId, by: f.by, text: f.text })),
    closedAt: row.closedAt?.toISOString() ?? null,
    conclusion: row.conclusion,
  }
}

const withFindings = { findings: { orderBy: [{ at: 'asc' }, { id: 'asc' }] } } satisfies Prisma.ControlCheckInclude

export async function listChecks(schoolId: string): Promise<ControlCheck[]> {
  const rows = await db.controlCheck.findMany({
    where: { schoolId },
    orderBy: [{ startedAt: 'desc' }, { number: 'desc' }],
    include: withFindings,
  })
  return rows.map(fromRow)
}

/** Checks newest first, a page at a time (keyset on startedAt, id: ADR 048). */
export async function pageChecks(schoolId: string, cursor: string | null = null): Promise<{ checks: ControlCheck[]; next: string | null }> {
  const found = await db.controlCheck.findMany({
    where: { schoolId, ...after('startedAt', cursor) },
    orderBy: keysetOrder('startedAt'),
    take: LIST_PAGE_SIZE + 1,
    include: withFindings,
  })
  const { rows, next } = pageOf(found, LIST_PAGE_SIZE, (c) => c.startedAt)
  return { checks: rows.map(fromRow), next }
}

export async function getCheck(schoolId: string, id: string): Promise<ControlCheck | null> {
  const row = await db.controlCheck.findFirst({ where: { id, schoolId }, include: withFindings })
  return row ? fromRow(row) : null
}

async function reload(check: Pick<ControlCheck, 'id' | 'schoolId'>): Promise<ControlCheck> {
  return (await getCheck(check.schoolId, check.id))!
}

/** Employees whose work a check may cover: those who take part in the procedure. */
export async function listCheckableEmployees(schoolId: string) {
  const users = await db.user.findMany({
    where: { schoolId, roles: { some: { role: { in: ['responsible', 'secretary', 'director', 'deputy'] } } }, staff: { isNot: null } },
    include: { staff: true },
  })
  return users
    .map((u) => ({
      id: u.id,
      name: [u.staff!.lastName, u.staff!.firstName, u.staff!.middleName].filter(Boolean).join(' '),
      position: u.staff!.position,
    }))
    .sort((a, b) => a.name.localeCompare(b.name, 'ru'))
}

async function findNow(c: Pick<ControlCheck, 'schoolId' | 'from' | 'to' | 'employeeUserId'>, now: Date, timeZone: string) {
  const facts = await loadFacts(c.schoolId, { from: c.from, to: c.to }, timeZone)
  const chain = await readChain(db, c.schoolId)
  const deviations = findDeviations({
    apps: facts,
    chain: verifyChain(chain),
    now,
    employeeUserId: c.employeeUserId,
    applicationIdAt: (sequence) => chain.find((r) => r.sequence === sequence)?.applicationId ?? null,
  })
  return { applications: facts.length, deviations: await describeApplications(deviations, timeZone) }
}

async function describeApplications(deviations: Deviation[], timeZone: string): Promise<StoredDeviation[]> {
  const ids = [...new Set(deviations.map((d) => d.applicationId).filter((x): x is string => Boolean(x)))]
  const apps = await db.application.findMany({
    where: { id: { in: ids } },
    select: { id: true, registrationNumber: true, registeredAt: true, receiptNumber: true },
  })
  const label = new Map(
    apps.map((a) => [
      a.id,
      a.registrationNumber && a.registeredAt
        ? `№ ${a.registrationNumber} от ${localDateOf(a.registeredAt, timeZone).split('-').reverse().join('.')}`
        : `квитанция ${a.receiptNumber}`,
    ]),
  )
  return deviations.map((d) => ({
    kind: d.kind,
    applicationId: d.applicationId,
    application: d.applicationId ? (label.get(d.applicationId) ?? '') : '',
    due: d.due?.toISOString() ?? null,
    actual: d.actual?.toISOString() ?? null,
    employeeUserIds: d.employeeUserIds,
    logSequence: d.logSequence ?? null,
    note: d.note ?? null,
  }))
}

export async function startCheck(input: {
  user: Person
  kind: CheckKind
  from: LocalDay
  to: LocalDay
  employeeUserId: string | null
  basis: string
  now: Date
  timeZone: string
  /** The address the director started it from, for the audit row written in the check's transaction. */
  ip?: string
}): Promise<ControlCheck> {
  const employees = await listCheckableEmployees(input.user.schoolId)
  const employee = input.employeeUserId ? (employees.find((e) => e.id === input.employeeUserId) ?? null) : null
  const base = { schoolId: input.user.schoolId, from: input.from, to: input.to, employeeUserId: employee?.id ?? null }
  const found = await findNow(base, input.now, input.timeZone)
  const data = {
    schoolId: base.schoolId,
    fromDay: base.from,
    toDay: base.to,
    employeeUserId: base.employeeUserId,
    employeeName: employee?.name ?? null,
    kind: input.kind,
    basis: input.basis.trim(),
    startedAt: input.now,
    startedBy: input.user.displayName,
    refreshedAt: input.now,
    applications: found.applications,
    deviations: JSON.stringify(found.deviations),
  }
  // Checks are numbered per school; two started at the same moment both get a number (the unique index decides).
  for (let attempt = 0; ; attempt++) {
    try {
      const row = await db.$transaction(async (tx) => {
        const last = await tx.controlCheck.aggregate({ where: { schoolId: base.schoolId }, _max: { number: true } })
        const check = await tx.controlCheck.create({ data: { ...data, number: (last._max.number ?? 0) + 1 }, include: withFindings })
        // The audit row commits with the check or not at all: written after the commit, a crash or a failed insert
        // left a check nobody was recorded starting.
        await tx.auditEvent.create({
          data: auditRow({
            schoolId: base.schoolId,
            userId: input.user.id,
            action: 'control:start-check',
            entity: 'ControlCheck',
            entityId: check.id,
            ip: input.ip,
            data: { kind: input.kind, from: input.from, to: input.to },
          }),
        })
        return check
      })
      return fromRow(row)
    } catch (e) {
      if (attempt >= 3 || !(e instanceof Prisma.PrismaClientKnownRequestError && e.code === 'P2002')) throw e
    }
  }
}

/** Runs the finders again (while the check is open), e.g. after the employee explained or fixed a record. */
export async function refreshCheck(check: ControlCheck, now: Date, timeZone: string): Promise<ControlCheck> {
  const found = await findNow(check, now, timeZone)
  await db.controlCheck.update({
    where: { id: check.id },
    data: { applications: found.applications, deviations: JSON.stringify(found.deviations), refreshedAt: now },
  })
  return reload(check)
}

export async function addFinding(check: ControlCheck, user: Person, text: string, now: Date): Promise<ControlCheck> {
  await db.controlFinding.create({ data: { checkId: check.id, at: now, byUserId: user.id, by: user.displayName, text: text.trim() } })
  return reload(check)
}

export async function closeCheck(check: ControlCheck, conclusion: string, now: Date): Promise<ControlCheck> {
  await db.controlCheck.update({ where: { id: check.id }, data: { conclusion: conclusion.trim(), closedAt: now } })
  return reload(check)
}

/** The deviation as one line of the list and the report, in school time. */
export function deviationText(d: StoredDeviation, timeZone: string): string {
  return describeDeviation(
    {
      ...d,
      due: d.due ? new Date(d.due) : null,
      actual: d.actual ? new Date(d.actual) : null,
      note: d.note ?? undefined,
      logSequence: d.logSequence ?? undefined,
    },
    timeZone,
  )
}

const KIND_GENITIVE: Record<CheckKind, string> = { planned: 'плановой', unplanned: 'внеплановой' }

/** The check report (templates/proverka.docx). */
export async function checkReportDocx(check: ControlCheck, timeZone: string): Promise<Buffer> {
  const school = await db.school.findUniqueOrThrow({ where: { id: check.schoolId } })
  const at = (iso: string) => formatDateTime(new Date(iso), timeZone)
  const counts = new Map<DeviationKind, number>()
  for (const d of check.deviations) counts.set(d.kind, (counts.get(d.kind) ?? 0) + 1)
  return renderCheckReport(check.schoolId, {
    school: { fullName: school.fullName, address: school.address },
    check: {
      number: String(check.number),
      kindGenitive: KIND_GENITIVE[check.kind],
      basis: check.basis,
      from: formatDate(check.from),
      to: formatDate(check.to),
      scope: check.employeeName ?? 'всех работников, участвующих в предоставлении информации',
      startedAt: at(check.startedAt),
      startedBy: check.startedBy,
      refreshedAt: at(check.refreshedAt),
      applications: String(check.applications),
      conclusion: check.conclusion || (check.deviations.length ? 'Выводы не сформулированы.' : 'Нарушений Порядка не выявлено.'),
    },
    summary: [...counts.entries()].map(([kind, count]) => ({ label: DEVIATION_LABELS[kind], count: String(count) })),
    deviations: check.deviations.map((d, i) => ({
      n: String(i + 1),
      label: DEVIATION_LABELS[d.kind],
      application: d.application || '—',
      detail: deviationText(d, timeZone),
    })),
    findings: check.findings.map((f, i) => ({ n: String(i + 1), at: at(f.at), by: f.by, text: f.text })),
    signer: { position: 'Директор', name: signatureName(school.directorName) },
  })
}

/** The check as the screen shows it: dates in school time, each deviation with its line and employees' names. */
export async function checkView(check: ControlCheck, timeZone: string) {
  const ids = [...new Set(check.deviations.flatMap((d) => d.employeeUserIds))]
  const staff = await db.staff.findMany({
    where: { userId: { in: ids } },
    select: { userId: true, lastName: true, firstName: true, middleName: true },
  })
  const name = new Map(staff.map((s) => [s.userId, `${s.lastName} ${s.firstName[0]}.${s.middleName ? ` ${s.middleName[0]}.` : ''}`]))
  const at = (iso: string | null) => (iso ? formatDateTime(new Date(iso), timeZone) : '')
  return {
    id: check.id,
    number: check.number,
    kind: CHECK_KIND_LABELS[check.kind],
    from: formatDate(check.from),
    to: formatDate(check.to),
    employee: check.employeeName ?? 'все работники',
    basis: check.basis,
    startedAt: at(check.startedAt),
    startedBy: check.startedBy,
    refreshedAt: at(check.refreshedAt),
    applications: check.applications,
    closedAt: at(check.closedAt),
    conclusion: check.conclusion,
    deviations: check.deviations.map((d, i) => ({
      key: `${i}-${d.kind}-${d.applicationId ?? ''}`,
      label: DEVIATION_LABELS[d.kind],
      applicationId: d.applicationId,
      application: d.application,
      text: deviationText(d, timeZone),
      employees: d.employeeUserIds.map((u) => name.get(u) ?? '—').join(', '),
    })),
    findings: check.findings.map((f) => ({ ...f, at: at(f.at) })),
  }
}
