// Settings kept in the Setting table: a school's own (refusal grounds, forecast thresholds, keeping period, the
// «скоро срок» margin) under its id, and the installation's (mailbox polling start, the daily integrity result,
// the demo logins) under INSTALLATION. A school never reads another school's row.
import type { Prisma } from '#app/generated/prisma/client'
import { db } from '#app/utils/db.server'
import type { z } from '#workflows/zod'

/** The schoolId of settings that belong to the whole installation, not to one school. */
export const INSTALLATION = ''

type Client = Prisma.TransactionClient | typeof db

export async function readSetting(schoolId: string, key: string, client: Client = db): Promise<string | null> {
  const row = await client.setting.findUnique({ where: { schoolId_key: { schoolId, key } } })
  return row?.value ?? null
}

/** The setting parsed as JSON and checked by its schema, or null when it is absent, not JSON or not of that shape. */
export async function readJsonSetting<T>(schoolId: string, key: string, schema: z.ZodType<T>): Promise<T | null> {
  const value = await readSetting(schoolId, key)
  if (value === null) return null
  try {
    const parsed = schema.safeParse(JSON.parse(value))
    return parsed.success ? parsed.data : null
  } catch {
    return null
  }
}

export async function writeSetting(schoolId: string, key: string, value: string, client: Client = db): Promise<void> {
  await client.setting.upsert({ where: { schoolId_key: { schoolId, key } }, create: { schoolId, key, value }, update: { value } })
}

/** Writes the value only when the setting does not exist yet; returns the value that is stored. */
export async function writeSettingOnce(schoolId: string, key: string, value: string): Promise<string> {
  const row = await db.setting.upsert({ where: { schoolId_key: { schoolId, key } }, create: { schoolId, key, value }, update: {} })
  return row.value
}

export async function deleteSetting(schoolId: string, key: string): Promise<void> {
  await db.setting.deleteMany({ where: { schoolId, key } })
}
