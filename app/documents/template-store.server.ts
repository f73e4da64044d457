import { db } from '#app/utils/db.server'
import { loadTemplate } from './render.server'
import type { TemplateName } from './types'

/** The active version of a school's template: its administrator's upload if one is active, else the file in
 * templates/ (ADR 044: another school's upload never shapes this school's documents). */
export async function loadActiveTemplate(name: TemplateName, schoolId: string): Promise<{ buffer: Buffer; version: string }> {
  const active = await db.templateVersion.findFirst({ where: { schoolId, name, active: true }, orderBy: { version: 'desc' } })
  if (active) return { buffer: Buffer.from(active.content), version: `${name}@${active.version}` }
  return { buffer: loadTemplate(name), version: `${name}@0` }
}
