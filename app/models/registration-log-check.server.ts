// One check of a school's registration log, shared by the daily job (app/jobs/integrity.server.ts), the manual
// check on /staff/log and `npm run verify-log`: the hash chain, and the anchor — the newest row of the last clean
// daily check. A chain whose newest rows were deleted is still a valid, shorter chain; only the anchor shows that
// rows it once held are gone (issue 20.10: the manual check used to ignore it yet said no record was deleted).
import type { Prisma } from '#app/generated/prisma/client'
import { z } from '#workflows/zod'
import { verifyChain, type ChainBreak, type ChainCheck, type RegistrationLogRow } from '#workflows/registration-log'
import { db } from '#app/utils/db.server'
import { parseKinds } from './json-columns'
import { INSTALLATION, readJsonSetting, readSetting } from './settings.server'

type Client = Prisma.TransactionClient | typeof db

export const ANCHOR_KEY = 'integrity.anchor' // each school's
export type Anchor = { sequence: number; hash: string }
const anchorSchema = z.object({ sequence: z.number().int().positive(), hash: z.string().min(1) })

/** The school's anchor, or null when no clean daily check has set one yet (or the row is unreadable). */
export async function readAnchor(schoolId: string, client: Client = db): Promise<Anchor | null> {
  const value = await readSetting(schoolId, ANCHOR_KEY, client)
  if (value === null) return null
  try {
    const parsed = anchorSchema.safeParse(JSON.parse(value))
    return parsed.success ? parsed.data : null
  } catch {
    return null
  }
}

type LogCheck = { rows: RegistrationLogRow[]; anchor: Anchor | null; check: ChainCheck }

/** The chain of one school verified against its anchor. */
export async function checkRegistrationLog(schoolId: string, client: Client = db): Promise<LogCheck> {
  const stored = await client.registrationLogEntry.findMany({ where: { schoolId }, orderBy: { sequence: 'asc' } })
  const rows: RegistrationLogRow[] = stored.map((r) => ({ ...r, kinds: parseKinds(r.kinds) }))
  const anchor = await readAnchor(schoolId, client)
  return { rows, anchor, check: verifyChain(rows, anchor ? { anchor } : {}) }
}

/** What a clean check may honestly say: deletions of the newest rows are visible only up to the anchor. */
export function cleanCheckMessage(count: number, anchor: Anchor | null): string {
  const base = `Журнал цел: проверено записей — ${count}. Ни одна запись не изменена и не переставлена`
  return anchor
    ? `${base}; записи с порядковыми номерами до ${anchor.sequence} включительно (контрольная отметка ежедневной проверки) не удалены.`
    : `${base}. Контрольной отметки ещё нет (её ставит ежедневная проверка), поэтому удаление последних записей эта проверка не обнаружит.`
}

/** The rows of a school's chain in order (the registration log page, the checks). */
export async function readChain(client: Client, schoolId: string): Promise<RegistrationLogRow[]> {
  const rows = await client.registrationLogEntry.findMany({ where: { schoolId }, orderBy: { sequence: 'asc' } })
  return rows.map((r) => ({ ...r, kinds: parseKinds(r.kinds) }))
}

// The last daily check of every school's chain (app/jobs/integrity.server.ts writes it; the dashboard reads it).
export const INTEGRITY_KEY = 'integrity.lastCheck' // the installation's

export type SchoolIntegrity = {
  schoolId: string
  ok: boolean
  count: number
  brokenAt: { sequence: number; id: string; reason: ChainBreak } | null
  message: string
}
export type IntegrityResult = { at: string; schools: SchoolIntegrity[] }
const integritySchema: z.ZodType<IntegrityResult> = z.object({
  at: z.string(),
  schools: z.array(
    z.object({
      schoolId: z.string(),
      ok: z.boolean(),
      count: z.number(),
      brokenAt: z.object({ sequence: z.number(), id: z.string(), reason: z.custom<ChainBreak>((v) => typeof v === 'string') }).nullable(),
      message: z.string(),
    }),
  ),
})

export function readIntegrity(): Promise<IntegrityResult | null> {
  return readJsonSetting(INSTALLATION, INTEGRITY_KEY, integritySchema)
}
